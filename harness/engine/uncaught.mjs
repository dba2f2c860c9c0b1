// A scheduler wrapped in the toolbox's wrapScheduler never throws: it returns
// {schedule: null} and ends its log with "Uncaught <error>" and the stack.
// Verwalter reports that as an invalid return value; the harness reads the
// exception back so that it, not the null, is the headline.

import { topFrame } from './failure.mjs';
import { PRELUDE_FILE } from './prelude.mjs';

const MARKER = '\nUncaught ';
const FRAME = /^\s+at /;

// The harness's own frames (its prelude calls the scheduler) mean nothing to
// the scheduler's author, and verwalter has none.
export function withoutHarnessFrames(log) {
  return log.replace(new RegExp(`^\\s+at [^\\n]*\\(${PRELUDE_FILE}:\\d+(?::\\d+)?\\)\\n`, 'gm'), '');
}

// {name, message, stack, frame} of the error at the end of
// `log`, or null when the log does not end with one.
export function uncaughtIn(log) {
  const at = log.lastIndexOf(MARKER);
  if (at < 0) return null;
  const [thrown, ...rest] = log.slice(at + MARKER.length).replace(/\n$/, '').split('\n');
  // Lines after the first are either stack frames or a multi-line message.
  const frames = rest.filter((line) => FRAME.test(line));
  if (frames.length !== rest.length) return null;
  const named = /^([A-Za-z_$][\w$]*): ([^]*)$/.exec(thrown);
  const stack = frames.length ? `${frames.join('\n')}\n` : '';
  return {
    name: named ? named[1] : '',
    message: named ? named[2] : thrown,
    stack,
    frame: topFrame(stack, (file) => file !== PRELUDE_FILE),
  };
}
