// The host side of the CommonJS loader: maps require() requests to files
// inside one directory, reads and syntax-checks each file once. The
// in-engine half (module cache, the require function) is in prelude.mjs.

import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { LoadError } from './errors.mjs';
import { stripBom } from '../json.mjs';

// Kept on the module's first line so reported line numbers are the file's own;
// only columns on line 1 shift, and adjustColumn undoes that.
const WRAP_HEAD = '(function (exports, require, module) {';
const WRAP_TAIL = '\n})';

export function adjustColumn(line, column) {
  return line === 1 ? Math.max(1, column - WRAP_HEAD.length) : column;
}

const ES5_HINT = 'scheduler scripts must be ES5.1 (transpile them, or allow newer syntax with --no-es5 / {es5: false})';

// Syntax errors are found here, with acorn, rather than by QuickJS: acorn
// knows exactly which syntax ES5.1 lacks, and names the line and column.
export function checkSyntax(source, file, { es5 }) {
  const options = { ecmaVersion: es5 ? 5 : 'latest', sourceType: 'script', allowReturnOutsideFunction: true };
  try {
    parse(source, options);
  } catch (error) {
    if (!error.loc) throw error;
    const { line, column } = error.loc;
    const reason = error.message.replace(/ \(\d+:\d+\)$/, '');
    const newer = es5 && parsesAsLatest(source, options);
    throw new LoadError(`${file}:${line}:${column + 1}: ${newer ? `${reason}: not ES5.1; ${ES5_HINT}` : `syntax error: ${reason}`}`, {
      code: 'SYNTAX',
      file,
      line,
      column: column + 1,
    });
  }
}

function parsesAsLatest(source, options) {
  try {
    parse(source, { ...options, ecmaVersion: 'latest' });
    return true;
  } catch {
    return false;
  }
}

function isInside(root, file) {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

// The modules of one scheduler directory. `resolve` and `wrappedSource` throw
// plain Errors for the engine to rethrow inside QuickJS, except syntax errors,
// which are LoadErrors with a position.
export function directoryModules(dir, options) {
  let root;
  try {
    root = realpathSync(dir);
  } catch {
    throw new LoadError(`${dir}: no such scheduler directory`, { code: 'NO_MAIN', file: dir });
  }
  if (!statSync(root).isDirectory()) {
    throw new LoadError(`${dir}: a file, not a scheduler directory (the directory holding main.js)`, { code: 'NO_MAIN', file: dir });
  }
  return modulesAt(root, options);
}

// The same for a `root` directoryModules has already found (its realpath).
// `sources` (id -> wrapped source) caches the files already read and checked:
// a loaded scheduler keeps it across its runs, which happen in engine threads
// (scheduler.mjs, worker.mjs).
export function modulesAt(root, { es5 }, sources = new Map()) {
  return {
    root,
    // `fromId` is the requiring module's id ('' for the engine itself). "./x"
    // is relative to the requiring module, a bare "x" to the directory root.
    resolve(fromId, request) {
      const shown = JSON.stringify(request);
      if (typeof request !== 'string' || request === '') throw new Error(`require(${shown}): module name must be a non-empty string`);
      if (request.startsWith('/') || path.isAbsolute(request)) {
        throw new Error(`require(${shown}): absolute paths are not allowed; modules must be inside the scheduler directory`);
      }
      const base = request.startsWith('./') || request.startsWith('../') ? path.posix.dirname(fromId || '.') : '.';
      const joined = path.posix.normalize(path.posix.join(base, request));
      if (joined === '..' || joined.startsWith('../')) throw new Error(`require(${shown}): path ${JSON.stringify(joined)} leaves the scheduler directory`);
      const id = joined.endsWith('.js') ? joined : `${joined}.js`;
      let real;
      try {
        real = realpathSync(path.join(root, id));
        if (!statSync(real).isFile()) throw new Error('not a file');
      } catch {
        throw new Error(`require(${shown}): no module ${JSON.stringify(id)} in the scheduler directory`);
      }
      if (!isInside(root, real)) throw new Error(`require(${shown}): ${JSON.stringify(id)} leads outside the scheduler directory`);
      return id;
    },
    exists(id) {
      try {
        return statSync(path.join(root, id)).isFile();
      } catch {
        return false;
      }
    },
    wrappedSource(id) {
      if (!sources.has(id)) {
        const source = stripBom(readFileSync(path.join(root, id), 'utf8'));
        checkSyntax(source, id, { es5 });
        sources.set(id, WRAP_HEAD + source + WRAP_TAIL);
      }
      return sources.get(id);
    },
  };
}
