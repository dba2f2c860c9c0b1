// The fast way to run a simulation: one QuickJS engine stays loaded for all
// its ticks, as verwalter keeps its scheduler loaded between runs, and the
// previous schedule stays inside it as the next input's parent (it is a JSON
// value there already; passing it out and back as text only costs time). Only
// what the timeline needs crosses: each run's answers, error lines and the
// digests of the groups that changed. The runtime, peers and the rest of the
// start input stay inside too, changed only by the scenario's events.
//
// That this equals running every tick through JSON in a fresh engine is
// proved by the tests (fresh.mjs is that reference) and checked on a sample
// of ticks of every simulation (globals.mjs).

import { InvalidResultError, LoadError } from '../engine/errors.mjs';
import { checkResult } from '../engine/result.mjs';
import { directoryModules } from '../engine/loader.mjs';
import { normalizeOptions } from '../engine/options.mjs';
import { openSession } from '../engine/session.mjs';
import { withSourcePositions } from '../engine/sourcemap.mjs';
import { CORE_FUNCTIONS, seedFunctions } from './core.mjs';

export const SIMULATION_FILE = '<simulation>';

// The in-engine half: called with the prelude's tick(input, now, seedOf)
// and verdict(result). Entries take and give JSON text.
function entries(tick, verdict) {
  var parts = null;
  var parents = [];
  var memo = {};
  // The last run's {result, ids} when `run` did not write it as JSON.
  var unwritten = null;

  // What the prelude's call() would have answered for a result that cannot
  // be written as JSON (a cycle), else null. Costs a pass over the result.
  function unwritable(result) {
    var text = verdict(result);
    return text.indexOf('{"invalid"') === 0 ? text : null;
  }

  // {result, ids}, or {failed: what the prelude's call() would have
  // answered, ids}. `serialize`: also check the result can be written as
  // JSON: done on the first tick and the sampled ones only.
  function run(input, now, serialize) {
    var ids = Object.keys(input.actions);
    var result = tick(input, now, seedOf(input));
    if (resultProblem(result, ids) !== null) return { failed: verdict(result), ids: ids };
    var failed = serialize ? unwritable(result) : null;
    return failed === null ? { result: result, ids: ids } : { failed: failed, ids: ids };
  }

  return {
    start: function (json) {
      var start = JSON.parse(json);
      parts = newParts(start);
      parents = start.parents instanceof Array ? start.parents : [];
      memo = {};
      unwritten = null;
      return 'null';
    },
    event: function (json) {
      return JSON.stringify(applyEvent(parts, JSON.parse(json)));
    },
    // {now, actions, split?: {current_host, current_id, actions}, sample?,
    // schedule?} -> {answers, errors, changed, split?, schedule?} with
    // `input` first when sampled, or {failed, ids, side?} (see run).
    tick: function (json) {
      var args = JSON.parse(json);
      var reply = {};
      var these = parents;
      if (args.split) {
        // The other side decides from the same parents; a copy, as it
        // would have its own.
        var otherParts = { order: parts.order, fields: {}, lostPeers: parts.lostPeers };
        for (var key in parts.fields) if (Object.prototype.hasOwnProperty.call(parts.fields, key)) setKey(otherParts.fields, key, parts.fields[key]);
        otherParts.fields.current_host = args.split.current_host;
        otherParts.fields.current_id = args.split.current_id;
        var other = run(buildInput(otherParts, args.now, JSON.parse(JSON.stringify(parents)), args.split.actions), args.now, true);
        if (other.failed !== undefined) return JSON.stringify({ failed: other.failed, ids: other.ids, side: args.split.current_host });
        reply.split = { answers: other.result.actions || {}, errors: errorLines(other.result.log) };
        these = parents.concat([other.result.schedule]);
      }
      var input = buildInput(parts, args.now, these, args.actions);
      var inputText = args.sample ? JSON.stringify(input) : null;
      var serialize = args.first || args.sample || args.schedule;
      var outcome = run(input, args.now, serialize);
      if (outcome.failed !== undefined) return JSON.stringify({ failed: outcome.failed, ids: outcome.ids });
      var result = outcome.result;
      unwritten = serialize ? null : outcome;
      parents = [result.schedule];
      reply.answers = result.actions || {};
      reply.errors = errorLines(result.log);
      reply.changed = changedDigests(memo, result.schedule);
      if (args.sample || args.schedule) reply.schedule = result.schedule;
      var text = JSON.stringify(reply);
      return inputText === null ? text : '{"input":' + inputText + ',' + text.slice(1);
    },
    schedule: function () {
      return JSON.stringify(parents[0] === undefined ? null : parents[0]);
    },
    // After a failure: {failed, ids} (see run) when the last result was not
    // written as JSON and cannot be, else null.
    unwritable: function () {
      var failed = unwritten === null ? null : unwritable(unwritten.result);
      return JSON.stringify(failed === null ? null : { failed: failed, ids: unwritten.ids });
    },
  };
}

export const SIMULATION_SOURCE = `(function (tick, verdict) {
'use strict';
${[...CORE_FUNCTIONS, ...seedFunctions()].map(String).join('\n')}
return (${String(entries)})(tick, verdict);
})`;

// The typed error a run through JSON gives for the same result.
function failure({ failed, ids }, consoleText) {
  try {
    checkResult(JSON.parse(failed), consoleText, new Set(ids));
  } catch (error) {
    return error;
  }
  return new InvalidResultError('invalid return value: the simulation found the result wrong where the engine would not', { log: consoleText });
}

// Resolves to a driver (see fresh.mjs for the interface) over one QuickJS
// engine. Runs happen on the calling thread: the time budget is QuickJS's
// interrupt handler, without the engine thread's watchdog.
export async function keptEngine(dir, options) {
  const limits = normalizeOptions(options);
  const modules = directoryModules(dir, limits);
  if (!modules.exists('main.js')) {
    throw new LoadError(`${dir}: no main.js in the scheduler directory`, { code: 'NO_MAIN', file: `${dir}/main.js` });
  }
  const session = await openSession({ modules, limits, now: 0, seed: 0 });
  let call;
  try {
    session.load();
    call = session.extend(SIMULATION_SOURCE, SIMULATION_FILE);
  } catch (error) {
    session.close();
    throw withSourcePositions(error, dir);
  }
  // The console output of the last tick, for the log of a failure found
  // later (see unwritable).
  let lastConsole = '';
  return {
    kind: 'kept',
    start(input) {
      call('start', JSON.stringify(input));
    },
    event(event) {
      return JSON.parse(call('event', JSON.stringify(event)));
    },
    async tick(args) {
      let reply;
      try {
        reply = JSON.parse(call('tick', JSON.stringify(args)));
      } catch (error) {
        throw withSourcePositions(error, dir);
      }
      if (reply.failed !== undefined) throw Object.assign(withSourcePositions(failure(reply, session.consoleText()), dir), reply.side ? { side: reply.side } : {});
      lastConsole = session.consoleText();
      return reply;
    },
    // A result is written as JSON only on some ticks (see run), so one that
    // cannot be (a cycle) may show only when a later run trips over it.
    // After a failure: the error a run through JSON gives for the last
    // result, if that is such a one, else null (the failure stands).
    unwritable() {
      if (session.poisoned) return null;
      let reply;
      try {
        reply = JSON.parse(call('unwritable', 'null'));
      } catch {
        return null;
      }
      return reply && withSourcePositions(failure(reply, lastConsole), dir);
    },
    schedule() {
      return JSON.parse(call('schedule', 'null'));
    },
    close() {
      session.close();
    },
  };
}
