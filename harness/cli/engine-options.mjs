// The engine flags shared by every command that runs a scheduler, checked
// against the engine's own limits (engine/options.mjs).

import { InvalidArgumentError } from 'commander';
import { DEFAULT_OPTIONS, limitProblem } from '../engine/options.mjs';
import { scaledNumber, wholeNumber } from './numbers.mjs';
import { UsageError } from './usage.mjs';
import { WASM_DEFAULTS, WASM_LIMITS } from '../wasm/build.mjs';

const KiB = 1024;
const MiB = 1024 * KiB;

export function addEngineOptions(command) {
  return command
    .option('--timeout <ms>', `time budget of a run, the scheduler call alone (default ${DEFAULT_OPTIONS.timeoutMs})`, scaledNumber(1, (v) => limitProblem('timeoutMs', v)))
    .option('--load-timeout <ms>', `time budget of loading main.js and what it requires (default ${DEFAULT_OPTIONS.loadTimeoutMs}, as verwalter)`, scaledNumber(1, (v) => limitProblem('loadTimeoutMs', v)))
    .option('--memory <MiB>', `memory budget of a run (default ${DEFAULT_OPTIONS.memoryBytes / MiB})`, scaledNumber(MiB, (v) => limitProblem('memoryBytes', v)))
    .option('--stack <KiB>', `QuickJS stack limit (default ${DEFAULT_OPTIONS.stackBytes / KiB})`, scaledNumber(KiB, (v) => limitProblem('stackBytes', v)))
    .option('--no-es5', 'allow ES2015+ syntax and built-ins (default: ES5.1 only)')
    .option('--engine <engine>', "'quickjs' (default); 'wasm' to build scheduler.wasm from the directory and run that, as verwalter 0.13 does; or the path of a .wasm to run", engineChoice)
    .option('--budget <units>', `with --engine wasm: the work budget it is built with, 0 for none (default ${WASM_DEFAULTS.budget}; as \`wasm --budget\`)`, wholeNumber(WASM_LIMITS.budget));
}

function engineChoice(text) {
  if (text === 'quickjs' || text === 'wasm' || text.endsWith('.wasm')) return text;
  throw new InvalidArgumentError("It must be 'quickjs', 'wasm' or the path of a .wasm file.");
}

// loadScheduler's options from the parsed flags: only what was given.
export function engineOptions({ timeout, loadTimeout, memory, stack, es5, engine, budget }) {
  const options = {};
  if (engine !== undefined && engine !== 'quickjs') options.engine = engine;
  if (budget !== undefined) {
    if (options.engine !== 'wasm') throw new UsageError('--budget is for --engine wasm (a built .wasm carries its own)');
    options.budget = budget;
  }
  if (timeout !== undefined) options.timeoutMs = timeout;
  if (loadTimeout !== undefined) options.loadTimeoutMs = loadTimeout;
  if (memory !== undefined) options.memoryBytes = memory;
  if (stack !== undefined) options.stackBytes = stack;
  if (es5 === false) options.es5 = false;
  return options;
}
