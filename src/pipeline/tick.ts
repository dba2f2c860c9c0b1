// One scheduler run's worth of an update: actions first, in posting order,
// then the clock.
import { Logger } from '../log';
import { JsonObject, setKey } from '../json';
import { ActionAnswer, UpdateState } from '../types';
import { applyAction, pendingActions, UpdateActions } from './actions';
import { STATE_FIELDS, validateNextState, validateState } from './schema';
import { advance, isFinished, nextStep, position } from './steps';

/** A paused or failed update reverts after this long (ms). */
export var AUTO_REVERT_MS = 30 * 60 * 1000;

export interface TickOptions {
  /** How long (ms) a paused or failed update waits before it reverts by
   * itself; 0 (or less) never. Default AUTO_REVERT_MS. */
  autoRevertMs?: number;
}

export interface TickResult {
  /** The new state; null when the state (in or out) is invalid, with the
   * reason logged: the caller should then drop the update (revert). */
  state: UpdateState | null;
  /** An answer for every action passed in, by action id. */
  answers: { [actionId: string]: ActionAnswer };
}

function refuseAll(actions: unknown, why: string): { [actionId: string]: ActionAnswer } {
  var answers: { [actionId: string]: ActionAnswer } = {};
  var list = pendingActions(actions);
  for (var i = 0; i < list.length; i++) setKey(answers, list[i].id, { error: why } as ActionAnswer);
  return answers;
}

// True while the update stays stopped; past the limit it turns backward.
// The reference meant to do this but compared `pause_ts - now`, which is
// never positive, so paused updates stayed paused forever.
function stillStopped(state: UpdateState, now: number, limit: number, log: Logger): boolean {
  if (state.direction !== 'pause' && state.direction !== 'error') return false;
  var since = state.pause_ts !== undefined ? state.pause_ts : state.change_ts;
  if (!(limit > 0) || !(now - since > limit)) return true;
  log.change(state.direction === 'error' ? 'failed' : 'paused', 'for too long at step', state.step +
    (state.error_message !== undefined ? ' (' + state.error_message + ')' : '') + ', reverting');
  state.direction = 'backward';
  state.change_ts = now;
  delete state.pause_ts;
  delete state.error_message;
  return false;
}

var STAMPS: ('start_ts' | 'step_ts' | 'change_ts' | 'pause_ts')[] = ['start_ts', 'step_ts', 'change_ts', 'pause_ts'];

// A leader whose clock ran ahead stamped times still to come: with the right
// clock back, a 20 s step would wait out the skew (hours, say). Read as now,
// once: the state written back holds now.
function clampFuture(state: UpdateState, now: number, lg: Logger): void {
  var late: string[] = [];
  for (var i = 0; i < STAMPS.length; i++) {
    var at = state[STAMPS[i]];
    if (typeof at === 'number' && at > now) {
      late.push(STAMPS[i] + ' ' + at + ' (' + (at - now) + ' ms ahead)');
      setKey(state as unknown as JsonObject, STAMPS[i], now);
    }
  }
  if (late.length) lg.error('update times later than now, read as now (a clock ahead?):', late.join(', '));
}

// What a run may change of a state in place: the state machine edits a
// state it moves through the clock, and makes a new one when it moves it
// further. Every field the schema reads (STATE_FIELDS), so none is added
// unseen.

function fieldsOf(state: UpdateState): unknown[] {
  var out: unknown[] = [];
  for (var i = 0; i < STATE_FIELDS.length; i++) out.push(state[STATE_FIELDS[i]]);
  return out;
}

function sameFields(state: UpdateState, before: unknown[]): boolean {
  for (var i = 0; i < STATE_FIELDS.length; i++) if (state[STATE_FIELDS[i]] !== before[i]) return false;
  return true;
}

/**
 * Advances an update by one scheduler run at time `now` (ms).
 *
 * `actions` are the group's update actions as the api driver collects them:
 * either an object keyed by action id (the scheduler input's `actions`
 * filtered to this group, values `{button: {update_action, step?,
 * error_message?}}`), or a list of `{id, action}`. They are carried out in
 * posting order (numeric id), each against the state the previous left;
 * every one gets an answer under its id, `{ok: true, action, step,
 * direction}` or `{error}`, ready for the engine's `actions` result.
 * When an action moves the update to another step, the clock waits for the
 * next run, as in the reference.
 *
 * Never throws. A state that fails validation, before or after, gives
 * `state: null` with the reason logged. A finished state (`done`,
 * `revert_done`) comes back unchanged: the caller completes it.
 */
export function tick(input: unknown, actions: UpdateActions | null | undefined, now: number, log?: Logger, options?: TickOptions): TickResult {
  var lg = log || new Logger();
  var checked = validateState(input);
  if (!checked.ok) {
    lg.invalid('update state error', input, checked.errors);
    return { state: null, answers: refuseAll(actions, 'the update state is invalid: ' + checked.errors[0]) };
  }
  return tickValid(checked.value, actions, now, lg, options);
}

/** `tick` for a state that `validateState` has just cleaned (the api
 * driver's merged parents): the same, without validating it again. The
 * state may be changed in place. */
export function tickValid(valid: UpdateState, actions: UpdateActions | null | undefined, now: number, lg: Logger, options?: TickOptions): TickResult {
  var limit = options && typeof options.autoRevertMs === 'number' ? options.autoRevertMs : AUTO_REVERT_MS;
  var state = valid;
  var answers: { [actionId: string]: ActionAnswer } = {};
  if (isFinished(state)) {
    lg.debug('update is', state.step, 'already; nothing to do');
    return { state: state, answers: refuseAll(actions, 'the update is finished (' + state.step + ')') };
  }
  var before = fieldsOf(state);
  clampFuture(state, now, lg);
  var moved = false;
  if (state.step === 'start') {
    state = nextStep(state, now, lg);
    moved = true;
  }
  var pending = pendingActions(actions);
  for (var i = 0; i < pending.length; i++) {
    var p = pending[i];
    if (p.button === null) {
      lg.error('action', p.id, 'refused:', p.invalid);
      setKey(answers, p.id, { error: p.invalid as string } as ActionAnswer);
      continue;
    }
    var applied = applyAction(state, p.button, now, lg);
    state = applied.state;
    setKey(answers, p.id, applied.answer);
    moved = moved || applied.moved;
  }
  if (!moved && !isFinished(state) && !stillStopped(state, now, limit, lg)) {
    state = advance(state, state.pipeline[position(state)], now, lg);
  }
  // A run that changed nothing (most runs of an update: it waits for its
  // time or an ack) leaves the state valid as it was.
  if (state === valid && pending.length === 0 && sameFields(state, before)) return { state: state, answers: answers };
  var out = validateNextState(state, valid);
  if (!out.ok) {
    lg.invalid('bad state after update', state, out.errors);
    lg.change('forcing revert, sorry');
    return { state: null, answers: refuseAll(actions, 'the update broke (invalid state) and is dropped: ' + out.errors[0]) };
  }
  return { state: out.value, answers: answers };
}
