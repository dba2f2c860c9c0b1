// Versions, groups and images are names from untrusted input, and one of them
// may be `__proto__` (outputs are written with json.setKey for that reason).
import { repr } from '../repr';
import { typeName } from '../validate';

/** A map for internal use, keyed by untrusted names: with no prototype,
 * `__proto__` is an ordinary key, and V8 keeps such an object in dictionary
 * mode from the start instead of building a hidden class per new name. */
export function dict<T>(): { [key: string]: T } {
  return Object.create(null) as { [key: string]: T };
}

/** A bad value for an error line: its type, and itself when it is short. */
export function describe(value: unknown): string {
  var t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t + ' ' + repr(value);
  return typeName(value);
}
