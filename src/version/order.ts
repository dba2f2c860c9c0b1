import { compare, Version } from './compare';

export type Comparator = (a: Version, b: Version) => number;

// A comparator argument that is not a function means the default.
function comparator(cmp: unknown): Comparator {
  return typeof cmp === 'function' ? (cmp as Comparator) : compare;
}

/** The reference's `compare`: true when `a` is strictly older than `b`. */
export function less(a: Version, b: Version, cmp?: Comparator): boolean {
  return comparator(cmp)(a, b) < 0;
}

export function descending(a: Version, b: Version): number {
  return compare(b, a);
}

// Sorting copies: callers pass runtime keys or parent data they don't own.
// Anything but an array sorts as an empty list.
export function sort<T extends Version>(list: T[], cmp?: Comparator): T[] {
  var c = comparator(cmp);
  if (!(list instanceof Array)) return [];
  return list.slice().sort(function (a, b) { return c(a, b); });
}

export function rsort<T extends Version>(list: T[], cmp?: Comparator): T[] {
  var c = comparator(cmp);
  if (!(list instanceof Array)) return [];
  return list.slice().sort(function (a, b) { return c(b, a); });
}

/** The newest of the list, or null for an empty list (or a non-list). */
export function max<T extends Version>(list: T[], cmp?: Comparator): T | null {
  var c = comparator(cmp);
  if (!(list instanceof Array) || list.length === 0) return null;
  var best = list[0];
  for (var i = 1; i < list.length; i++) {
    if (c(list[i], best) > 0) best = list[i];
  }
  return best;
}

export function min<T extends Version>(list: T[], cmp?: Comparator): T | null {
  var c = comparator(cmp);
  if (!(list instanceof Array) || list.length === 0) return null;
  var best = list[0];
  for (var i = 1; i < list.length; i++) {
    if (c(list[i], best) < 0) best = list[i];
  }
  return best;
}
