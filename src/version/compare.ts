// The version ordering verwalter and the Lua toolbox use. A version is split
// into alphanumeric chunks after an optional leading `v`; every other
// ordering in the toolbox is expressed through `compare`.
import { setKey } from '../json';
export type Version = string | null | undefined;

var CHUNK = /[0-9A-Za-z]+/g;
var DIGITS = /^[0-9]+$/;

// Versions come from JSON: numbers are taken as their text; anything else
// that is not a string counts as a missing version.
export function asVersion(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && isFinite(value)) return String(value);
  return null;
}

// A version split once: its chunks, and for each whether it is a number and
// the number without leading zeros (what numbers compare by).
interface Parsed {
  chunks: string[];
  numeric: boolean[];
  digits: string[];
}

// Sorting a project's versions compares each one many times; splitting it
// once is most of the cost in an interpreter. Keys are prefixed so that no
// version can be `__proto__`; the cache is dropped when it grows large.
var parsedCache: { [key: string]: Parsed } = {};
var parsedCount = 0;
var PARSED_CACHE_MAX = 20000;

function parse(version: string): Parsed {
  var key = '#' + version;
  var hit = parsedCache[key];
  if (hit !== undefined) return hit;
  if (parsedCount >= PARSED_CACHE_MAX) { parsedCache = {}; parsedCount = 0; }
  var body = version.charAt(0) === 'v' ? version.substring(1) : version;
  var list = body.match(CHUNK) || [];
  hit = { chunks: list, numeric: [], digits: [] };
  for (var i = 0; i < list.length; i++) {
    var num = DIGITS.test(list[i]);
    hit.numeric.push(num);
    hit.digits.push(num ? list[i].replace(/^0+/, '') : list[i]);
  }
  setKey(parsedCache, key, hit);
  parsedCount++;
  return hit;
}

/** The chunks a version is compared by (a fresh list). */
export function chunks(version: string): string[] {
  if (typeof version !== 'string') return [];
  return parse(version).chunks.slice();
}

// Numbers of any length compare exactly: by length once leading zeros are
// gone, then digit by digit (a float would merge v…901 and v…900).
function compareStripped(x: string, y: string): number {
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareDigits(a: string, b: string): number {
  return compareStripped(a.replace(/^0+/, ''), b.replace(/^0+/, ''));
}

function compareChunk(a: Parsed, b: Parsed, i: number): number {
  var aNum = a.numeric[i];
  var bNum = b.numeric[i];
  if (aNum && bNum) return compareStripped(a.digits[i], b.digits[i]);
  // A word meets a number: the word is older (v0.9.4-dirty is older than
  // v0.9.4-10-g93e889d-dirty), as the reference's code and spec have it,
  // although its comment claims the opposite.
  if (aNum) return 1;
  if (bNum) return -1;
  var x = a.chunks[i], y = b.chunks[i];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** -1, 0 or 1. Missing versions sort first; a prefix is older (v2 < v2.1).
 * Versions that differ only in separators or leading zeros are ordered by
 * their raw text, so the order is total and sorting is deterministic.
 * Numbers are compared as their text; other non-strings count as missing. */
export function compare(va: Version, vb: Version): number {
  var a = asVersion(va);
  var b = asVersion(vb);
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  if (a === b) return 0;
  var ap = parse(a);
  var bp = parse(b);
  var al = ap.chunks.length, bl = bp.chunks.length;
  var n = al < bl ? al : bl;
  for (var i = 0; i < n; i++) {
    var c = compareChunk(ap, bp, i);
    if (c !== 0) return c;
  }
  if (al !== bl) return al < bl ? -1 : 1;
  return a < b ? -1 : 1;
}
