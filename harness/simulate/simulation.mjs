// The tick loop: the last schedule is the next input's parent, `now`
// advances by tick_ms, the scenario's due events and button presses are
// injected, and what changed is collected. Nothing here depends on the
// wall clock, so a scenario always gives the same result.

import { HarnessError } from '../engine/errors.mjs';
import { clock } from './clock.mjs';
import { parentDigests } from '../plan/plan.mjs';
import { groupLines } from '../plan/words.mjs';
import { updating } from './core.mjs';
import { checkExpectations, checkRefusals } from './expect.mjs';
import { engineKind, openDriver } from './driver.mjs';
import { checkSamples, sampleTicks } from './globals.mjs';

// A run failed mid-simulation: names the tick and the simulated time.
export class SimulationError extends HarnessError {
  constructor(error, { tick, atMs }) {
    super(`tick ${tick} (${clock(atMs)}): ${error.name}: ${error.message}`, { log: error.log ?? '', cause: error });
    this.tick = tick;
    this.atMs = atMs;
  }
}

// Action ids are posting times in ms, as verwalter's; presses in the same
// millisecond get the next free one.
function idAllocator() {
  const used = new Set();
  return (ms) => {
    let id = ms;
    while (used.has(id)) id++;
    used.add(id);
    return String(id);
  };
}

// A kept engine writes a result as JSON only on some ticks (kept.mjs), so
// one that cannot be (a cycle) may show only when a later run trips over it,
// or at the end. It is then the failure a run through JSON gives, at the
// tick that returned it (the last of the `ticks` run); else null.
function unwritableFailure(driver, ticks, tickMs) {
  const error = driver.unwritable();
  return error && new SimulationError(error, { tick: ticks - 1, atMs: (ticks - 1) * tickMs });
}

function peerIdOf(peers, hostname) {
  for (const [id, peer] of Object.entries(peers ?? {})) if (peer?.hostname === hostname) return id;
  return hostname;
}

