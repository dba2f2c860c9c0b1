// Key-order permutations of JSON inputs, for the determinism checks: the
// same input must give the same output whatever the order of its keys.
import { setKey, sortKeys } from '../../harness/json.mjs';

/** mulberry32: a small seeded PRNG, so a failure is reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/** A copy of `value` with the keys of every object, at every level, in an
 * order drawn from `random` (reversed when no generator is given). */
export function shuffleKeys(value, random) {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (random) {
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
  } else {
    keys.reverse();
  }
  const out = {};
  // setKey: a `__proto__` key must stay an own key.
  for (const k of keys) setKey(out, k, shuffleKeys(value[k], random));
  return out;
}

/** A scheduler result as text that only differs when the output does:
 * schedule and answers with sorted keys, the log as it is. */
export function resultText(result) {
  return JSON.stringify(sortKeys({ schedule: result.schedule, actions: result.actions })) + '\n' + result.log;
}
