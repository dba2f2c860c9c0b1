// Opt-in semver precedence for projects whose tags are semver: pre-releases
// come before their release (v1.0.0-rc.1 < v1.0.0), which the verwalter
// ordering gets backwards. Build metadata does not take part in precedence.
import { asVersion, compare, compareDigits, Version } from './compare';

var SEMVER = /^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
var NUMERIC = /^[0-9]+$/;

interface Parsed { core: string[]; pre: string[] }

export function parseSemver(version: string): Parsed | null {
  if (typeof version !== 'string') return null;
  var m = SEMVER.exec(version);
  if (!m) return null;
  return { core: [m[1], m[2], m[3]], pre: m[4] ? m[4].split('.') : [] };
}

export function isSemver(version: string): boolean {
  return typeof version === 'string' && SEMVER.test(version);
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) {
    // a release is newer than any of its pre-releases
    return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  }
  var n = a.length < b.length ? a.length : b.length;
  for (var i = 0; i < n; i++) {
    var an = NUMERIC.test(a[i]);
    var bn = NUMERIC.test(b[i]);
    var c: number;
    if (an && bn) c = compareDigits(a[i], b[i]);
    else if (an || bn) c = an ? -1 : 1; // semver: numeric identifiers are lower
    else c = a[i] < b[i] ? -1 : a[i] > b[i] ? 1 : 0;
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Semver precedence where both sides are semver. A version that is not
 * semver sorts before every semver one, and such versions order among
 * themselves by the verwalter ordering, so the order stays total. Ties of
 * precedence (build metadata, `v` prefix) fall back to the raw text. */
export function compareSemver(va: Version, vb: Version): number {
  var a = asVersion(va);
  var b = asVersion(vb);
  if (a == null || b == null) return compare(a, b);
  var pa = parseSemver(a);
  var pb = parseSemver(b);
  if (!pa || !pb) {
    if (pa || pb) return pa ? 1 : -1;
    return compare(a, b);
  }
  for (var i = 0; i < 3; i++) {
    var c = compareDigits(pa.core[i], pb.core[i]);
    if (c !== 0) return c;
  }
  var p = comparePre(pa.pre, pb.pre);
  if (p !== 0) return p;
  return a === b ? 0 : a < b ? -1 : 1;
}
