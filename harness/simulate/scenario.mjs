// A scenario file: where a simulation starts, how long it runs, what
// happens when (button presses, uploads, peers lost and back, a split
// brain), and what it expects (expect.mjs checks that). Read and checked
// completely before anything runs: a bad scenario is a ScenarioError naming
// the field, and the CLI exits 2 writing nothing.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FileError, INPUT_FILE, readInputFile, readJsonFile } from '../cases/files.mjs';
import { isJsonObject } from '../json.mjs';

export const DEFAULT_TICK_MS = 5000;
// The last time a Date can hold, in ms since 1970.
const LAST_DATE_MS = 8.64e15;

// A file that cannot be used (exit status 2), naming the field.
export class ScenarioError extends FileError {
  constructor(message, { file, field }) {
    super(`${file}: ${field}: ${message}`, file);
    this.name = 'ScenarioError';
    this.field = field;
  }
}

// A `?` kind may be missing; `step?` is a step name or null (no update).
const LISTS = {
  actions: { at_ms: 'time', button: 'object', refused: 'boolean?' },
  uploads: { at_ms: 'time', role: 'string', version: 'string', metadata: 'object' },
  peers: { at_ms: 'time', lost: 'string?', back: 'string?' },
  split_brain: { at_ms: 'time', leader: 'string', actions: 'objects?' },
  expect: { at_ms: 'time', role: 'string', group: 'string', version: 'string?', step: 'step?' },
};
const TOP = new Set(['name', 'description', 'start', 'tick_ms', 'duration_ms', ...Object.keys(LISTS)]);

function describe(value) {
  if (value === null) return 'null';
  // A required field left out (JSON.stringify gives no text for it).
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}

function checker(file) {
  const fail = (field, message) => {
    throw new ScenarioError(message, { file, field });
  };
  // Whole milliseconds, as verwalter's clock and action ids are. `max`
  // comes with `why`, the reason for it.
  const number = (field, value, { min, max, why }) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, `must be a number of milliseconds, got ${describe(value)}`);
    if (value < min) fail(field, min === 0 ? `must not be negative, got ${value}` : `must be at least ${min}, got ${value}`);
    if (!Number.isInteger(value)) fail(field, `must be a whole number of milliseconds, got ${value}`);
    if (value > max) fail(field, `must be at most ${max} (${why}), got ${value}`);
    return value;
  };
  // An event happens at the first tick at or after its time: none comes
  // after the last tick (the last multiple of tick_ms up to duration_ms).
  const time = (field, value, { tickMs, durationMs, verb }) => {
    number(field, value, { min: 0 });
    const lastMs = Math.floor(durationMs / tickMs) * tickMs;
    if (value > durationMs) fail(field, `${value} is after the end of the scenario (duration_ms ${durationMs})`);
    if (value > lastMs) fail(field, `${value} is after the last tick, at ${lastMs} (ticks every ${tickMs} ms up to duration_ms ${durationMs}): it would never be ${verb}`);
  };
  const item = (field, entry, shape, times) => {
    if (!isJsonObject(entry)) fail(field, `must be an object {${Object.keys(shape).join(', ')}}, got ${describe(entry)}`);
    for (const key of Object.keys(entry)) if (!Object.hasOwn(shape, key)) fail(`${field}.${key}`, `unknown field (known: ${Object.keys(shape).join(', ')})`);
    for (const [key, kind] of Object.entries(shape)) {
      const value = entry[key];
      const at = `${field}.${key}`;
      if (kind.endsWith('?') && value === undefined) continue;
      if (kind === 'time') time(at, value, times);
      else if (kind.startsWith('string') && (typeof value !== 'string' || value === '')) fail(at, `must be a non-empty string, got ${describe(value)}`);
      else if (kind === 'object' && !isJsonObject(value)) fail(at, `must be an object, got ${describe(value)}`);
      else if (kind === 'boolean?' && typeof value !== 'boolean') fail(at, `must be true or false, got ${describe(value)}`);
      else if (kind === 'step?' && value !== null && (typeof value !== 'string' || value === '')) fail(at, `must be a step name or null (no update running), got ${describe(value)}`);
      else if (kind === 'objects?') {
        if (!Array.isArray(value)) fail(at, `must be a list of buttons, got ${describe(value)}`);
        value.forEach((button, i) => isJsonObject(button) || fail(`${at}[${i}]`, `must be an object (a button), got ${describe(button)}`));
      }
    }
  };
  return { fail, number, item };
}

// The tick that injects an event (or checks an expectation): the first at
// or after its time.
export const tickOf = (atMs, tickMs) => Math.ceil(atMs / tickMs);

