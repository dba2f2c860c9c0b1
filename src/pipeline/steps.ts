// Moving an update between steps, and what each mode does on a tick with no
// action. Works on a state validateState has cleaned (a fresh copy, so it
// is edited in place as the reference does).
import { Logger } from '../log';
import { Stage, UpdateState, ForwardMode, BackwardMode } from '../types';

/** Where the update is: a stage index, -1 before the first stage (`start`,
 * `revert_done`), the pipeline's length after the last (`done`). */
export function position(state: UpdateState): number {
  if (state.step === 'start' || state.step === 'revert_done') return -1;
  if (state.step === 'done') return state.pipeline.length;
  for (var i = 0; i < state.pipeline.length; i++) if (state.pipeline[i].name === state.step) return i;
  return -1;
}

export function isFinished(state: UpdateState): boolean {
  return state.step === 'done' || state.step === 'revert_done';
}

/** The mode that decides what happens at `stage`. A stopped update (pause,
 * error) is judged by its forward mode: ack, error and proceed are about the
 * stage's forward work. A downgrade uses the downgrade mode where there is one. */
export function modeOf(state: UpdateState, stage: Stage): ForwardMode | BackwardMode {
  if (state.direction === 'backward') return stage.backward_mode;
  if (state.downgrade && stage.forward_downgrade_mode) return stage.forward_downgrade_mode;
  return stage.forward_mode;
}

/** How long (ms) a step of `stage` waits before the clock moves it on in
 * `direction`: its time, or one substep of a smooth stage; 0 for a skipped
 * one; null for a step no clock moves (ack, manual but an auto update's
 * forward). */
function interval(state: UpdateState, stage: Stage, direction: 'forward' | 'backward'): number | null {
  var mode = modeOf(state, stage);
  var seconds = direction === 'forward' ? stage.forward_time : stage.backward_time;
  if (mode === 'smooth') return seconds * 1000 / (stage.substeps || 1);
  if (mode === 'time' || (mode === 'manual' && direction === 'forward' && state.auto)) return seconds * 1000;
  return mode === 'skip' ? 0 : null;
}

// A step the clock ends late (ticks seldom fall on the moment it was due)
// hands its lateness on: the next step counts from when this one was due,
// so a rollout takes the sum of its stage times, not a tick more per step.
// Never more than half of the next interval, so that after an outage (the
// scheduler not running) a step still lasts at least half its time. Whole
// milliseconds, as every timestamp, and never past now.
function clockStamp(due: number, now: number, next: number): number {
  var from = due > now - next / 2 ? due : now - next / 2;
  return Math.floor(from < now ? from : now);
}

// Leaving a stage drops everything that belonged to it (pause_ts,
// smooth_step, error_message), except that a paused update stays paused
// when an action moves it: a pause stops the clock, not people. `due` is
// when the clock's move was due (none for a person's action).
function moved(state: UpdateState, to: number, direction: 'forward' | 'backward', now: number, due: number | undefined): UpdateState {
  var n = state.pipeline.length;
  var stage = to >= 0 && to < n ? state.pipeline[to] : null;
  var out: UpdateState = {
    pipeline: state.pipeline,
    source_ver: state.source_ver,
    source_extra: state.source_extra,
    target_ver: state.target_ver,
    target_extra: state.target_extra,
    step: stage !== null ? stage.name : to >= n ? 'done' : 'revert_done',
    direction: direction,
    start_ts: state.start_ts,
    step_ts: now,
    change_ts: now,
    auto: state.auto,
  };
  if (state.downgrade !== undefined) out.downgrade = state.downgrade;
  if (state.direction === 'pause' && stage !== null) {
    out.direction = 'pause';
    if (state.pause_ts !== undefined) out.pause_ts = state.pause_ts;
  }
  if (stage === null) return out;
  if (due !== undefined) out.step_ts = out.change_ts = clockStamp(due, now, interval(out, stage, direction) || 0);
  // A smooth stage's first part switches as the stage begins and each part
  // then warms up for one interval, the last one included: the stage takes
  // its time, not an interval more (the reference began with an interval at
  // zero). Walking back begins from all-switched (the reference began from
  // zero, a jump instead of a smooth revert) and switches the first part back.
  var sub = stage.substeps;
  if (sub !== undefined) {
    var smooth = out.direction !== 'pause' && modeOf(out, stage) === 'smooth';
    if (direction === 'backward') out.smooth_step = smooth ? sub - 1 : sub;
    else if (smooth) out.smooth_step = 1;
  }
  return out;
}

// A skipped stage does nothing (not even its command runs), so a running
// update passes it in the same run instead of spending a run on it.
function passSkipped(state: UpdateState, now: number, log: Logger): UpdateState {
  var i = position(state);
  if (i < 0 || i >= state.pipeline.length || state.direction === 'pause') return state;
  if (modeOf(state, state.pipeline[i]) !== 'skip') return state;
  log.debug('passing skipped step', state.step);
  var forward = state.direction === 'forward';
  return step(state, i + (forward ? 1 : -1), forward ? 'forward' : 'backward', now, state.change_ts, log);
}

function step(state: UpdateState, to: number, direction: 'forward' | 'backward', now: number, due: number | undefined, log: Logger): UpdateState {
  var out = moved(state, to, direction, now, due);
  if (out.step === 'done') log.change('update done');
  else if (out.step === 'revert_done') log.change('revert done');
  else log.debug(direction === 'forward' ? 'next step is' : 'previous step is', out.step);
  return passSkipped(out, now, log);
}

/** Moves to the next stage (or `done`); `due` is when the clock's move was
 * due, none for an action's. */
export function nextStep(state: UpdateState, now: number, log: Logger, due?: number): UpdateState {
  return step(state, position(state) + 1, 'forward', now, due, log);
}

/** Moves to the previous stage (or `revert_done`). */
export function prevStep(state: UpdateState, now: number, log: Logger, due?: number): UpdateState {
  return step(state, position(state) - 1, 'backward', now, due, log);
}

function smooth(state: UpdateState, every: number, substeps: number, forward: boolean, now: number, log: Logger): UpdateState {
  var done = state.smooth_step || 0;
  var due = state.change_ts + every;
  if (due > now) return state;
  if (forward ? done >= substeps : done <= 0) return forward ? nextStep(state, now, log, due) : prevStep(state, now, log, due);
  state.change_ts = clockStamp(due, now, every);
  state.smooth_step = forward ? done + 1 : done - 1;
  return state;
}

// A step is due at its time: at exactly `step_ts + wait` it moves (the
// reference waited for the first run strictly after, a run more per step).
// Its lateness counts from the last change instead (a resume, a revert) when
// that came after: a step resumed after its time moves at once, and the next
// one gets its whole time.
function timed(state: UpdateState, wait: number, forward: boolean, now: number, log: Logger): UpdateState {
  var due = state.step_ts + wait;
  if (due > now) return state;
  var from = state.change_ts > due ? state.change_ts : due;
  return forward ? nextStep(state, now, log, from) : prevStep(state, now, log, from);
}

/** One tick of a running (forward or backward) update with no action:
 * what the clock does (see interval). Ack steps wait for the command,
 * manual ones for "proceed" (an auto update's go on by themselves). */
export function advance(state: UpdateState, stage: Stage, now: number, log: Logger): UpdateState {
  var forward = state.direction === 'forward';
  var wait = interval(state, stage, forward ? 'forward' : 'backward');
  if (wait === null) return state;
  if (modeOf(state, stage) === 'smooth') return smooth(state, wait, stage.substeps || 1, forward, now, log);
  return timed(state, wait, forward, now, log);
}
