// Maps for the toolbox's own use (not part of its API), keyed by untrusted
// names.

/** A map with no prototype: `__proto__` is an ordinary key, and V8 keeps
 * such an object in dictionary mode from the start instead of building a
 * hidden class per new name. Its entries are read without `has`
 * (`map[key] !== undefined`): nothing is inherited, and in an interpreter
 * that is half the cost of a lookup. Written with json.setKey all the same. */
export function dict<T>(): { [key: string]: T } {
  return Object.create(null) as { [key: string]: T };
}