// A tick runs one other leader beside the scenario's (the kept engine and
// the fresh runs take one `split` per tick): two due in the same tick are
// an error, not one silently dropped.
function checkSplitBrains(list, tickMs, fail) {
  for (let i = 1; i < list.length; i++) {
    const tick = tickOf(list[i].at_ms, tickMs);
    if (tick !== tickOf(list[i - 1].at_ms, tickMs)) continue;
    fail(`split_brain[${list[i].index}].at_ms`, `due at the same tick as split_brain[${list[i - 1].index}] (tick ${tick}, at ${tick * tickMs}): a tick runs one split brain at most`);
  }
}

// The starting input: inline, or the path of an input.json or of a case
// directory, relative to the scenario file.
async function startInput(start, file, fail) {
  if (start === undefined) fail('start', 'missing: the starting input (an input object, or the path of an input.json or of a case directory)');
  if (isJsonObject(start)) return start;
  if (typeof start !== 'string' || start === '') fail('start', `must be an input object or a path, got ${describe(start)}`);
  let target = path.resolve(path.dirname(file), start);
  try {
    if ((await stat(target)).isDirectory()) target = path.join(target, INPUT_FILE);
  } catch {
    fail('start', `${start}: no such file or case directory (relative to the scenario file)`);
  }
  try {
    return await readInputFile(target);
  } catch (error) {
    if (error instanceof FileError) fail('start', error.message);
    throw error;
  }
}

// Checks a parsed scenario; `file` names it in errors and anchors paths.
// Resolves to {name, start, tick_ms, duration_ms, actions, uploads, peers,
// split_brain, expect}, lists sorted by time (ties keep their order).
export async function checkScenario(scenario, file) {
  const { fail, number, item } = checker(file);
  if (!isJsonObject(scenario)) fail('(top level)', `must be an object, got ${describe(scenario)}`);
  for (const key of Object.keys(scenario)) if (!TOP.has(key)) fail(key, `unknown field (known: ${[...TOP].join(', ')})`);
  for (const key of ['name', 'description']) {
    if (scenario[key] !== undefined && typeof scenario[key] !== 'string') fail(key, `must be a string, got ${describe(scenario[key])}`);
  }
  const tickMs = scenario.tick_ms === undefined ? DEFAULT_TICK_MS : number('tick_ms', scenario.tick_ms, { min: 1 });
  if (scenario.duration_ms === undefined) fail('duration_ms', 'missing: how long the simulation runs, in milliseconds');
  const durationMs = number('duration_ms', scenario.duration_ms, { min: 0 });
  const lists = {};
  for (const [name, shape] of Object.entries(LISTS)) {
    const list = scenario[name] ?? [];
    if (!Array.isArray(list)) fail(name, `must be a list, got ${describe(list)}`);
    const verb = name === 'expect' ? 'checked' : 'injected';
    list.forEach((entry, i) => item(`${name}[${i}]`, entry, shape, { tickMs, durationMs, verb }));
    lists[name] = list.map((entry, index) => ({ ...entry, index })).sort((a, b) => a.at_ms - b.at_ms || a.index - b.index);
  }
  lists.peers.forEach((entry) => {
    if ((entry.lost === undefined) === (entry.back === undefined)) fail(`peers[${entry.index}]`, 'needs exactly one of lost (a hostname) or back (a hostname)');
  });
  lists.expect.forEach((entry) => {
    if (entry.version === undefined && entry.step === undefined) fail(`expect[${entry.index}]`, 'needs version (a version), step (a step name, or null for no update) or both');
  });
  checkSplitBrains(lists.split_brain, tickMs, fail);
  const start = await startInput(scenario.start, file, fail);
  // Action ids are start.now + at_ms (verwalter's are u64 decimals), and
  // every tick's now is a time a Date can hold (the timeline writes the
  // start as one; a scheduler's Date is the tick's now).
  if (start.now !== undefined) number('start.now', start.now, { min: 0, max: LAST_DATE_MS - durationMs, why: `the last time a Date can hold, ${LAST_DATE_MS}, less duration_ms` });
  if (start.parents !== undefined && !Array.isArray(start.parents)) fail('start.parents', `must be a list of schedules, got ${describe(start.parents)}`);
  return { name: scenario.name ?? path.basename(file, '.json'), description: scenario.description, start, tick_ms: tickMs, duration_ms: durationMs, ...lists };
}

export async function readScenario(file) {
  let parsed;
  try {
    parsed = await readJsonFile(file);
  } catch (error) {
    if (error instanceof FileError) throw new ScenarioError(error.message.replace(`${file}: `, ''), { file, field: '(file)' });
    throw error;
  }
  return checkScenario(parsed, file);
}
