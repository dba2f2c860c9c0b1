// `verwalter-harness wasm`: one scheduler directory into one scheduler.wasm
// for verwalter 0.13. main.js and every module it requires (found by their
// require("...") calls, resolved as the harness's loader resolves them) are
// checked as ES5, compiled to QuickJS bytecode by the engine template itself
// (engine/engine.wasm: the same QuickJS that will run them) and put into a
// copy of the template with the run's limits. The same files give the same
// bytes; the file is written whole or not at all.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { LoadError } from '../engine/errors.mjs';
import { directoryModules } from '../engine/loader.mjs';
import { withPayload } from './binary.mjs';
import { BOOT_FILE, bootSource } from './boot.mjs';

export const ENGINE_FILE = fileURLToPath(new URL('./engine/engine.wasm', import.meta.url));

const MiB = 1024 * 1024;
// What one unit of the budget is: about a millisecond in wasmi 0.4.0, by
// `npm run bench:wasm -- --wasmi RUNNER` on the measuring machine (docs/wasm.md,
// "The budget").
export const UNIT = Object.freeze({ parsedPerUnit: 375, unitsPerCheck: 80, writtenPerUnit: 450 });
export const WASM_DEFAULTS = Object.freeze({
  memoryBytes: 1024 * MiB,
  // About 3 s in wasmi 0.4.0 on the measuring machine, three fifths of
  // verwalter's 5 s alarm: the estimate is within about 15%, and a leader
  // may be slower.
  budget: 3000,
  stackBytes: 256 * 1024,
  // The harness's own builds (--engine wasm) fail a run that changes its
  // input, which scheduler.wasm hands over again where unchanged.
  checkInput: false,
});
export const WASM_LIMITS = Object.freeze({
  memoryBytes: { min: 16 * MiB, max: 3072 * MiB },
  budget: { min: 0, max: 2 ** 32 - 1 },
});

// The string literals passed to require() in a module's source, with their
// positions: what the build must include.
function requiresOf(source) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
      const [first] = node.arguments;
      if (first && first.type === 'Literal' && typeof first.value === 'string') found.push({ request: first.value, loc: first.loc.start });
    }
    for (const key of Object.keys(node)) if (key !== 'loc' && typeof node[key] === 'object') visit(node[key]);
  };
  visit(parse(source, { ecmaVersion: 5, sourceType: 'script', locations: true }));
  return found;
}

// [{id, source}] of main.js and all it requires, sorted by id.
export function collectModules(dir) {
  const modules = directoryModules(dir, { es5: true });
  if (!modules.exists('main.js')) {
    throw new LoadError(`${dir}: no main.js in the scheduler directory`, { code: 'NO_MAIN', file: path.join(dir, 'main.js') });
  }
  const sources = new Map();
  const queue = [modules.resolve('', './main')];
  while (queue.length) {
    const id = queue.shift();
    if (sources.has(id)) continue;
    const source = modules.wrappedSource(id);
    sources.set(id, source);
    for (const { request, loc } of requiresOf(source)) {
      // The wrapper shares the file's first line; columns there shift.
      try {
        queue.push(modules.resolve(id, request));
      } catch (error) {
        throw new LoadError(`${id}:${loc.line}: ${error.message}`, { code: 'MISSING', file: id, line: loc.line });
      }
    }
  }
  return [...sources.keys()].sort().map((id) => ({ id, source: sources.get(id) }));
}

// The engine template, instantiated to compile: its scheduler() takes
// "<file>\0<source>" and answers u32 status, u32 length, bytecode or error.
export function templateCompiler(template) {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(template), {
    env: {
      log_panic() {
        throw new Error('the engine template panicked while compiling');
      },
    },
  });
  const { memory, alloc, dealloc, scheduler } = instance.exports;
  return (file, source) => {
    const input = Buffer.concat([Buffer.from(file, 'utf8'), Buffer.from([0]), Buffer.from(source, 'utf8')]);
    const at = alloc(input.length) >>> 0;
    new Uint8Array(memory.buffer, at, input.length).set(input);
    const out = scheduler(at, input.length) >>> 0;
    dealloc(at);
    const view = Buffer.from(memory.buffer);
    const status = view.readUInt32LE(out);
    const length = view.readUInt32LE(out + 4);
    const bytes = Buffer.from(view.subarray(out + 8, out + 8 + length));
    dealloc(out);
    if (status !== 0) throw new LoadError(`${file}: QuickJS cannot compile it: ${bytes.toString('utf8')}`, { code: 'SYNTAX', file });
    return bytes;
  };
}

// u32 count, count x (u32 offset, u32 length), then the entries.
export function payloadOf(entries) {
  const head = Buffer.alloc(4 + 8 * entries.length);
  head.writeUInt32LE(entries.length, 0);
  let offset = head.length;
  entries.forEach((entry, i) => {
    head.writeUInt32LE(offset, 4 + 8 * i);
    head.writeUInt32LE(entry.length, 8 + 8 * i);
    offset += entry.length;
  });
  return Buffer.concat([head, ...entries]);
}

function checkLimit(key, value) {
  const { min, max } = WASM_LIMITS[key];
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${key} must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

// The module's bytes and what went into it: {bytes, modules: [id], settings}.
export function buildModule(dir, options = {}) {
  const settings = { ...WASM_DEFAULTS, ...options };
  checkLimit('memoryBytes', settings.memoryBytes);
  checkLimit('budget', settings.budget);
  const modules = collectModules(dir);
  const template = readFileSync(ENGINE_FILE);
  const compile = templateCompiler(template);
  const table = Object.fromEntries(modules.map(({ id }, i) => [id, i + 1]));
  const entries = [compile(BOOT_FILE, bootSource(table)), ...modules.map(({ id, source }) => compile(id, source))];
  const bytes = withPayload(template, payloadOf(entries), {
    memory_limit: settings.memoryBytes,
    budget: settings.budget,
    stack_limit: settings.stackBytes,
    parsed_per_unit: UNIT.parsedPerUnit,
    units_per_check: UNIT.unitsPerCheck,
    written_per_unit: UNIT.writtenPerUnit,
    check_input: settings.checkInput ? 1 : 0,
  });
  return { bytes, modules: modules.map(({ id }) => id), settings };
}

// Builds and writes `out` (default: scheduler.wasm in the directory)
// through a temporary file, so a failed build leaves nothing behind.
export function buildSchedulerWasm(dir, { out = path.join(dir, 'scheduler.wasm'), ...options } = {}) {
  const built = buildModule(dir, options);
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.tmp-${process.pid}`);
  try {
    writeFileSync(temporary, built.bytes);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return { ...built, file: out };
}
