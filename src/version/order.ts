import { compare, sortVersions, Version } from './compare';
import { isArray } from '../array';

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

// ES5 does not promise a stable sort and Duktape's is not (its pivot is
// random), so ties keep their input order by index: the same input always
// gives the same output, in every engine. Sorts a copy: callers pass runtime
// keys or parent data they don't own. Anything but an array sorts as [].
function stableSort<T>(list: T[], c: (a: T, b: T) => number): T[] {
  if (!isArray(list)) return [];
  var order: number[] = [];
  for (var i = 0; i < list.length; i++) order.push(i);
  order.sort(function (x, y) { return c(list[x], list[y]) || x - y; });
  var out: T[] = [];
  for (var j = 0; j < order.length; j++) out.push(list[order[j]]);
  return out;
}

export function sort<T extends Version>(list: T[], cmp?: Comparator): T[] {
  var fast = typeof cmp === 'function' ? null : sortVersions(list, false);
  if (fast !== null) return fast;
  var c = comparator(cmp);
  return stableSort(list, function (a, b) { return c(a, b); });
}

export function rsort<T extends Version>(list: T[], cmp?: Comparator): T[] {
  var fast = typeof cmp === 'function' ? null : sortVersions(list, true);
  if (fast !== null) return fast;
  var c = comparator(cmp);
  return stableSort(list, function (a, b) { return c(b, a); });
}

/** The newest of the list, or null for an empty list (or a non-list). */
export function max<T extends Version>(list: T[], cmp?: Comparator): T | null {
  var c = comparator(cmp);
  if (!isArray(list) || list.length === 0) return null;
  var best = list[0];
  for (var i = 1; i < list.length; i++) {
    if (c(list[i], best) > 0) best = list[i];
  }
  return best;
}

export function min<T extends Version>(list: T[], cmp?: Comparator): T | null {
  var c = comparator(cmp);
  if (!isArray(list) || list.length === 0) return null;
  var best = list[0];
  for (var i = 1; i < list.length; i++) {
    if (c(list[i], best) < 0) best = list[i];
  }
  return best;
}
