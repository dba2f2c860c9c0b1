// Shared by the pipeline tests: the built bundle, and running code with its
// log captured instead of printed.
import { createRequire } from 'node:module';

export const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
export const P = T.pipeline;

/** Runs fn with the toolbox's log collected; returns {value, log}. */
export function logged(fn) {
  const r = T.log.collect(fn);
  if (r.error !== undefined) throw new Error(r.error);
  return { value: r.value, log: r.text };
}

export function quiet(fn) {
  return logged(fn).value;
}

export function logger(role = 'role') {
  return new T.log.Logger(role);
}

/** tick with a captured log; returns the TickResult plus `log`. */
export function tick(state, actions, now, options) {
  const r = logged(() => P.tick(state, actions, now, logger(), options));
  return { ...r.value, log: r.log };
}

/** Actions as the scheduler input has them: id (ms timestamp) to action. */
export function buttons(firstId, ...list) {
  const out = {};
  list.forEach((button, i) => { out[String(firstId + i)] = { button }; });
  return out;
}

export function jsonCopy(v) {
  return JSON.parse(JSON.stringify(v));
}
