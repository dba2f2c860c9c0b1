// Arrays, for the toolbox's own use (not part of its API: index.ts does not
// export this module).

/** Array.isArray, looked up once: QuickJS runs `x instanceof Array` as a
 * lookup and a call of Array[Symbol.hasInstance], twice the cost of this. */
export var isArray = Array.isArray as (value: unknown) => value is unknown[];
