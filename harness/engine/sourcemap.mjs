// A scheduler compiled from TypeScript fails at a line of main.js that its
// author never wrote. When a source map is beside the failing file (the one
// its `//# sourceMappingURL=` comment names, else <file>.map, as
// `verwalter-harness build` writes), the failure is told at the source's
// file and line instead: the headline, and the stack frames in its log and
// schedulerStack, as Node's --enable-source-maps tells its own stacks.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { LoadError, SchedulerError } from './errors.mjs';
import { frameText } from './failure.mjs';

// A path as the user reads it: from the current directory when it is
// below it, else whole.
export function shownPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

// The last sourceMappingURL comment of a compiled file.
const MAP_COMMENT = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

// The TraceMap of module `id` of the scheduler directory `dir`, or null
// (no map, or one that cannot be read: the position stays the module's).
function mapOf(dir, id) {
  const file = path.join(dir, id);
  try {
    const url = MAP_COMMENT.exec(readFileSync(file, 'utf8').slice(-4096))?.[1];
    const inline = url && /^data:application\/json;(?:charset=utf-8;)?base64,(.*)$/i.exec(url);
    if (inline) return new TraceMap(Buffer.from(inline[1], 'base64').toString('utf8'), pathToFileURL(file).href);
    const mapFile = url ? path.resolve(path.dirname(file), decodeURIComponent(url)) : `${file}.map`;
    return new TraceMap(readFileSync(mapFile, 'utf8'), pathToFileURL(mapFile).href);
  } catch {
    return null;
  }
}

// {file, line, column?} in the source for a position of the compiled file
// (QuickJS counts columns from 1, a source map from 0; scheduler.wasm gives
// no column, and then the line's first mapping is taken), or null.
function originalOf(map, line, column) {
  const at = { line, column: column === undefined ? 0 : Math.max(0, column - 1) };
  let found = column === undefined ? { source: null } : originalPositionFor(map, { ...at, bias: GREATEST_LOWER_BOUND });
  if (found.source === null) found = originalPositionFor(map, { ...at, bias: LEAST_UPPER_BOUND });
  if (found.source === null || found.line === null) return null;
  let file = found.source;
  if (file.startsWith('file:')) file = shownPath(fileURLToPath(file));
  return column === undefined ? { file, line: found.line } : { file, line: found.line, column: found.column + 1 };
}

// "file:line:column" in a stack frame ("    at f (main.js:8:24)").
const FRAME_LINE = /^\s+at /;
const POSITION = /([^():\s]+):(\d+)(?::(\d+))?/g;

// `error` with its positions told in the sources where a map is found
// beside the compiled file; `dir` is the scheduler directory the error's
// files are relative to. Its file/line/column stay the compiled file's
// (what the scheduler directory holds); `source` is {file, line, column?}
// of the headline's position in the source.
export function withSourcePositions(error, dir) {
  if (!(error instanceof SchedulerError || error instanceof LoadError) || error.source !== undefined) return error;
  const maps = new Map();
  const original = (file, line, column) => {
    if (!maps.has(file)) maps.set(file, mapOf(dir, file));
    const map = maps.get(file);
    return map && originalOf(map, line, column);
  };
  const inStack = (text) =>
    text
      .split('\n')
      .map((line) =>
        FRAME_LINE.test(line)
          ? line.replace(POSITION, (all, file, at, column) => {
              const found = original(file, Number(at), column === undefined ? undefined : Number(column));
              return found ? frameText(found) : all;
            })
          : line,
      )
      .join('\n');
  if (typeof error.file === 'string' && error.line !== undefined) {
    const head = `${frameText(error)}: `;
    const found = original(error.file, error.line, error.column);
    if (found && error.message.startsWith(head)) {
      error.message = `${frameText(found)}: ${error.message.slice(head.length)}`;
      error.source = found;
    }
  }
  if (typeof error.log === 'string') error.log = inStack(error.log);
  if (typeof error.schedulerStack === 'string') error.schedulerStack = inStack(error.schedulerStack);
  return error;
}
