// JSON values as they arrive from verwalter. Everything the scheduler reads
// is untrusted until a validator has cleaned it.
import { put } from './dict';
import { isArray } from './array';

export type Json = null | boolean | number | string | JsonArray | JsonObject;
export interface JsonArray extends Array<Json> {}
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !isArray(value);
}

// Own enumerable keys, in insertion order (ES5's Object.keys: native, so
// much faster in an interpreter than a for-in with hasOwnProperty), and []
// for anything that is not an object. Hot loops call Object.keys itself on
// what they know is an object.
export function keys(obj: object): string[] {
  if (obj === null || typeof obj !== 'object') return [];
  return Object.keys(obj);
}

// Looked up once: in an interpreter every `Object.prototype.hasOwnProperty`
// is three property reads, and `has` runs a million times in a large tick.
var hasOwn = Object.prototype.hasOwnProperty;

// Only strings (and numbers) name keys; converting an object to a key can
// throw (a JSON object with a `toString` key).
export function has(obj: object, key: string): boolean {
  if (obj == null || (typeof key !== 'string' && typeof key !== 'number')) return false;
  return hasOwn.call(obj, key);
}

/** Adds an own key. Keys come from untrusted input and one may be
 * `__proto__`, which a plain assignment would turn into a prototype change
 * (the key would vanish from the output). */
export function setKey<T>(obj: { [key: string]: T }, key: string, value: T): void {
  // Only strings and numbers, as in `has`.
  if (obj === null || typeof obj !== 'object' || (typeof key !== 'string' && typeof key !== 'number')) return;
  put(obj, key, value);
}

// Deep copy of a JSON value; used where a state is edited so the caller's
// input (often a parent schedule) is never mutated.
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (isArray(value)) {
    var arr: unknown[] = [];
    for (var i = 0; i < value.length; i++) arr.push(clone(value[i]));
    return arr as unknown as T;
  }
  var out: { [k: string]: unknown } = {};
  var ks = keys(value as unknown as object);
  for (var j = 0; j < ks.length; j++) {
    setKey(out, ks[j], clone((value as { [k: string]: unknown })[ks[j]]));
  }
  return out as T;
}

// Lua-era schedules encode an empty object as `[]`; read those as `{}`.
export function objectOrEmpty(value: unknown): JsonObject | null {
  // isObject's test, written out: a large tick reads every group and
  // service through here.
  if (value === null || typeof value !== 'object') return null;
  if (!isArray(value)) return value as JsonObject;
  return value.length === 0 ? {} : null;
}

// Timestamps may be numbers or numeric strings (Lua-era schedules, action
// keys). Returns null for anything that is not a finite number.
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    var n = parseFloat(value);
    return isFinite(n) ? n : null;
  }
  return null;
}

// An action's id as verwalter makes it: a u64 in decimal, the millisecond
// it was posted. Null for anything else (" 12 ", "1.5", "-5", "1e3"), which
// no verwalter sends: not a time to order buttons by.
export function actionTime(id: unknown): number | null {
  return typeof id === 'string' && /^(0|[1-9][0-9]{0,19})$/.test(id) ? parseFloat(id) : null;
}

// The few table helpers of the reference's func module that ES5 lacks
// (it has Array map/filter/indexOf, but nothing like Object.assign).

export function countKeys(obj: object): number {
  return keys(obj).length;
}

/** True for an object with no own keys, and for Lua's `[]`. */
export function isEmpty(obj: unknown): boolean {
  var o = objectOrEmpty(obj);
  return o !== null && keys(o).length === 0;
}

/** `{name: true}` for each string of the list (a version set, say). */
export function toSet(list: unknown): { [name: string]: boolean } {
  var out: { [name: string]: boolean } = {};
  var items = isArray(list) ? list : isObject(list) ? values(list) : [];
  for (var i = 0; i < items.length; i++) {
    if (typeof items[i] === 'string') setKey(out, items[i] as string, true);
  }
  return out;
}

export function values<T>(obj: { [key: string]: T }): T[] {
  var ks = keys(obj);
  var out: T[] = [];
  for (var i = 0; i < ks.length; i++) out.push(obj[ks[i]]);
  return out;
}

/** A new object with the keys of each argument in turn; later ones win.
 * Shallow, like Object.assign({}, ...), which ES5 does not have. */
export function merge(...objects: object[]): JsonObject {
  var out: JsonObject = {};
  for (var i = 0; i < objects.length; i++) {
    var src = objects[i] as { [k: string]: Json };
    var ks = keys(src);
    for (var j = 0; j < ks.length; j++) setKey(out, ks[j], src[ks[j]]);
  }
  return out;
}

/** Appends the items of each list to `list` and returns it (a new list
 * when `list` is not one); arguments that are not lists are skipped. */
export function extend<T>(target: T[], ...lists: T[][]): T[] {
  var list = isArray(target) ? target : [];
  for (var i = 0; i < lists.length; i++) {
    var more = lists[i];
    if (!isArray(more)) continue;
    for (var j = 0; j < more.length; j++) list.push(more[j]);
  }
  return list;
}

/** `fn(key, value)` over the own keys, into a new object under the key `fn`
 * returns with the value; entries for which it returns null are left out
 * (the reference's map_to_dict and filter_pairs in one). */
export function mapEntries<T, U>(obj: { [key: string]: T }, fn: (key: string, value: T) => [string, U] | null): { [key: string]: U } {
  var out: { [key: string]: U } = {};
  var ks = typeof fn === 'function' ? keys(obj) : [];
  for (var i = 0; i < ks.length; i++) {
    var entry = fn(ks[i], obj[ks[i]]);
    if (isArray(entry) && typeof entry[0] === 'string') setKey(out, entry[0], entry[1]);
  }
  return out;
}
