// Composable validators for untrusted JSON, in the manner of the reference's
// trafaret module: each returns the cleaned value and appends errors as
// "<path>: <reason>" lines. None of them throws, whatever the input, so a bad
// parent schedule or action can be logged and skipped, never crash a run.
import { clone, has, isObject, keys, objectOrEmpty, setKey, toNumber } from './json';
import { isArray } from './array';
import { repr } from './repr';
import { dict, put } from './dict';

export interface Validator<T> {
  convert(value: unknown, path: string, errors: string[]): T;
  /** Set by `optional()`: a missing (or null) key is left out. */
  optional?: boolean;
  /** Set by `withDefault()`: a missing (or null) key takes this value. */
  hasDefault?: boolean;
  defaultValue?: T;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;
export type Shape = { [key: string]: Validator<unknown> };
export type ShapeValue<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

export interface Result<T> {
  ok: boolean;
  value: T;
  errors: string[];
}

export function validate<T>(validator: Validator<T>, value: unknown, path?: string): Result<T> {
  var errors: string[] = [];
  var cleaned: T;
  var at = typeof path === 'string' ? path : '';
  try {
    cleaned = asValidator(validator).convert(value, at, errors);
  } catch (e) {
    // Only a validator written by a user can get here; keep the input.
    errors.push(at + ': validator failed: ' + describeError(e));
    cleaned = value as T;
  }
  return { ok: errors.length === 0, value: cleaned, errors: errors };
}

function describeError(e: unknown): string {
  var err = e as { name?: unknown; message?: unknown } | null;
  if (err && typeof err.message === 'string') return (typeof err.name === 'string' ? err.name + ': ' : '') + err.message;
  return repr(e);
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (isArray(value)) return 'array';
  return typeof value;
}

// Validators made here: their convert needs no `this`, so a flagged copy
// (optional, withDefault) may call it directly instead of through a wrapper.
var MADE = '\u0000made';

function make<T>(convert: (value: unknown, path: string, errors: string[]) => T): Validator<T> {
  var v: Validator<T> = { convert: convert };
  Object.defineProperty(v, MADE, { value: true });
  return v;
}

// Validators are the scheduler's own code, but a typo (`V.list()` without
// its item) should read as an error line, not an exception in the run.
function asValidator<T>(validator: Validator<T>): Validator<T> {
  if (validator && typeof validator.convert === 'function') return validator;
  return make(function (value, path, errors) {
    errors.push(path + ': not a validator: ' + repr(validator));
    return value as T;
  });
}

export function any(): Validator<unknown> {
  return make(function (value) { return value; });
}

/** Exactly this value (the reference's Atom). */
export function constant<T extends string | number | boolean | null>(expected: T): Validator<T> {
  return make(function (value, path, errors) {
    if (value !== expected) {
      // repr, not String(): a JSON object with a `toString` key makes
      // String() throw.
      errors.push(path + ': Value must be ' + repr(expected) + ', but is ' + repr(value));
    }
    return expected;
  });
}

export function number(): Validator<number> {
  return make(function (value, path, errors) {
    if (typeof value === 'number' && isFinite(value)) return value;
    // An overflow (a time of 1e308 seconds in ms) or a NaN is a number too.
    errors.push(path + (typeof value === 'number' ? ': Value is not a finite number, but ' + value : ': Value is not a number, but ' + typeName(value)));
    // Like the reference's tonumber(): a numeric string still converts.
    var n = toNumber(value);
    return (n === null ? undefined : n) as number;
  });
}

/** A number within [min, max]; whole when `integer`. */
export function numberIn(min: number, max: number, integer?: boolean): Validator<number> {
  var base = number();
  var lo = typeof min === 'number' ? min : -Infinity;
  var hi = typeof max === 'number' ? max : Infinity;
  var what = (integer ? 'a whole number' : 'a number') +
    (hi === Infinity ? ' >= ' + lo : ' from ' + lo + ' to ' + hi);
  return make(function (value, path, errors) {
    if (typeof value !== 'number' || !isFinite(value)) return base.convert(value, path, errors);
    var n = value;
    if ((integer && Math.floor(n) !== n) || n < lo || n > hi) {
      errors.push(path + ': Value must be ' + what + ', but is ' + String(n));
    }
    return n;
  });
}

/** Milliseconds (or any time): a number, or a numeric string as Lua-era
 * schedules and action ids carry it; cleaned to a number. */
export function timestamp(): Validator<number> {
  return make(function (value, path, errors) {
    var n = toNumber(value);
    if (n === null) {
      errors.push(path + ': Value is not a timestamp, but ' + typeName(value));
      return undefined as unknown as number;
    }
    return n;
  });
}

export function boolean(): Validator<boolean> {
  return make(function (value, path, errors) {
    if (typeof value === 'boolean') return value;
    errors.push(path + ': Value is not a boolean, but ' + typeName(value));
    // The reference coerces Lua-style: every value but nil/false is true.
    return value !== null && value !== undefined && value !== false;
  });
}

export function string(pattern?: RegExp): Validator<string> {
  var bad = pattern != null && !(pattern instanceof RegExp);
  return make(function (value, path, errors) {
    if (bad) {
      errors.push(path + ': pattern is not a RegExp: ' + repr(pattern));
      return value as string;
    }
    if (typeof value !== 'string') {
      errors.push(path + ': Value is not a string, but ' + typeName(value));
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : (undefined as unknown as string);
    }
    if (pattern && !pattern.test(value)) {
      errors.push(path + ": Value doesn't match pattern " + String(pattern));
    }
    return value;
  });
}

export function oneOf<T extends string | number | boolean>(given: T[]): Validator<T> {
  var options = isArray(given) ? given : [];
  return make(function (value, path, errors) {
    for (var i = 0; i < options.length; i++) {
      if (value === options[i]) return options[i];
    }
    errors.push(path + ': Must be one of ' + options.join(', '));
    return undefined as unknown as T;
  });
}

function withFlags<T>(given: Validator<T>, flags: Partial<Validator<T>>): Validator<T> {
  var validator = asValidator(given);
  var made = has(validator, MADE);
  var out: Validator<T> = made ? { convert: validator.convert } : { convert: function (v, p, e) { return validator.convert(v, p, e); } };
  if (made) Object.defineProperty(out, MADE, { value: true });
  out.optional = validator.optional;
  out.hasDefault = validator.hasDefault;
  out.defaultValue = validator.defaultValue;
  for (var k in flags) {
    if (has(flags, k)) setKey(out as unknown as { [k: string]: unknown }, k, (flags as { [k: string]: unknown })[k]);
  }
  return out;
}

export function optional<T>(validator: Validator<T>): Validator<T | undefined> {
  return withFlags(validator, { optional: true }) as Validator<T | undefined>;
}

export function withDefault<T>(validator: Validator<T>, value: T): Validator<T> {
  return withFlags(validator, { hasDefault: true, defaultValue: value });
}

export interface ObjectOptions {
  /** Keep keys the shape doesn't name (unvalidated) instead of reporting them. */
  allowExtra?: boolean;
}

/** An object with named keys: required unless `optional()`, filled from
 * `withDefault()` when missing. Lua-era `[]` for an empty object is taken. */
export function object<S extends Shape>(shape: S, options?: ObjectOptions): Validator<ShapeValue<S>> {
  var allowExtra = !!(options && options.allowExtra);
  var names = keys(shape);
  // Read without `has` (see dict): every key of every value is looked up.
  var validators = dict<Validator<unknown>>();
  // Names an object inherits (`toString`, say): only `has` tells whether
  // the result has one of its own. The result holds no undefined value.
  var inherited: boolean[] = [];
  // `.<name>`, made once: a key's path is the object's and this.
  var tails = dict<string>();
  for (var n = 0; n < names.length; n++) {
    put(validators, names[n], asValidator(shape[names[n]]));
    inherited.push(names[n] in Object.prototype);
    put(tails, names[n], '.' + names[n]);
  }
  return make(function (value, path, errors) {
    var result: { [k: string]: unknown } = {};
    var src = objectOrEmpty(value);
    if (src === null) {
      errors.push(path + ': Value is not an object, but ' + typeName(value));
      return result as ShapeValue<S>;
    }
    // Sorted, so that the errors' order does not follow the input's keys.
    var own = keys(src).sort();
    // How many of the shape's keys the result has: when all, no default
    // or required key is left to look for.
    var set = 0;
    for (var i = 0; i < own.length; i++) {
      var key = own[i];
      var sub = validators[key];
      if (sub !== undefined) {
        var given = src[key];
        if (given === null && (sub.optional || sub.hasDefault)) continue;
        var converted = sub.convert(given, path + tails[key], errors);
        if (converted !== undefined) {
          put(result, key, converted);
          set++;
        }
      } else if (allowExtra) {
        put(result, key, src[key]);
      } else {
        errors.push(path + '.' + key + ': Unexpected key');
      }
    }
    for (var j = 0; set < names.length && j < names.length; j++) {
      var name = names[j];
      if (inherited[j] ? has(result, name) : result[name] !== undefined) continue;
      var v = validators[name];
      // A copy: the caller edits the result (say, adds groups to a default
      // `{}`), which must not change the default of the next run.
      if (v.hasDefault) setKey(result, name, clone(v.defaultValue));
      // A key given as null was reported by its validator already.
      else if (!v.optional && !has(src, name)) {
        errors.push(path + '.' + name + ': Required key');
      }
    }
    return result as ShapeValue<S>;
  });
}

/** An object used as a dictionary: every key and value validated; entries
 * whose key or value can't be cleaned are dropped. */
export function map<V>(keys_: Validator<string>, values: Validator<V>): Validator<{ [key: string]: V }> {
  var keyValidator = asValidator(keys_);
  var valueValidator = asValidator(values);
  return make(function (value, path, errors) {
    var result: { [k: string]: V } = {};
    if (isArray(value) && value.length === 0) return result;
    if (!isObject(value)) {
      errors.push(path + ': Value is not an object, but ' + typeName(value));
      return result;
    }
    var own = keys(value).sort();
    for (var i = 0; i < own.length; i++) {
      // `.name<key>`: the reference's `<key>` alone did not say which key.
      var k = keyValidator.convert(own[i], path + '.' + own[i] + '<key>', errors);
      if (k === undefined) continue;
      var v = valueValidator.convert(value[own[i]], path + '.' + k, errors);
      if (v !== undefined) setKey(result, k, v);
    }
    return result;
  });
}

export function list<T>(items: Validator<T>): Validator<T[]> {
  var item = asValidator(items);
  return make(function (value, path, errors) {
    var result: T[] = [];
    if (!isArray(value)) {
      errors.push(path + ': Value is not a list, but ' + typeName(value));
      return result;
    }
    for (var i = 0; i < value.length; i++) {
      result.push(item.convert(value[i], path + '.' + i, errors));
    }
    return result;
  });
}

/** The first alternative that validates; otherwise every alternative's errors. */
export function or<T>(given: Validator<T>[]): Validator<T> {
  var alternatives: Validator<T>[] = [];
  for (var a = 0; isArray(given) && a < given.length; a++) alternatives.push(asValidator(given[a]));
  return make(function (value, path, errors) {
    var all: string[] = [];
    for (var i = 0; i < alternatives.length; i++) {
      var errs: string[] = [];
      var v = alternatives[i].convert(value, path + '.<alternative ' + (i + 1) + '>', errs);
      if (errs.length === 0) return v;
      all.push.apply(all, errs);
    }
    errors.push.apply(errors, all);
    return value as T;
  });
}

/** A tagged union: the value of `tag` picks the validator. */
export function choice<T>(tagName: string, options: { [tagValue: string]: Validator<T> }): Validator<T> {
  var tag = typeof tagName === 'string' ? tagName : repr(tagName);
  return make(function (value, path, errors) {
    if (!isObject(value) || !has(value, tag) || value[tag] === null) {
      errors.push(path + ': Dict must contain ' + tag);
      return value as T;
    }
    var selector = value[tag];
    if (typeof selector !== 'string' || !has(options, selector)) {
      errors.push(path + ': Key ' + tag + ' must be one of ' + keys(options).join(', '));
      return value as T;
    }
    return asValidator(options[selector]).convert(value, path + '<choice ' + selector + '>', errors);
  });
}

// Edits (insertions, deletions, substitutions) from a to b.
function editDistance(a: string, b: string): number {
  var previous: number[] = [];
  for (var j = 0; j <= b.length; j++) previous.push(j);
  for (var i = 1; i <= a.length; i++) {
    var row = [i];
    for (var k = 1; k <= b.length; k++) {
      row.push(Math.min(previous[k] + 1, row[k - 1] + 1, previous[k - 1] + (a.charAt(i - 1) === b.charAt(k - 1) ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length];
}

// "autoRevertMs", "auto-revert-ms" and "auto_revert_ms" alike.
function looseName(name: string): string {
  return name.replace(/[-_\s]/g, '').toLowerCase();
}

/** The name among `known` that `name` was most likely meant to be (the same
 * but for case and separators, or a few typos away), or null. */
export function closest(name: string, known: string[]): string | null {
  var best: string | null = null;
  var bestDistance = Infinity;
  if (typeof name !== 'string' || !isArray(known)) return null;
  var loose = looseName(name);
  for (var i = 0; i < known.length; i++) {
    if (typeof known[i] !== 'string') continue;
    var distance = editDistance(loose, looseName(known[i]));
    if (distance < bestDistance) {
      best = known[i];
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(loose.length / 4)) ? best : null;
}
