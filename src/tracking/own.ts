// Versions, groups and images are names from untrusted input, and one of them
// may be `__proto__`: a plain assignment would then change the object's
// prototype instead of adding a key, and the name would vanish from the
// output. Writing through defineProperty always makes an own, enumerable key.
import { repr } from '../repr';
import { typeName } from '../validate';

/** A map for internal use, keyed by untrusted names: with no prototype,
 * `__proto__` is an ordinary key, and V8 keeps such an object in dictionary
 * mode from the start instead of building a hidden class per new name. */
export function dict<T>(): { [key: string]: T } {
  return Object.create(null) as { [key: string]: T };
}

// Only `__proto__` takes that path: defineProperty turns V8 objects into
// slow dictionaries, which made tracking ten times slower.
export function put<T>(obj: { [key: string]: T }, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value: value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** A bad value for an error line: its type, and itself when it is short. */
export function describe(value: unknown): string {
  var t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t + ' ' + repr(value);
  return typeName(value);
}
