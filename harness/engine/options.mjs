// Run options, their defaults, and their checks. The time budgets are
// verwalter's own: it raises an alarm when a scheduler run takes 5 s, and
// when loading a scheduler takes 10 s (its "initial lua load" and "scheduler
// reload" alarms, for Lua and wasm alike), each on its own clock.

import { MEMORY_BYTES_RANGE, STACK_BYTES_RANGE } from './wasm.mjs';

export const DEFAULT_OPTIONS = Object.freeze({
  timeoutMs: 5000,
  // Evaluating main.js and what it requires (a 240 KB bundle takes QuickJS
  // a few hundred ms on a busy machine): not part of the run's budget.
  loadTimeoutMs: 10000,
  memoryBytes: 256 * 1024 * 1024,
  // Leaves room on the engine thread's 4 MB native stack (thread.mjs), which
  // the wasm frames share: above about 1.5 MiB of QuickJS limit, plain
  // recursion exhausts that stack first (still reported as a
  // StackOverflowError, but without the scheduler's trace).
  stackBytes: 256 * 1024,
  es5: true,
});

// Console output lives in Node's heap, outside the memory budget, so it gets
// a cap of its own: a scheduler printing in a loop must not take the host down.
export const CONSOLE_CAP_CHARS = 16 * 1024 * 1024;
// Room enough for the notice that output was cut there.
export const CONSOLE_NOTICE_MAX_CHARS = 100;

const PAGE = 64 * 1024;
const ms = (value) => `${value} ms`;
export function formatBytes(value) {
  return value >= 1024 * 1024 && value % (1024 * 1024) === 0 ? `${value / (1024 * 1024)} MiB` : `${Math.round(value / 1024)} KiB`;
}

// The numeric limits, each with how its values are shown. The command line
// checks its flags against the same ranges (cli/engine-options.mjs).
export const LIMITS = Object.freeze({
  timeoutMs: Object.freeze({ min: 1, max: 24 * 3600 * 1000, unit: ms }),
  loadTimeoutMs: Object.freeze({ min: 1, max: 24 * 3600 * 1000, unit: ms }),
  memoryBytes: Object.freeze({ ...MEMORY_BYTES_RANGE, unit: formatBytes }),
  stackBytes: Object.freeze({ ...STACK_BYTES_RANGE, unit: formatBytes }),
});

// Why `value` will not do for the limit `key`, or null when it will.
export function limitProblem(key, value) {
  const { min, max, unit } = LIMITS[key];
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return null;
  const got = typeof value === 'number' && Number.isFinite(value) ? unit(value) : JSON.stringify(value);
  return `must be from ${unit(min)} to ${unit(max)}, got ${got}`;
}

function check(key, value) {
  const problem = limitProblem(key, value);
  if (problem) throw new RangeError(`${key} ${problem}`);
  return value;
}

export function normalizeOptions(options = {}) {
  const known = new Set(Object.keys(DEFAULT_OPTIONS));
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`unknown option ${JSON.stringify(key)} (known: ${[...known].join(', ')})`);
  }
  const merged = { ...DEFAULT_OPTIONS, ...options };
  return Object.freeze({
    timeoutMs: check('timeoutMs', merged.timeoutMs),
    loadTimeoutMs: check('loadTimeoutMs', merged.loadTimeoutMs),
    // wasm memory grows in 64 KiB pages; a budget between pages rounds down.
    memoryBytes: Math.floor(check('memoryBytes', merged.memoryBytes) / PAGE) * PAGE,
    stackBytes: check('stackBytes', merged.stackBytes),
    es5: Boolean(merged.es5),
  });
}

// The budget of an operation of `phase` ('load': evaluating the modules;
// anything else: the call).
export function budgetOf(limits, phase) {
  return phase === 'load' ? limits.loadTimeoutMs : limits.timeoutMs;
}

// A run past half its time budget is close to verwalter's own alarm (the
// whole process ends at 5 s): said before verwalter says it. Null when not.
export function slowRunWarning(durationMs, timeoutMs) {
  if (!(durationMs > timeoutMs / 2)) return null;
  return `the run took ${Math.round(durationMs)} ms, more than half of its ${timeoutMs} ms time budget (verwalter ends its whole process when a run takes over 5 s)`;
}
