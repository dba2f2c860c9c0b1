// The number and name validators of the update formats.
import { Validator, numberIn, timestamp, typeName } from '../validate';

export function nonNegative(): Validator<number> {
  return numberIn(0, Infinity);
}

export function positiveInteger(): Validator<number> {
  return numberIn(1, Infinity, true);
}

export function count(): Validator<number> {
  return numberIn(0, Infinity, true);
}

/** Whole percents keep every process's split in whole numbers. */
export function percent(): Validator<number> {
  return numberIn(0, 100, true);
}

/** A percent inside an update state: the Lua toolbox allowed fractions
 * there, and a state it wrote must carry over, so one is rounded down
 * (as the reference rounded its smooth steps) instead of dropping the update. */
export function storedPercent(): Validator<number> {
  var whole = numberIn(0, 100);
  return {
    convert: function (value, path, errors) {
      var n = whole.convert(value, path, errors);
      return typeof n === 'number' ? Math.floor(n) : n;
    },
  };
}

export { timestamp };

/** The state machine's own steps: before the first stage and after the
 * last, either way. */
var STATE_STEPS = ['start', 'done', 'revert_done'];

export function isStateStep(name: string): boolean {
  return STATE_STEPS.indexOf(name) >= 0;
}

/** Stage names; the state machine's own steps can't be stage names, nor
 * can `__proto__` (stage names key plain objects in the ordering). */
export function isReserved(name: string): boolean {
  return name === '__proto__' || isStateStep(name);
}

// A name (of a `what`) is a non-empty string.
function nonEmptyName(what: string, value: unknown, path: string, errors: string[]): boolean {
  if (typeof value === 'string' && value !== '') return true;
  errors.push(path + ': Value is not a ' + what + ' name, but ' + (value === '' ? 'empty' : typeName(value)));
  return false;
}

/** A version a state names: a group running "" would no longer be kept by
 * tracking nor placed. */
export function versionName(): Validator<string> {
  return {
    convert: function (value, path, errors) {
      return nonEmptyName('version', value, path, errors) ? value as string : undefined as unknown as string;
    },
  };
}

export function stageName(): Validator<string> {
  return {
    convert: function (value, path, errors) {
      if (!nonEmptyName('stage', value, path, errors)) return undefined as unknown as string;
      if (isReserved(value as string)) errors.push(path + ': "' + value + '" is a reserved step name');
      return value as string;
    },
  };
}
