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

/** Stage names; the state machine's own steps can't be stage names, nor
 * can `__proto__` (stage names key plain objects in the ordering). */
export var RESERVED_STEPS = ['start', 'done', 'revert_done', '__proto__'];

export function isReserved(name: string): boolean {
  return name === '__proto__' || isStateStep(name);
}

/** The state machine's own steps: before the first stage and after the
 * last, either way. */
var STATE_STEPS = ['start', 'done', 'revert_done'];

export function isStateStep(name: string): boolean {
  for (var i = 0; i < STATE_STEPS.length; i++) {
    if (STATE_STEPS[i] === name) return true;
  }
  return false;
}

/** A version a state names: a group running "" would no longer be kept by
 * tracking nor placed. */
export function versionName(): Validator<string> {
  return {
    convert: function (value, path, errors) {
      if (typeof value !== 'string' || value === '') {
        errors.push(path + ': Value is not a version name, but ' + (value === '' ? 'empty' : typeName(value)));
        return undefined as unknown as string;
      }
      return value;
    },
  };
}

export function stageName(): Validator<string> {
  return {
    convert: function (value, path, errors) {
      if (typeof value !== 'string' || value === '') {
        errors.push(path + ': Value is not a stage name, but ' + (value === '' ? 'empty' : typeName(value)));
        return undefined as unknown as string;
      }
      if (isReserved(value)) errors.push(path + ': "' + value + '" is a reserved step name');
      return value;
    },
  };
}
