// Command-line parsing for the project's own scripts (benchmarks, fuzz):
// commander, as the harness, so a bad flag is a one-line error with the
// usage, not a stack trace.
import { Command, InvalidArgumentError } from 'commander';
import { SIZES } from '../bench/cluster.mjs';

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

/** One of the benchmark's cluster sizes (S, M, L, XL), any case. */
export function size(text) {
  const name = text.trim().toUpperCase();
  if (!Object.hasOwn(SIZES, name)) throw new InvalidArgumentError(`must be one of ${Object.keys(SIZES).join(', ')}`);
  return name;
}

/** A comma-separated list of sizes. */
export function sizes(text) {
  return text.split(',').map(size);
}

/** A commander program for a script: parses process.argv and returns its options. */
export function scriptOptions(name, description, define) {
  const program = new Command(name).description(description).showHelpAfterError().allowExcessArguments(false);
  define(program);
  program.parse();
  return program.opts();
}
