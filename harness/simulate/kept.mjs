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
import { CORE_FUNCTIONS, seedFunctions } from './core.mjs';

export const SIMULATION_FILE = '<simulation>';

// The in-engine half: called with the prelude's tick(input, now, seedOf)
// and verdict(result). Entries take and give JSON text.
function entries(tick, verdict) {
  var parts = null;
  var parents = [];
  var memo = {};

  // {result}, or {failed: what the prelude's call() would have answered}.
  // `serialize`: also check the result can be written as JSON (a cycle
  // cannot), which costs a pass over it: done on the first tick and the
  // sampled ones only.
  function run(input, now, serialize) {
    var ids = Object.keys(input.actions);
    var result = tick(input, now, seedOf(input));
    if (resultProblem(result, ids) !== null) return { failed: verdict(result), ids: ids };
    if (serialize) {
      var text = verdict(result);
      if (text.indexOf('{"invalid"') === 0) return { failed: text, ids: ids };
    }
    return { result: result };
  }

  return {
    start: function (json) {
      var start = JSON.parse(json);
      parts = newParts(start);
      parents = start.parents instanceof Array ? start.parents : [];
      memo = {};
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
      var outcome = run(input, args.now, args.first || args.sample || args.schedule);
      if (outcome.failed !== undefined) return JSON.stringify({ failed: outcome.failed, ids: outcome.ids });
      var result = outcome.result;
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
    throw error;
  }
  return {
    kind: 'kept',
    start(input) {
      call('start', JSON.stringify(input));
    },
    event(event) {
      return JSON.parse(call('event', JSON.stringify(event)));
    },
    async tick(args) {
      const reply = JSON.parse(call('tick', JSON.stringify(args)));
      if (reply.failed !== undefined) throw Object.assign(failure(reply, session.consoleText()), reply.side ? { side: reply.side } : {});
      return reply;
    },
    schedule() {
      return JSON.parse(call('schedule', 'null'));
    },
    close() {
      session.close();
    },
  };
}
