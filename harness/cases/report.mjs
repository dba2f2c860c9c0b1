// How replay outcomes are shown: readable text (colored on a terminal) or a
// JSON report. An outcome is {name, status, durationMs, differences?,
// actionDifferences?, error?, written?} with status pass, fail, updated or
// unreadable.

import { diff_match_patch, DIFF_DELETE, DIFF_EQUAL, DIFF_INSERT } from '@dmsnell/diff-match-patch';

const LOG_TAIL_LINES = 10;

export function painter(enabled) {
  const wrap = (code) => (text) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

function shown(value, max = 70) {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function differenceLine({ path, kind, expected, actual }, paint) {
  if (kind === 'missing') return `${path}: missing, expected ${paint.green(shown(expected))}`;
  if (kind === 'unexpected') return `${path}: unexpected ${paint.red(shown(actual))}`;
  const inline = typeof expected === 'string' && typeof actual === 'string' && inlineChange(expected, actual, paint);
  if (inline) return `${path}: ${inline}`;
  return `${path}: expected ${paint.green(shown(expected))}, got ${paint.red(shown(actual))}`;
}

const strings = new diff_match_patch();
const CONTEXT = 20;
const inner = (text) => JSON.stringify(text).slice(1, -1);

// A changed string as one string with the change marked in place:
// "prod: started update to v1.[-2-]{+3+}" (expected in [-…-], actual in
// {+…+}). Null when the two have too little in common for that to help.
function inlineChange(expected, actual, paint) {
  const diffs = strings.diff_main(expected, actual);
  strings.diff_cleanupSemantic(diffs);
  const common = diffs.filter(([op]) => op === DIFF_EQUAL).reduce((sum, [, text]) => sum + text.length, 0);
  if (common < 3) return null;
  const parts = diffs.map(([op, text], index) => {
    if (op === DIFF_DELETE) return paint.green(`[-${inner(text)}-]`);
    if (op === DIFF_INSERT) return paint.red(`{+${inner(text)}+}`);
    // Long unchanged stretches keep only what is next to a change.
    const first = index === 0;
    const last = index === diffs.length - 1;
    if (text.length <= 2 * CONTEXT + 1) return inner(text);
    if (first) return `…${inner(text.slice(-CONTEXT))}`;
    if (last) return `${inner(text.slice(0, CONTEXT))}…`;
    return `${inner(text.slice(0, CONTEXT))}…${inner(text.slice(-CONTEXT))}`;
  });
  return `"${parts.join('')}"`;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

// The lines for one outcome; for a pass, nothing unless `verbose`.
export function outcomeLines(outcome, { paint, maxDiff, verbose = false }) {
  const lines = caseLines(outcome, { paint, maxDiff, verbose });
  return outcome.warning ? [...lines, `${paint.yellow('WARN')} ${outcome.name}: ${outcome.warning}`] : lines;
}

function caseLines(outcome, { paint, maxDiff, verbose }) {
  const { name, status, error, differences = [], actionDifferences = [], written = [] } = outcome;
  if (status === 'pass') return verbose ? [`${paint.green('PASS')} ${name} ${paint.dim(`(${outcome.durationMs} ms)`)}`] : [];
  if (status === 'updated') return [`${paint.yellow('updated')} ${name} (${written.join(', ')})`];
  if (status === 'unreadable') return [`${paint.red('ERROR')} ${error.message}`];
  const lines = [];
  if (error) {
    lines.push(`${paint.red('FAIL')} ${name}: ${error.type}: ${error.message}`);
    const tail = error.log.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1).slice(-LOG_TAIL_LINES);
    if (tail.length) lines.push(paint.dim('  log (last lines):'), ...tail.map((line) => paint.dim(`  | ${line}`)));
    return lines;
  }
  let budget = maxDiff;
  const section = (title, list) => {
    if (list.length === 0) return;
    lines.push(`${paint.red('FAIL')} ${name}: ${title} (${plural(list.length, 'difference')})`);
    const shownHere = list.slice(0, Math.max(budget, 0));
    budget -= shownHere.length;
    lines.push(...shownHere.map((difference) => `  ${differenceLine(difference, paint)}`));
    if (shownHere.length < list.length) lines.push(paint.dim(`  … ${list.length - shownHere.length} more`));
  };
  section('schedule differs from expected.json', differences);
  section('actions differ from expected-actions.json', actionDifferences);
  return lines;
}

export function tally(outcomes) {
  const count = (status) => outcomes.filter((outcome) => outcome.status === status).length;
  return { passed: count('pass'), failed: count('fail'), updated: count('updated'), unreadable: count('unreadable') };
}

export function summaryLine(outcomes, paint) {
  const { passed, failed, updated, unreadable } = tally(outcomes);
  const parts = [paint.green(`${passed} passed`), (failed ? paint.red : String)(`${failed} failed`)];
  if (unreadable) parts.push(paint.red(`${unreadable} unreadable`));
  if (updated) parts.push(paint.yellow(`${updated} updated`));
  return parts.join(', ');
}

export function jsonReport(schedulerDir, outcomes) {
  return { scheduler: schedulerDir, ...tally(outcomes), cases: outcomes };
}

// "[3/40] name" redrawn in place on stderr, only on a terminal and only once
// a replay has run long enough for it to be worth watching.
export function progressLine(stream, { afterMs = 1000 } = {}) {
  const started = Date.now();
  let drawn = false;
  return {
    show(index, total, name) {
      if (!stream.isTTY || Date.now() - started < afterMs) return;
      stream.write(`\r\x1b[K[${index}/${total}] ${name}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
