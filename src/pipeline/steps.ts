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

// Leaving a stage drops everything that belonged to it (pause_ts,
// smooth_step, error_message), except that a paused update stays paused
// when an action moves it: a pause stops the clock, not people.
function moved(state: UpdateState, to: number, direction: 'forward' | 'backward', now: number): UpdateState {
  var n = state.pipeline.length;
  var step = to >= n ? 'done' : to < 0 ? 'revert_done' : state.pipeline[to].name;
  var out: UpdateState = {
    pipeline: state.pipeline,
    source_ver: state.source_ver,
    source_extra: state.source_extra,
    target_ver: state.target_ver,
    target_extra: state.target_extra,
    step: step,
    direction: direction,
    start_ts: state.start_ts,
    step_ts: now,
    change_ts: now,
    auto: state.auto,
  };
  if (state.downgrade !== undefined) out.downgrade = state.downgrade;
  if (state.direction === 'pause' && to >= 0 && to < n) {
    out.direction = 'pause';
    if (state.pause_ts !== undefined) out.pause_ts = state.pause_ts;
  }
  // Walking back into a smooth stage starts from all-switched; the
  // reference started from zero, a jump instead of a smooth revert.
  var sub = to >= 0 && to < n ? state.pipeline[to].substeps : undefined;
  if (direction === 'backward' && sub !== undefined) out.smooth_step = sub;
  return out;
}

export function nextStep(state: UpdateState, now: number, log: Logger): UpdateState {
  var out = moved(state, position(state) + 1, 'forward', now);
  if (out.step === 'done') log.change('update done');
  else log.debug('next step is', out.step);
  return out;
}

export function prevStep(state: UpdateState, now: number, log: Logger): UpdateState {
  var out = moved(state, position(state) - 1, 'backward', now);
  if (out.step === 'revert_done') log.change('revert done');
  else log.debug('previous step is', out.step);
  return out;
}

function elapsed(since: number, seconds: number, now: number): boolean {
  return since + seconds * 1000 < now;
}

function smooth(state: UpdateState, seconds: number, substeps: number, forward: boolean, now: number, log: Logger): UpdateState {
  var done = state.smooth_step || 0;
  if (!elapsed(state.change_ts, seconds / substeps, now)) return state;
  state.change_ts = now;
  if (forward ? done >= substeps : done <= 0) return forward ? nextStep(state, now, log) : prevStep(state, now, log);
  state.smooth_step = forward ? done + 1 : done - 1;
  return state;
}

/** One tick of a running (forward or backward) update with no action. */
export function advance(state: UpdateState, stage: Stage, now: number, log: Logger): UpdateState {
  var mode = modeOf(state, stage);
  if (state.direction === 'forward') {
    switch (mode) {
      case 'time': return elapsed(state.step_ts, stage.forward_time, now) ? nextStep(state, now, log) : state;
      // Auto updates go on by themselves; for people it waits for "proceed".
      case 'manual': return state.auto && elapsed(state.step_ts, stage.forward_time, now) ? nextStep(state, now, log) : state;
      case 'smooth': return smooth(state, stage.forward_time, stage.substeps || 1, true, now, log);
      case 'skip': return nextStep(state, now, log);
      default: return state; // ack, ack_ignore_errors: waits for the command
    }
  }
  switch (mode) {
    case 'time': return elapsed(state.step_ts, stage.backward_time, now) ? prevStep(state, now, log) : state;
    case 'smooth': return smooth(state, stage.backward_time, stage.substeps || 1, false, now, log);
    case 'skip': return prevStep(state, now, log);
    default: return state; // manual
  }
}
