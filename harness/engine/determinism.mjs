// What the scheduler may know of time and chance: the input's `now`, and a
// random seed that is a function of the input alone.

import { sortKeys } from '../json.mjs';
import { InputError } from './errors.mjs';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// V8 lists an object's array-index keys first, in numeric order.
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const MAX_ARRAY_INDEX = 2 ** 32 - 2;
// Thrown by the walk for a value JSON.parse never makes (a Date, a class
// instance, a toJSON method, ...): such an input takes the literal route.
const UNUSUAL = Symbol('not plain JSON');

function fnv(hash, text) {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

// A string as JSON.stringify writes it: quoted, and escaped only if it holds
// a quote, a backslash, a control character or a surrogate (the last scanned
// for while hashing, so a plain string is read once).
function hashString(hash, text) {
  let h = Math.imul(hash ^ 0x22, FNV_PRIME);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return fnv(hash, JSON.stringify(text));
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return Math.imul(h ^ 0x22, FNV_PRIME);
}

const isArrayIndex = (key) => ARRAY_INDEX.test(key) && Number(key) <= MAX_ARRAY_INDEX;
const byKey = (a, b) => (a[0] < b[0] ? -1 : 1);

// The [key, value] pairs in the order JSON.stringify(sortKeys(value)) writes
// them: the copy is built in sorted order, but V8 lists array indices first
// (and Object.entries already lists them so).
function entriesInCopyOrder(value) {
  const entries = Object.entries(value);
  let indices = 0;
  while (indices < entries.length && isArrayIndex(entries[indices][0])) indices++;
  if (indices === 0) return entries.sort(byKey);
  return entries.slice(0, indices).concat(entries.slice(indices).sort(byKey));
}

const skipped = (value) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function hashValue(hash, value) {
  switch (typeof value) {
    case 'string':
      return hashString(hash, value);
    case 'number':
      return fnv(hash, Number.isFinite(value) ? String(value) : 'null');
    case 'boolean':
      return fnv(hash, value ? 'true' : 'false');
    case 'object':
      if (value === null) return fnv(hash, 'null');
      return Array.isArray(value) ? hashArray(hash, value) : hashObject(hash, value);
    default:
      throw UNUSUAL;
  }
}

function hashArray(hash, list) {
  if (Object.getPrototypeOf(list) !== Array.prototype) throw UNUSUAL;
  let h = Math.imul(hash ^ 0x5b, FNV_PRIME);
  for (let i = 0; i < list.length; i++) {
    if (i > 0) h = Math.imul(h ^ 0x2c, FNV_PRIME);
    const item = list[i];
    h = skipped(item) ? fnv(h, 'null') : hashValue(h, item);
  }
  return Math.imul(h ^ 0x5d, FNV_PRIME);
}

function hashObject(hash, record) {
  const proto = Object.getPrototypeOf(record);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  let h = Math.imul(hash ^ 0x7b, FNV_PRIME);
  let first = true;
  for (const [key, item] of entriesInCopyOrder(record)) {
    if (skipped(item)) {
      if (key === 'toJSON' && typeof item === 'function') throw UNUSUAL;
      continue;
    }
    if (!first) h = Math.imul(h ^ 0x2c, FNV_PRIME);
    first = false;
    h = Math.imul(hashString(h, key) ^ 0x3a, FNV_PRIME);
    h = hashValue(h, item);
  }
  return Math.imul(h ^ 0x7d, FNV_PRIME);
}

// FNV-1a over the input with sorted keys: verwalter serializes `peers` from a
// hash map, so the same cluster state can arrive with keys in any order, and
// must still give the same random sequence. (harness/simulate/kept.mjs
// computes the same inside the engine.)
export function seedFor(input) {
  const inherited = Object.prototype.toJSON !== undefined || Array.prototype.toJSON !== undefined;
  if (!inherited) {
    try {
      // FNV-1a of the text JSON.stringify(sortKeys(input)) would give,
      // hashed while walking the input, without that copy or that text.
      return hashValue(FNV_OFFSET, input) | 0;
    } catch (error) {
      if (error !== UNUSUAL) throw error;
    }
  }
  return fnv(FNV_OFFSET, JSON.stringify(sortKeys(input))) | 0;
}

// A missing `now` is 0 (the epoch), so hand-written test inputs may omit it.
export function nowOf(input) {
  const { now = 0 } = input;
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new InputError(`input.now must be a number of milliseconds, got ${JSON.stringify(now) ?? String(now)}`);
  }
  return now;
}
