// Command-line parsing for the project's own scripts (benchmarks, fuzz):
// commander, as the harness, so a bad flag is a one-line error with the
// usage, not a stack trace.
import { Command, InvalidArgumentError } from 'commander';
import { SHAPES, SIZES } from '../bench/cluster.mjs';

export function positive(text) {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return n;
}

export function whole(text) {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number >= 0');
  return n;
}

// A name from `table`'s keys, in any case (`fold` gives the keys' case).
function oneOf(table, fold) {
  return (text) => {
    const name = fold(text.trim());
    if (!Object.hasOwn(table, name)) throw new InvalidArgumentError(`must be one of ${Object.keys(table).join(', ')}`);
    return name;
  };
}
const listOf = (one) => (text) => text.split(',').map(one);

/** One of the benchmark's cluster sizes (S, M, L, XL), any case. */
export const size = oneOf(SIZES, (t) => t.toUpperCase());
/** A comma-separated list of sizes. */
export const sizes = listOf(size);
/** One of the benchmark's cluster shapes (wide, dense), any case. */
export const shape = oneOf(SHAPES, (t) => t.toLowerCase());
/** A comma-separated list of shapes. */
export const shapes = listOf(shape);

/** A commander program for a script: parses process.argv and returns its options. */
export function scriptOptions(name, description, define) {
  const program = new Command(name).description(description).showHelpAfterError().allowExcessArguments(false);
  define(program);
  program.parse();
  return program.opts();
}