// options: {engine: 'kept' | 'fresh', engineOptions, until: 'end' | 'idle',
// samples (ticks re-run in a fresh engine to check for state kept in
// globals; 0: none), onTick({tick, atMs, ticks}), signal (an AbortSignal:
// once aborted, no further tick runs, and the outcome is that of the ticks
// done, ended 'interrupted')}.
export async function simulate(schedulerDir, scenario, options = {}) {
  const { engineOptions = {}, until = 'end', samples = 6, onTick = () => {}, keepSchedules = false, signal } = options;
  const engine = engineKind(engineOptions, options.engine);
  const driver = await openDriver(schedulerDir, engineOptions, engine);
  const t0 = typeof scenario.start.now === 'number' ? scenario.start.now : 0;
  const plannedTicks = Math.floor(scenario.duration_ms / scenario.tick_ms) + 1;
  const sampled = new Set(engine === 'kept' ? sampleTicks(plannedTicks, samples) : []);
  const nextId = idAllocator();
  const timeline = [];
  // What the start input's parents show, so the first tick's lines are
  // changes too.
  const digests = parentDigests(Array.isArray(scenario.start.parents) ? scenario.start.parents : []);
  const history = Object.fromEntries(Object.entries(digests).map(([key, digest]) => [key, [{ at_ms: 0, digest }]]));
  const actions = [];
  // The scenario's own presses ({action, entry}), whose answers it asserts.
  const presses = [];
  const pending = new Map();
  const errors = [];
  const checks = [];
  const schedules = [];
  const queue = [
    ...scenario.uploads.map((u) => ({ at_ms: u.at_ms, kind: 'upload', u })),
    ...scenario.peers.map((p) => ({ at_ms: p.at_ms, kind: 'peer', p })),
    ...scenario.split_brain.map((s) => ({ at_ms: s.at_ms, kind: 'split', s })),
    ...scenario.actions.map((a) => ({ at_ms: a.at_ms, kind: 'action', a })),
  ].sort((a, b) => a.at_ms - b.at_ms);
  let next = 0;
  let tick = 0;
  let ended = 'end';
  let failure = null;
  let lastAnswers = {};
  const note = (atMs, kind, fields) => timeline.push({ at_ms: atMs, tick, kind, ...fields });
  const injected = (atMs, id, button, side) => {
    const entry = { id, at_ms: atMs, injected_ms: tick * scenario.tick_ms, button, answer: null, answered_ms: null, side: side ?? null };
    actions.push(entry);
    pending.set(id, entry);
    return entry;
  };
  const answer = (answers, atMs) => {
    for (const [id, reply] of Object.entries(answers ?? {})) {
      const entry = pending.get(id);
      if (!entry) continue;
      pending.delete(id);
      entry.answer = reply;
      entry.answered_ms = atMs;
      note(atMs, 'answer', { id, button: entry.button, answer: reply, side: entry.side });
    }
  };

  try {
    driver.start(scenario.start);
    for (tick = 0; tick < plannedTicks; tick++) {
      // Seen between ticks only, and with the kept engine only when the loop
      // lets the event loop turn (below): a tick is never cut short.
      if (signal?.aborted) {
        ended = 'interrupted';
        break;
      }
      const atMs = tick * scenario.tick_ms;
      const now = t0 + atMs;
      const due = {};
      let split = null;
      while (next < queue.length && queue[next].at_ms <= atMs) {
        const item = queue[next++];
        if (item.kind === 'upload') {
          const { role, version, metadata } = item.u;
          const meta = metadata.timestamp === undefined ? { ...metadata, timestamp: (t0 + item.at_ms) / 1000 } : metadata;
          driver.event({ upload: { role, version, metadata: meta } });
          note(atMs, 'upload', { role, version });
        } else if (item.kind === 'peer') {
          const event = item.p.lost !== undefined ? { peer_lost: item.p.lost } : { peer_back: item.p.back };
          const word = driver.event(event);
          note(atMs, 'peer', { host: item.p.lost ?? item.p.back, what: word });
        } else if (item.kind === 'split') {
          const side = {};
          for (const button of item.s.actions ?? []) {
            const id = nextId(t0 + item.at_ms);
            side[id] = { button };
            injected(item.at_ms, id, button, item.s.leader);
          }
          split = { current_host: item.s.leader, current_id: peerIdOf(scenario.start.peers, item.s.leader), actions: side };
          note(atMs, 'split', { leader: item.s.leader });
        } else {
          const id = nextId(t0 + item.at_ms);
          due[id] = { button: item.a.button };
          presses.push({ action: item.a, entry: injected(item.at_ms, id, item.a.button) });
          note(atMs, 'action', { id, button: item.a.button });
        }
      }
      const sample = sampled.has(tick);
      let reply;
      try {
        reply = await driver.tick({ now, actions: due, split, sample, schedule: keepSchedules, first: tick === 0 });
      } catch (error) {
        throw unwritableFailure(driver, tick, scenario.tick_ms) ?? new SimulationError(error, { tick, atMs });
      }
      if (sample) checks.push(checkSamples(schedulerDir, engineOptions, { tick, atMs, reply }));
      if (keepSchedules) schedules.push(reply.schedule);
      if (reply.split) {
        answer(reply.split.answers, atMs);
        for (const line of reply.split.errors) {
          errors.push({ at_ms: atMs, tick, line, side: split.current_host });
          note(atMs, 'error', { line, side: split.current_host });
        }
      }
      answer(reply.answers, atMs);
      lastAnswers = reply.answers;
      for (const line of reply.errors) {
        errors.push({ at_ms: atMs, tick, line });
        note(atMs, 'error', { line });
      }
      // The engine's first reply has every group; one only the parents had is gone.
      if (tick === 0) for (const key of Object.keys(digests)) if (!Object.hasOwn(reply.changed, key)) reply.changed[key] = null;
      for (const [key, digest] of Object.entries(reply.changed)) {
        const lines = groupLines(digests[key], digest ?? undefined);
        if (digest === null) delete digests[key];
        else digests[key] = digest;
        const past = (history[key] ??= []);
        if (past.length && past[past.length - 1].at_ms === atMs) past.pop();
        past.push({ at_ms: atMs, digest });
        const [role, group] = key.split('\u0000');
        if (lines.length) note(atMs, 'group', { role, group, lines });
      }
      onTick({ tick, atMs, ticks: plannedTicks });
      // Lets the checks' engine thread answer, progress be drawn, and a
      // signal be seen.
      if (tick % 64 === 63) await new Promise(setImmediate);
      if (until === 'idle' && next >= queue.length && pending.size === 0 && !updating(digests)) {
        ended = 'idle';
        tick++;
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof SimulationError)) {
      driver.close();
      throw error;
    }
    failure = error;
    ended = 'error';
    tick = failure.tick + 1;
  }
  let schedule = null;
  try {
    if (!failure) schedule = driver.schedule();
  } catch (error) {
    failure = unwritableFailure(driver, tick, scenario.tick_ms);
    if (!failure) throw error;
    ended = 'error';
  } finally {
    driver.close();
  }
  const last = (tick - 1) * scenario.tick_ms;
  const globals = await Promise.all(checks);
  // The failed tick has no schedule.
  const ran = failure ? failure.tick : tick;
  return {
    name: scenario.name,
    start_ms: t0,
    tick_ms: scenario.tick_ms,
    duration_ms: scenario.duration_ms,
    ticks: tick,
    ended,
    end_ms: Math.max(0, last),
    failure,
    timeline,
    history,
    groups: digests,
    actions,
    errors,
    globals: globals.filter(Boolean),
    checked_ticks: [...sampled].filter((t) => t < tick).sort((a, b) => a - b),
    schedule,
    // The last run's answers: with `schedule`, what `run` would print.
    last_answers: lastAnswers,
    schedules,
    expectations: checkExpectations(scenario.expect ?? [], { history, tickMs: scenario.tick_ms, ran, ended }),
    refusals: checkRefusals(presses, scenario.tick_ms),
  };
}
