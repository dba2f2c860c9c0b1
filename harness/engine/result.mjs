// What counts as a scheduler result: verwalter deserializes
// {schedule, log, actions?} and accepts the schedule only if it is a JSON
// object; anything else is its "invalid return value".

import { InvalidResultError } from './errors.mjs';
import { schedulerError } from './failure.mjs';
import { uncaughtIn, withoutHarnessFrames } from './uncaught.mjs';
import { isJsonObject, setKey } from '../json.mjs';

function describe(value) {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function problemWith({ schedule, log, actions }, actionIds) {
  if (!isJsonObject(schedule)) return `schedule must be a JSON object, got ${describe(schedule)}`;
  if (typeof log !== 'string') return `log must be a string, got ${describe(log)}`;
  if (actions === undefined) return null;
  if (!isJsonObject(actions)) return `actions must be an object mapping action ids to answers, got ${describe(actions)}`;
  // An answer is for whoever posted an action: any key of input.actions,
  // even one that is not a timestamp (the driver answers those with an error).
  const bad = Object.keys(actions).find((id) => !actionIds.has(id));
  return bad === undefined ? null : `actions key ${JSON.stringify(bad)} is not an action id of the input (the keys of input.actions)`;
}

// `answer` is the prelude's verdict, `consoleText` what the run printed,
// `actionIds` the keys of the input's actions.
// The run's log is the console output followed by the scheduler's own log.
export function checkResult(answer, consoleText, actionIds = new Set()) {
  const reason = answer.invalid ?? problemWith(answer.ok, actionIds);
  if (reason) {
    const returnedLog = answer.invalid ? answer.log : answer.ok.log;
    const log = consoleText + (typeof returnedLog === 'string' ? withoutHarnessFrames(returnedLog) : '');
    const uncaught = answer.ok?.schedule === null && uncaughtIn(log);
    if (uncaught) throw schedulerError(uncaught, uncaught.frame, log);
    throw new InvalidResultError(`invalid return value: ${reason}`, { reason, log });
  }
  const { schedule, log, actions = {} } = answer.ok;
  return { schedule, actions, log: consoleText + log, schedulerLog: log };
}

// The prelude's answer to call() as checkResult takes it: a schedule that
// came in pieces ({part, nested}: each part parsed as it arrived, an object
// of one member or none; a nested one a member of the last member before
// it) put together again, in the order it was written.
export function answerOf(answerJson, pieces) {
  const answer = JSON.parse(answerJson);
  if (answer.pieces === undefined) return answer;
  if (answer.pieces !== pieces.length) throw new Error(`the engine wrote ${answer.pieces} pieces of the schedule, ${pieces.length} arrived`);
  const schedule = {};
  let last = null;
  for (const { part, nested } of pieces) {
    for (const key of Object.keys(part)) {
      setKey(nested ? last : schedule, key, part[key]);
      if (!nested) last = part[key];
    }
  }
  return { ok: { ...answer.ok, schedule } };
}
