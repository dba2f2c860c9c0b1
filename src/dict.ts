// Maps for the toolbox's own use (not part of its API), keyed by untrusted
// names.

/** A map with no prototype: `__proto__` is an ordinary key, and V8 keeps
 * such an object in dictionary mode from the start instead of building a
 * hidden class per new name. Its entries are read without `has`
 * (`map[key] !== undefined`): nothing is inherited, and in an interpreter
 * that is half the cost of a lookup. Written with put (below) all the same. */
export function dict<T>(): { [key: string]: T } {
  return Object.create(null) as { [key: string]: T };
}

/** json.setKey where the object is known to be one and the key a string (a
 * name read and checked already): the hot loops of a large tick call it a
 * few hundred thousand times, and setKey's checks were a third of its
 * cost. For any object, not only dicts. */
export function put<T>(obj: { [key: string]: T }, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value: value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}
