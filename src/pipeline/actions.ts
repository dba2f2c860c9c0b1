// Update actions (the buttons of the web UI and verwalter-ack): reading them
// in posting order, carrying them out one by one, and the answer to each.
import * as V from '../validate';
import { Logger } from '../log';
import { JsonObject, isObject, keys, toNumber } from '../json';
import { isArray } from '../array';
import { ActionAnswer, UpdateButton, UpdateState, UpdateActionName } from '../types';
import { isFinished, modeOf, nextStep, position, prevStep } from './steps';

var NAMES: UpdateActionName[] = ['pause', 'resume', 'revert', 'skip', 'proceed', 'ack', 'error'];

var ACTION = V.object({
  button: V.object({
    update_action: V.oneOf(NAMES),
    step: V.optional(V.string()),
    error_message: V.optional(V.string()),
  }, { allowExtra: true }),
}, { allowExtra: true });

/** Longer messages are cut: the state is copied into every schedule. */
export var MAX_ERROR_MESSAGE = 1000;

/** Actions keyed by id (as in the scheduler input, a millisecond timestamp
 * string), or a list of `{id, action}`. */
export type UpdateActions = { [actionId: string]: unknown } | { id: string; action: unknown }[];

export interface PendingAction {
  id: string;
  button: UpdateButton | null;
  /** Why the action can't be read, when it can't. */
  invalid?: string;
}

// `given`: the id came with the action (else it is `#<i>`, made here).
type Raw = { id: string; n: number | null; i: number; given: boolean; action: unknown };

function order(a: Raw, b: Raw): number {
  if (a.n !== null && b.n !== null && a.n !== b.n) return a.n - b.n;
  if ((a.n === null) !== (b.n === null)) return a.n === null ? 1 : -1;
  // Actions listed without ids keep their list order (`#10` after `#2`).
  if ((a.given || b.given) && a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.i - b.i;
}

/** The actions in the order they were posted (by their timestamp ids),
 * whatever form or key order they came in. */
export function pendingActions(actions: unknown): PendingAction[] {
  var raw: Raw[] = [];
  if (isArray(actions)) {
    for (var i = 0; i < actions.length; i++) {
      var item = actions[i];
      var given = isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number');
      var id = given ? String((item as JsonObject).id) : '#' + i;
      raw.push({ id: id, n: toNumber(id), i: i, given: given, action: isObject(item) ? item.action : undefined });
    }
  } else if (isObject(actions)) {
    var ids = keys(actions);
    for (var j = 0; j < ids.length; j++) raw.push({ id: ids[j], n: toNumber(ids[j]), i: j, given: true, action: actions[ids[j]] });
  }
  raw.sort(order);
  var out: PendingAction[] = [];
  for (var k = 0; k < raw.length; k++) {
    var r = V.validate(ACTION, raw[k].action);
    if (r.ok) out.push({ id: raw[k].id, button: r.value.button as UpdateButton });
    else out.push({ id: raw[k].id, button: null, invalid: 'invalid update action: ' + r.errors.join('; ') });
  }
  return out;
}

export interface Applied {
  state: UpdateState;
  answer: ActionAnswer;
  /** The action moved the update to another step. */
  moved: boolean;
}

function refuse(state: UpdateState, why: string, log: Logger): Applied {
  log.error('update action refused:', why);
  return { state: state, answer: { error: why }, moved: false };
}

function done(state: UpdateState, name: UpdateActionName, moved: boolean): Applied {
  return { state: state, answer: { ok: true, action: name, step: state.step, direction: state.direction }, moved: moved };
}

function running(state: UpdateState, now: number, direction: 'forward' | 'backward'): UpdateState {
  state.direction = direction;
  state.change_ts = now;
  delete state.pause_ts;
  delete state.error_message;
  return state;
}

function shorten(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) + '...' : message;
}

function isStopped(state: UpdateState): boolean {
  return state.direction === 'pause' || state.direction === 'error';
}

/** Carries out one action on `state` (edited in place or replaced). Auto
 * revert is for updates nobody touches: an accepted action on a stopped
 * update that leaves it stopped restarts its clock. */
export function applyAction(state: UpdateState, button: UpdateButton, now: number, log: Logger): Applied {
  var stopped = isStopped(state);
  var applied = carryOut(state, button, now, log);
  if (stopped && (applied.answer as { ok?: boolean }).ok === true && isStopped(applied.state)) applied.state.pause_ts = now;
  return applied;
}

function carryOut(state: UpdateState, button: UpdateButton, now: number, log: Logger): Applied {
  var name = button.update_action;
  if (button.step !== undefined && button.step !== state.step) {
    return refuse(state, 'step ' + button.step + ' is not running (the update is at ' + state.step + ')', log);
  }
  if (isFinished(state)) return refuse(state, 'the update is finished (' + state.step + ')', log);
  var idx = position(state);
  if (idx < 0) return refuse(state, 'the update has not started', log);
  var stage = state.pipeline[idx];
  var mode = modeOf(state, stage);
  var dir = state.direction;
  var at = 'step ' + state.step;
  switch (name) {
    case 'pause':
      if (dir === 'error') return refuse(state, 'the update is already stopped by an error; resume, revert or skip ' + at, log);
      if (dir !== 'pause') {
        log.change('pausing update at', state.step);
        state.direction = 'pause';
        state.pause_ts = now;
        state.change_ts = now;
      }
      return done(state, name, false);
    case 'resume':
      if (dir !== 'forward') {
        log.change('resuming update at', state.step);
        running(state, now, 'forward');
      }
      return done(state, name, false);
    case 'revert':
      if (dir !== 'backward') {
        log.change('reverting update at', state.step);
        running(state, now, 'backward');
      }
      return done(state, name, false);
    case 'skip':
      log.change('skipping', at);
      return done(dir === 'backward' ? prevStep(state, now, log) : nextStep(state, now, log), name, true);
    case 'proceed':
      if (mode !== 'manual') return refuse(state, at + ' is in ' + mode + ' mode; only a manual step can proceed (skip it instead)', log);
      log.change('manual', at, 'proceeded');
      return done(dir === 'backward' ? prevStep(state, now, log) : nextStep(state, now, log), name, true);
    case 'ack':
      if (dir === 'backward') return refuse(state, 'the update is reverting; ' + at + ' takes no ack', log);
      if (mode !== 'ack' && mode !== 'ack_ignore_errors') return refuse(state, at + ' is in ' + mode + ' mode, not waiting for an ack', log);
      log.change('acked', at);
      return done(nextStep(state, now, log), name, true);
    case 'error':
      var message = button.error_message;
      if (dir === 'backward') return refuse(state, 'the update is reverting; ' + at + ' takes no error', log);
      if (mode === 'ack_ignore_errors') {
        log.change('acked', at, 'ignoring its error:', message === undefined ? '(no message)' : message);
        return done(nextStep(state, now, log), name, true);
      }
      if (mode !== 'ack') return refuse(state, at + ' is in ' + mode + ' mode, not waiting for an ack', log);
      log.change('error at', at + ':', message === undefined ? '(no message)' : message);
      // (on a stopped update applyAction restarts the clock as well)
      state.pause_ts = now;
      state.direction = 'error';
      state.change_ts = now;
      if (message !== undefined) state.error_message = shorten(message);
      else delete state.error_message;
      return done(state, name, false);
  }
  return refuse(state, 'unknown update action ' + String(name), log);
}
