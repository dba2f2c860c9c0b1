// JSON values as they arrive from verwalter. Everything the scheduler reads
// is untrusted until a validator has cleaned it.
export type Json = null | boolean | number | string | JsonArray | JsonObject;
export interface JsonArray extends Array<Json> {}
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !(value instanceof Array);
}

// Own keys only, in insertion order: ES5 has no Object.entries, and a
// for-in over JSON also walks nothing inherited, but a caller's object might.
export function keys(obj: object): string[] {
  var out: string[] = [];
  for (var k in obj) {
    if (Object.prototype.hasOwnProperty.call(obj, k)) out.push(k);
  }
  return out;
}

export function has(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

// Deep copy of a JSON value; used where a state is edited so the caller's
// input (often a parent schedule) is never mutated.
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Array) {
    var arr: unknown[] = [];
    for (var i = 0; i < value.length; i++) arr.push(clone(value[i]));
    return arr as unknown as T;
  }
  var out: { [k: string]: unknown } = {};
  for (var k in value) {
    if (Object.prototype.hasOwnProperty.call(value, k)) {
      out[k] = clone((value as { [k: string]: unknown })[k]);
    }
  }
  return out as T;
}

// Lua-era schedules encode an empty object as `[]`; read those as `{}`.
export function objectOrEmpty(value: unknown): JsonObject | null {
  if (isObject(value)) return value;
  if (value instanceof Array && value.length === 0) return {};
  return null;
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
