// The version ordering verwalter and the Lua toolbox use. A version is split
// into alphanumeric chunks after an optional leading `v`; every other
// ordering in the toolbox is expressed through `compare`.

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

export function chunks(version: string): string[] {
  if (typeof version !== 'string') return [];
  var body = version.charAt(0) === 'v' ? version.substring(1) : version;
  return body.match(CHUNK) || [];
}

// Numbers of any length compare exactly: by length once leading zeros are
// gone, then digit by digit (a float would merge v…901 and v…900).
export function compareDigits(a: string, b: string): number {
  var x = a.replace(/^0+/, '');
  var y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareChunk(a: string, b: string): number {
  var aNum = DIGITS.test(a);
  var bNum = DIGITS.test(b);
  if (aNum && bNum) return compareDigits(a, b);
  // A word meets a number: the word is older (v0.9.4-dirty is older than
  // v0.9.4-10-g93e889d-dirty), as the reference's code and spec have it,
  // although its comment claims the opposite.
  if (aNum) return 1;
  if (bNum) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
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
  var ac = chunks(a);
  var bc = chunks(b);
  var n = ac.length < bc.length ? ac.length : bc.length;
  for (var i = 0; i < n; i++) {
    var c = compareChunk(ac[i], bc[i]);
    if (c !== 0) return c;
  }
  if (ac.length !== bc.length) return ac.length < bc.length ? -1 : 1;
  return a < b ? -1 : 1;
}
