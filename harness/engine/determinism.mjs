// What the scheduler may know of time and chance: the input's `now`, and a
// random seed that is a function of the input alone.

import { sortKeys } from '../json.mjs';
import { InputError } from './errors.mjs';

// FNV-1a over the input with sorted keys: verwalter serializes `peers` from a
// hash map, so the same cluster state can arrive with keys in any order, and
// must still give the same random sequence.
export function seedFor(input) {
  const text = JSON.stringify(sortKeys(input));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

// A missing `now` is 0 (the epoch), so hand-written test inputs may omit it.
export function nowOf(input) {
  const { now = 0 } = input;
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new InputError(`input.now must be a number of milliseconds, got ${JSON.stringify(now) ?? String(now)}`);
  }
  return now;
}
