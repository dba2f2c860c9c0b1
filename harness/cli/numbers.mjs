// Commander argument parsers for numeric flags. A bad value throws commander's
// InvalidArgumentError, so the message names the flag as typed.

import { InvalidArgumentError } from 'commander';

function number(text) {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('It is not a number.');
  return value;
}

export function wholeNumber({ min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  return (text) => {
    const value = number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`It must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}.`);
    }
    return value;
  };
}

// A positive number in the flag's unit, turned into the engine's unit by
// `scale` and checked by `problem` (null when fine).
export function scaledNumber(scale, problem) {
  return (text) => {
    const value = number(text);
    if (value <= 0) throw new InvalidArgumentError('It must be above 0.');
    const why = problem(value * scale);
    if (why) throw new InvalidArgumentError(`It ${why}.`);
    return value * scale;
  };
}
