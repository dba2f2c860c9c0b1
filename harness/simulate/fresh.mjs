// The reference way to run a simulation: every tick is an ordinary run
// (loadScheduler's run: a fresh engine, the input and result as JSON text),
// the host holding the schedule between ticks. Slow, and exactly what
// verwalter's contract promises; the kept engine (kept.mjs) must give the
// same, and the tests and globals.mjs hold it to that.
//
// A driver: start(input), event(event) -> word, tick({now, actions, split?,
// sample?, schedule?}) -> {answers, errors, changed, split?, schedule?,
// input?}, unwritable() -> the error of a last result that cannot be
// written as JSON, or null (asked after a failure), schedule(), close().

import { loadScheduler } from '../index.mjs';
import { applyEvent, buildInput, changedDigests, errorLines, newParts, setKey } from './core.mjs';

export async function freshRuns(dir, options) {
  const scheduler = await loadScheduler(dir, options);
  let parts = null;
  let parents = [];
  let memo = {};
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const runAs = async (fields, now, these, actions) => {
    const input = buildInput({ ...parts, fields }, now, these, actions);
    const text = JSON.stringify(input);
    return { text, result: await scheduler.run(JSON.parse(text)) };
  };
  return {
    kind: 'fresh',
    start(input) {
      const start = copy(input);
      parts = newParts(start);
      parents = Array.isArray(start.parents) ? start.parents : [];
      memo = {};
    },
    event(event) {
      return applyEvent(parts, copy(event));
    },
    async tick(args) {
      const reply = {};
      let these = parents;
      if (args.split) {
        const fields = {};
        for (const key of Object.keys(parts.fields)) setKey(fields, key, parts.fields[key]);
        fields.current_host = args.split.current_host;
        fields.current_id = args.split.current_id;
        let other;
        try {
          other = (await runAs(fields, args.now, parents, args.split.actions)).result;
        } catch (error) {
          throw Object.assign(error, { side: args.split.current_host });
        }
        reply.split = { answers: other.actions, errors: errorLines(other.schedulerLog) };
        these = [...parents, other.schedule];
      }
      const { text, result } = await runAs(parts.fields, args.now, these, args.actions);
      parents = [result.schedule];
      reply.answers = result.actions;
      reply.errors = errorLines(result.schedulerLog);
      reply.changed = changedDigests(memo, result.schedule);
      if (args.sample || args.schedule) reply.schedule = result.schedule;
      return args.sample ? { input: JSON.parse(text), ...reply } : reply;
    },
    // Every result went through JSON when it came.
    unwritable() {
      return null;
    },
    schedule() {
      return parents[0] === undefined ? null : copy(parents[0]);
    },
    close() {
      scheduler.dispose();
    },
  };
}
