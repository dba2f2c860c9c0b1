import { compare, Version } from './compare';

export type Comparator = (a: Version, b: Version) => number;

/** The reference's `compare`: true when `a` is strictly older than `b`. */
export function less(a: Version, b: Version, cmp?: Comparator): boolean {
  return (cmp || compare)(a, b) < 0;
}

export function descending(a: Version, b: Version): number {
  return compare(b, a);
}

// Sorting copies: callers pass runtime keys or parent data they don't own.
export function sort<T extends Version>(list: T[], cmp?: Comparator): T[] {
  var c = cmp || compare;
  return list.slice().sort(function (a, b) { return c(a, b); });
}

export function rsort<T extends Version>(list: T[], cmp?: Comparator): T[] {
  var c = cmp || compare;
  return list.slice().sort(function (a, b) { return c(b, a); });
}

/** The newest of the list, or null for an empty list. */
export function max<T extends Version>(list: T[], cmp?: Comparator): T | null {
  var c = cmp || compare;
  if (list.length === 0) return null;
  var best = list[0];
  for (var i = 1; i < list.length; i++) {
    if (c(list[i], best) > 0) best = list[i];
  }
  return best;
}

export function min<T extends Version>(list: T[], cmp?: Comparator): T | null {
  var c = cmp || compare;
  if (list.length === 0) return null;
  var best = list[0];
  for (var i = 1; i < list.length; i++) {
    if (c(list[i], best) < 0) best = list[i];
  }
  return best;
}
