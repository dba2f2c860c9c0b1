// Where a group's update stands after the run, in an operator's words: its
// step, what it waits for (the ack of a run-once step by its command,
// "proceed", someone to act on a paused or failed update), and when it
// next changes by itself (next.mjs asks the scheduler: a step's time, a
// smooth substep, the auto revert).

import { isJsonObject } from '../json.mjs';
import { isoTime, span } from './when.mjs';
import { HORIZON_MS } from './next.mjs';
import { modeOf } from './words.mjs';

const STOPPED = new Set(['pause', 'error']);
const FINISHED = new Set(['done', 'revert_done']);

export function inProgress(update) {
  return isJsonObject(update) && typeof update.step === 'string' && !FINISHED.has(update.step);
}

const stepText = (u) => `${u.step}${u.smooth_step !== undefined && u.smooth_step !== null ? ` ${u.smooth_step}/${u.substeps ?? '?'}` : ''} (${u.direction})`;

// "prod-migrate on gamma": where the group's daemons for the stage's
// services run (`placed`: host -> {"daemons/<name>": entry}).
function runningAt(placed, services) {
  const where = [];
  for (const host of Object.keys(placed ?? {}).sort()) {
    for (const [key, entry] of Object.entries(placed[host])) {
      if (key.startsWith('daemons/') && services.includes(entry?.service)) where.push(`${key.slice('daemons/'.length)} on ${host}`);
    }
  }
  return where;
}

// What the update waits for, or null when only the clock moves it.
function waitFor(u, stage, placed, now) {
  const since = (ts) => (typeof ts === 'number' && ts < now ? ` for ${span(now - ts)}` : '');
  if (u.direction === 'pause') return { what: 'resume, revert or skip', text: `paused${since(u.pause_ts ?? u.change_ts)}, waiting for resume, revert or skip` };
  if (u.direction === 'error') {
    const why = typeof u.error_message === 'string' ? ` (${u.error_message})` : '';
    return { what: 'resume, revert or skip', text: `failed${since(u.pause_ts ?? u.change_ts)}${why}, waiting for resume, revert or skip` };
  }
  if (!stage) return null;
  const mode = modeOf(u, stage);
  const waiting = typeof u.step_ts === 'number' && u.step_ts < now ? `waiting ${span(now - u.step_ts)}` : 'waiting';
  if (u.direction === 'forward' && (mode === 'ack' || mode === 'ack_ignore_errors')) {
    const where = runningAt(placed, Array.isArray(stage.processes) ? stage.processes : []);
    return { what: 'ack', by: where, text: `${waiting} for the ack of ${u.step} by its command${where.length ? ` (${where.join(', ')})` : ''}` };
  }
  if (mode === 'manual' && !(u.direction === 'forward' && u.auto === true)) return { what: 'proceed', text: `${waiting} for "proceed"` };
  return null;
}

// The next change by itself, from next.mjs's {at, digest} (null: none
// within the horizon; undefined: not asked; {error}): {data, text}.
function nextChange(u, next, now) {
  if (next === undefined) return { data: undefined, text: null };
  if (next?.error) return { data: { error: next.error }, text: `when it next changes is unknown: ${next.error}` };
  const stopped = STOPPED.has(u.direction);
  if (next === null) return { data: null, text: stopped ? `no auto revert within ${span(HORIZON_MS)}` : null };
  const when = `in ${span(next.at - now)} (at ${isoTime(next.at)})`;
  const after = next.digest?.update ?? null;
  const autoRevert = stopped && (after === null || !STOPPED.has(after.direction));
  const data = {
    at: next.at,
    in_ms: next.at - now,
    auto_revert: autoRevert,
    version: next.digest?.version ?? null,
    update: after && { step: after.step, direction: after.direction, ...(after.smooth_step !== undefined ? { smooth_step: after.smooth_step } : {}) },
  };
  if (autoRevert) return { data, text: `auto revert ${when}, unless someone acts before` };
  if (after === null) return { data, text: `${data.version === u.target_ver ? 'done' : 'update ended'} ${when}` };
  const stage = after.stages?.find((s) => s.name === after.step);
  return { data, text: `next ${stepText({ ...after, substeps: stage?.substeps })} ${when}` };
}

// {data, lines} for a group whose update is in progress (inProgress).
export function updateStatus(update, { placed, now, next }) {
  const stage = Array.isArray(update.pipeline) ? update.pipeline.find((s) => isJsonObject(s) && s.name === update.step) : undefined;
  const flags = [update.downgrade === true && 'downgrade', update.auto === true && 'auto'].filter(Boolean);
  const head = `update ${update.source_ver} -> ${update.target_ver}${flags.length ? ` (${flags.join(', ')})` : ''} at ${stepText({ ...update, substeps: stage?.substeps })}`;
  const wait = waitFor(update, stage, placed, now);
  const later = nextChange(update, next, now);
  const lines = [wait ? `${head}, ${wait.text}` : head];
  if (later.text) lines.push(later.text);
  const data = {
    source_ver: update.source_ver,
    target_ver: update.target_ver,
    step: update.step,
    ...(typeof update.smooth_step === 'number' ? { smooth_step: update.smooth_step } : {}),
    direction: update.direction,
    waiting_for: wait?.what ?? null,
    ...(wait?.by ? { ack_by: wait.by } : {}),
    ...(later.data !== undefined ? { next: later.data } : {}),
  };
  return { data, lines };
}
