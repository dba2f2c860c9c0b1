// Number validators the update formats need beyond validate.number():
// ranges, whole numbers, and timestamps that Lua-era schedules wrote as
// strings.
import { Validator, number, typeName } from '../validate';
import { toNumber } from '../json';

function bounded(integer: boolean, min: number, max: number, what: string): Validator<number> {
  var base = number();
  return {
    convert: function (value, path, errors) {
      var n = base.convert(value, path, errors);
      if (typeof value !== 'number' || !isFinite(value)) return n;
      if ((integer && Math.floor(n) !== n) || n < min || n > max) {
        errors.push(path + ': Value must be ' + what + ', but is ' + String(n));
      }
      return n;
    },
  };
}

export function nonNegative(): Validator<number> {
  return bounded(false, 0, Infinity, 'a number >= 0');
}

export function positiveInteger(): Validator<number> {
  return bounded(true, 1, Infinity, 'a whole number >= 1');
}

export function count(): Validator<number> {
  return bounded(true, 0, Infinity, 'a whole number >= 0');
}

/** Whole percents keep every process's split in whole numbers. */
export function percent(): Validator<number> {
  return bounded(true, 0, 100, 'a whole number from 0 to 100');
}

/** Milliseconds: a number, or a numeric string as the Lua toolbox wrote. */
export function timestamp(): Validator<number> {
  return {
    convert: function (value, path, errors) {
      var n = toNumber(value);
      if (n === null) {
        errors.push(path + ': Value is not a timestamp, but ' + typeName(value));
        return undefined as unknown as number;
      }
      return n;
    },
  };
}

/** Stage names; the state machine's own steps can't be stage names. */
export var RESERVED_STEPS = ['start', 'done', 'revert_done'];

export function isReserved(name: string): boolean {
  for (var i = 0; i < RESERVED_STEPS.length; i++) {
    if (RESERVED_STEPS[i] === name) return true;
  }
  return false;
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
