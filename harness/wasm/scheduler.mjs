// `--engine wasm` (or a path to a .wasm): the harness's runs go through a
// scheduler.wasm, called as verwalter calls it (host.mjs), so authors test
// the very file they deploy. The interface is loadScheduler's: run(input)
// resolves to {schedule, actions, log, schedulerLog, duration} or rejects
// with the typed error the QuickJS engine would give for the same failure.
// The instance is kept between runs, as verwalter keeps it.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineError, InputError, InvalidResultError, LoadError, OutOfMemoryError, StackOverflowError, TimeoutError } from '../engine/errors.mjs';
import { frameText, schedulerError } from '../engine/failure.mjs';
import { withSourcePositions } from '../engine/sourcemap.mjs';
import { uncaughtIn } from '../engine/uncaught.mjs';
import { formatBytes } from '../engine/options.mjs';
import { isJsonObject } from '../json.mjs';
import { MARK } from './boot.mjs';
import { buildModule } from './build.mjs';
import { WasmHostError, WasmScheduler } from './host.mjs';

// The line of `log` that starts with `mark`, without it.
function markedLine(log, mark) {
  const at = log.lastIndexOf(mark);
  return at < 0 ? null : log.slice(at + mark.length).split('\n')[0];
}

// The typed error for a run whose schedule is not an object; `log` is the
// module's whole log (console output included).
export function failureOf(log, memoryBytes, schedule = null) {
  const budget = markedLine(log, MARK.budget);
  if (budget !== null) return new TimeoutError(`the scheduler run went over its work budget: ${budget}`, { log });
  const input = markedLine(log, MARK.input);
  if (input !== null) return new InputError(input, { log });
  const mutated = markedLine(log, MARK.mutated);
  if (mutated !== null) return new InvalidResultError(mutated, { reason: mutated, log });
  const invalid = markedLine(log, MARK.invalid);
  if (invalid !== null) return new InvalidResultError(`invalid return value: ${invalid}`, { reason: invalid, log });
  const loading = log.includes(`${MARK.load}\nUncaught `);
  const uncaught = uncaughtIn(log);
  if (uncaught) {
    const { message, name } = uncaught;
    if (name === 'InternalError' && message === 'out of memory') {
      return new OutOfMemoryError(`the scheduler run ran out of memory (budget ${formatBytes(memoryBytes)})`, { memoryBytes, log });
    }
    if (/stack overflow/i.test(message)) return new StackOverflowError('the scheduler run overflowed the stack', { log });
    if (loading) {
      const where = frameText(uncaught.frame);
      return new LoadError(`${where ? `${where}: ` : ''}loading the scheduler failed: ${name ? `${name}: ` : ''}${message}`, { code: 'EVAL', ...uncaught.frame, log });
    }
    return schedulerError(uncaught, uncaught.frame, log);
  }
  const exported = /main\.js must export a scheduler function \(module\.exports\.scheduler is ([^)]*)\)/.exec(log);
  if (exported) return new LoadError(exported[0], { code: 'NO_EXPORT', file: 'main.js', log });
  if (log.startsWith('scheduler.wasm: ')) return new EngineError(log.trim(), { log });
  const got = schedule === null ? 'null' : Array.isArray(schedule) ? 'an array' : `a ${typeof schedule}`;
  return new InvalidResultError(`invalid return value: schedule must be a JSON object, got ${got}`, { reason: 'schedule must be a JSON object', log });
}

// `engine`: 'wasm' builds the module from `dir` in memory, with
// `memoryBytes` and `budget` when given; anything else is the path of a
// .wasm to run.
export async function loadWasmScheduler(dir, engine, { memoryBytes, budget } = {}) {
  let file = null;
  let bytes;
  if (engine === 'wasm') {
    const given = Object.fromEntries(Object.entries({ memoryBytes, budget }).filter(([, value]) => value !== undefined));
    try {
      bytes = buildModule(dir, { checkInput: true, ...given }).bytes;
    } catch (error) {
      throw withSourcePositions(error, dir);
    }
  } else {
    file = engine;
    if (!existsSync(file) || !statSync(file).isFile()) throw new LoadError(`${file}: no such scheduler.wasm`, { code: 'NO_MAIN', file });
    bytes = file;
  }
  let host;
  try {
    host = new WasmScheduler(bytes);
  } catch (error) {
    if (!(error instanceof WasmHostError) && !(error instanceof WebAssembly.CompileError)) throw error;
    throw new LoadError(`${file ?? path.join(dir, 'scheduler.wasm')}: ${error.message}`, { code: 'NO_MAIN', file });
  }
  let disposed = false;
  const limit = memoryBytes ?? 1024 * 1024 * 1024;
  return {
    dir,
    engine: file ?? 'wasm',
    host,
    run(input) {
      try {
        if (disposed) throw new Error(`the scheduler from ${dir} was disposed`);
        if (!isJsonObject(input)) throw new InputError('the scheduler input must be an object (what /v1/scheduler_input serves)');
        const started = performance.now();
        let result;
        try {
          result = host.call(input);
        } catch (error) {
          if (!(error instanceof WasmHostError)) throw error;
          const log = error.panics.map((line) => `${line}\n`).join('');
          throw new EngineError(`the scheduler run failed in verwalter's wasm host: ${error.message}`, { log });
        }
        const duration = performance.now() - started;
        const { schedule, log, actions } = result;
        if (!isJsonObject(schedule)) throw withSourcePositions(failureOf(log, limit, schedule), dir);
        return Promise.resolve({ schedule, actions, log, schedulerLog: log, duration });
      } catch (error) {
        return Promise.reject(error);
      }
    },
    dispose() {
      disposed = true;
    },
  };
}
