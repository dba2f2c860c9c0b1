// The version ordering verwalter and the Lua toolbox use. A version is split
// into alphanumeric chunks after an optional leading `v`; every other
// ordering in the toolbox is expressed through `compare`.
import { dict, put } from '../dict';
import { isArray } from '../array';
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

function split(version: string): string[] {
  var body = version.charAt(0) === 'v' ? version.substring(1) : version;
  return body.match(CHUNK) || [];
}

// A version's sort key: per chunk a tag (a word \u0001 is older than a
// number \u0002: v0.9.4-dirty is older than v0.9.4-10-g93e889d-dirty, as
// the reference's code and spec have it, although its comment claims the
// opposite), then a word and \u0000 (a prefix word is older), or a
// number without leading zeros as its length in two code units and its
// digits (longer is larger, then digit by digit: a float would merge
// v…901 and v…900); after the last chunk \u0000 (fewer chunks is older),
// then the raw text (the tie-break). Chunks are [0-9A-Za-z], above every
// marker, so two keys compare as strings as their versions compare.
function keyOf(version: string): string {
  var list = split(version);
  var key = '';
  for (var i = 0; i < list.length; i++) {
    if (DIGITS.test(list[i])) {
      var digits = list[i].replace(/^0+/, '');
      var n = digits.length;
      key += '\u0002' + String.fromCharCode(32 + Math.floor(n / 32768), 32 + (n % 32768)) + digits;
    } else {
      key += '\u0001' + list[i] + '\u0000';
    }
  }
  return key + '\u0000' + version;
}

// Sorting a project's versions compares each one many times; making its key
// once is most of the cost in an interpreter. A dict (see dict), so a
// version needs no prefix to be a key. Large enough for every version of a
// large cluster (a tick asks for each several times); dropped when full.
var keyCache = dict<string>();
// The other way, for sortVersions to read its sorted keys back as versions.
var versionCache = dict<string>();
var keyCount = 0;
var KEY_CACHE_MAX = 100000;

function emptyKeyCache(): void {
  keyCache = dict<string>();
  versionCache = dict<string>();
  keyCount = 0;
}

/** A string that sorts as `version` does under `compare` (plain string
 * order, as a sort without a comparator uses). */
export function sortKey(version: string): string {
  var hit = keyCache[version];
  if (hit !== undefined) return hit;
  if (keyCount >= KEY_CACHE_MAX) emptyKeyCache();
  hit = keyOf(version);
  put(keyCache, version, hit);
  put(versionCache, hit, version);
  keyCount++;
  return hit;
}

/** `list` in `compare`'s order, newest first when `descending`: its keys
 * sorted by the engine's own string sort, no comparator calls (the bulk of
 * sorting in an interpreter). Null when it is not a list or an item is not
 * a string, or for more versions than the cache holds. Ties are equal
 * strings, so their order can't show. */
export function sortVersions<T extends Version>(list: T[], descending: boolean): T[] | null {
  if (!isArray(list) || list.length > KEY_CACHE_MAX) return null;
  // Room for all of them first: no key may be forgotten before it is read
  // back.
  if (keyCount + list.length > KEY_CACHE_MAX) emptyKeyCache();
  var ks: string[] = [];
  for (var i = 0; i < list.length; i++) {
    var v = list[i];
    if (typeof v !== 'string') return null;
    ks.push(sortKey(v));
  }
  ks.sort();
  if (descending) ks.reverse();
  var out: T[] = [];
  for (var j = 0; j < ks.length; j++) out.push(versionCache[ks[j]] as T);
  return out;
}

/** The chunks a version is compared by (a fresh list). */
export function chunks(version: string): string[] {
  if (typeof version !== 'string') return [];
  return split(version);
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
  return sortKey(a) < sortKey(b) ? -1 : 1;
}
