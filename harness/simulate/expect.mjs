// What a scenario asserts: each `expect` entry (a group's version and step
// at a time) and, for every press, whether it is refused. Checked after the
// run from what the simulation keeps anyway (each group's digest history,
// each press's answer), so neither the tick loop nor the engine does more.

import { isJsonObject } from '../json.mjs';
import { clock } from './clock.mjs';
import { tickOf } from './scenario.mjs';
import { buttonText } from './timeline.mjs';

// A group's digest at a tick's time: its last change at or before then
// (history holds one entry per change); null when it had none or was gone.
function digestAt(past, atMs) {
  let found = null;
  for (const { at_ms: at, digest } of past ?? []) {
    if (at > atMs) break;
    found = digest;
  }
  return found;
}

const stepWords = (step) => (step === null ? 'no update running' : `step ${step}`);

// "version v1.5.0, expected v1.6.0; no update running, expected step done"
function mismatch(expected, actual) {
  const parts = [];
  if ('version' in expected && expected.version !== actual.version) parts.push(`version ${actual.version}, expected ${expected.version}`);
  if ('step' in expected && expected.step !== actual.step) parts.push(`${stepWords(actual.step)}, expected ${stepWords(expected.step)}`);
  return parts.join('; ');
}

// One expectation, checked at the first tick at or after its time against
// that tick's schedule. `ran`: the ticks that have a schedule. A run that
// stopped idle (--until idle) stopped because nothing was left to change,
// so its last tick stands for the rest; one that failed shows nothing after.
function checkOne(entry, { history, tickMs, ran, ended }) {
  let tick = tickOf(entry.at_ms, tickMs);
  if (tick >= ran && ended === 'idle') tick = ran - 1;
  const expected = {};
  if (entry.version !== undefined) expected.version = entry.version;
  if (entry.step !== undefined) expected.step = entry.step;
  const who = `${entry.role}/${entry.group}`;
  const checked = { index: entry.index, at_ms: entry.at_ms, tick, role: entry.role, group: entry.group, expected, actual: null };
  if (tick >= ran) {
    const why = ended === 'interrupted' ? `the simulation was interrupted after tick ${ran - 1}` : `the scheduler failed at tick ${ran}`;
    return { ...checked, ok: false, reached: false, message: `not reached: ${why}` };
  }
  const digest = digestAt(history[`${entry.role}\u0000${entry.group}`], tick * tickMs);
  if (digest === null) return { ...checked, ok: false, message: `${who}: not in the schedule` };
  const actual = { version: digest.version ?? null, step: digest.update ? digest.update.step ?? null : null };
  const wrong = mismatch(expected, actual);
  return { ...checked, actual, ok: !wrong, message: wrong ? `${who}: ${wrong}` : null };
}

export function checkExpectations(list, run) {
  return list.map((entry) => checkOne(entry, run));
}

// verwalter's buttons answer a refusal as {error: why}.
const isRefusal = (answer) => isJsonObject(answer) && Object.hasOwn(answer, 'error');

// The presses of the scenario's `actions` that were refused or were to be
// ({action, entry}: the scenario's action and its entry in the outcome's
// actions). A refusal fails unless the action says `refused: true`; such an
// action answered otherwise (or not at all) fails too.
export function checkRefusals(presses, tickMs) {
  const found = [];
  for (const { action, entry } of presses) {
    const refused = isRefusal(entry.answer);
    const expected = action.refused === true;
    if (!refused && !expected) continue;
    const atMs = entry.answered_ms ?? entry.injected_ms;
    const what = `actions[${action.index}]: ${buttonText(entry.button)}`;
    const text = JSON.stringify(entry.answer);
    let message = null;
    if (refused && !expected) message = `${what}: refused unexpectedly: ${text} (mark the action "refused": true if that is intended)`;
    else if (!refused) message = `${what}: expected a refusal, ${entry.answer === null ? 'got no answer' : `got ${text}`}`;
    found.push({ index: action.index, id: entry.id, at_ms: action.at_ms, tick: atMs / tickMs, button: entry.button, answer: entry.answer, refused, expected, ok: message === null, message });
  }
  return found;
}

// What failed, in tick order: "tick 24 (+2m00s): expect[1]: pyapp/prod:
// step quick_restart, expected step smooth_restart". An interrupted run
// says nothing of what it did not get to (an expectation past its last
// tick, a press still unanswered).
export function failureLines(result) {
  const cut = result.ended === 'interrupted';
  const failed = [...result.expectations.map((e) => ({ ...e, what: `expect[${e.index}]: ` })), ...result.refusals.map((r) => ({ ...r, what: '' }))]
    .filter((f) => !f.ok && !(cut && (f.reached === false || (f.refused === false && f.answer === null))))
    .sort((a, b) => a.tick - b.tick);
  return failed.map((f) => `tick ${f.tick} (${clock(f.tick * result.tick_ms)}): ${f.what}${f.message}`);
}
