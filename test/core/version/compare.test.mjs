// version_spec.lua, plus the ordering's known hard cases and its properties.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const { compare, less } = T.version;

// Version-like strings: an optional `v`, number and word chunks, separators;
// leading zeros and long numbers included, as the hard cases are there.
const chunk = fc.oneof(
  fc.stringMatching(/^[0-9]{1,3}$/),
  fc.stringMatching(/^0[0-9]{1,2}$/),
  fc.stringMatching(/^[0-9]{15,25}$/),
  fc.stringMatching(/^[a-z]{1,5}$/),
  fc.stringMatching(/^[a-z0-9]{1,8}$/),
);
const versionLike = fc.tuple(
  fc.constantFrom('v', '', 'v'),
  fc.array(fc.tuple(chunk, fc.constantFrom('.', '-', '.', '_', '+', '..')), { minLength: 0, maxLength: 5 }),
).map(([v, parts]) => v + parts.map(([c, sep], i) => (i ? sep : '') + c).join(''));
const anyVersion = fc.oneof({ weight: 4, arbitrary: versionLike }, { weight: 1, arbitrary: fc.string() });

const sign = (n) => (n > 0 ? 1 : n < 0 ? -1 : 0);

describe('version.compare', () => {
  describe('version_spec', () => {
    it('various comparisons', () => {
      expect(less('v1', 'v2')).to.equal(true);
      expect(!less('v1.0', 'v1')).to.equal(true);
      expect(!less('v2', 'v1')).to.equal(true);
      expect(less('v2', 'v10')).to.equal(true);
      expect(less('v2', 'v11')).to.equal(true);
      expect(!less('v10', 'v2')).to.equal(true);
      expect(!less('v12', 'v2')).to.equal(true);
      expect(less('v1.1', 'v2.1')).to.equal(true);
      expect(less('v2.1', 'v2.3')).to.equal(true);
      expect(!less('v2.3', 'v2.1')).to.equal(true);
      expect(less('v2', 'v2.1')).to.equal(true);
    });

    it('nil comparison', () => {
      expect(less(null, null)).to.equal(false);
      expect(less(null, 'v1')).to.equal(true);
      expect(less('v1', null)).to.equal(false);
    });

    it('compare is false for equal versions', () => {
      expect(less('v1', 'v1')).to.equal(false);
      expect(less('v2', 'v2')).to.equal(false);
      expect(less('v2.3.4', 'v2.3.4')).to.equal(false);
    });

    it('dirty comparison', () => {
      expect(less('v0.9.4-10-g93e889d-dirty', 'v0.9.4-dirty')).to.equal(false);
      expect(less('v0.9.4-dirty', 'v0.9.4-10-g93e889d-dirty')).to.equal(true);
    });

    it('version sort', () => {
      const list = ['v1.1.0', 'v1.0', 'v2.15', 'v3.4.6', 'v1', 'v2.3', 'v1.1', 'v10.0'];
      expect(T.version.sort(list)).to.deep.equal([
        'v1', 'v1.0', 'v1.1', 'v1.1.0', 'v2.3', 'v2.15', 'v3.4.6', 'v10.0',
      ]);
    });
  });

  describe('ordering', () => {
    it('compares long numbers exactly (precision)', () => {
      expect(compare('v123456789012345678901', 'v123456789012345678900')).to.equal(1);
      expect(compare('v123456789012345678900', 'v123456789012345678901')).to.equal(-1);
      expect(compare('v1.9007199254740993', 'v1.9007199254740992')).to.equal(1);
    });

    it('puts a word before a number (v0.9.4-dirty < v0.9.4-10-g93e889d-dirty)', () => {
      expect(compare('v0.9.4-dirty', 'v0.9.4-10-g93e889d-dirty')).to.equal(-1);
      expect(compare('v0.9.4-10-g93e889d-dirty', 'v0.9.4-dirty')).to.equal(1);
      expect(compare('v1.0-rc1', 'v1.0-1')).to.equal(-1);
    });

    it('puts a prefix first (v2 < v2.1, v1 < v1.0)', () => {
      expect(compare('v2', 'v2.1')).to.equal(-1);
      expect(compare('v1', 'v1.0')).to.equal(-1);
      expect(compare('v1.0', 'v1')).to.equal(1);
    });

    it('puts missing versions first', () => {
      expect(compare(null, 'v1')).to.equal(-1);
      expect(compare(undefined, 'v1')).to.equal(-1);
      expect(compare('v1', null)).to.equal(1);
      expect(compare(null, undefined)).to.equal(0);
      expect(T.version.sort(['v2', null, 'v1'])).to.deep.equal([null, 'v1', 'v2']);
    });

    it('orders equal-looking versions by their text, so only identical strings compare equal', () => {
      expect(compare('v1.01', 'v1.1')).to.equal(-1);
      expect(compare('v1-0', 'v1.0')).to.equal(-1);
      expect(compare('1.0', 'v1.0')).to.equal(-1);
      expect(compare('v1.0', 'v1.0')).to.equal(0);
    });

    it('splits into chunks after an optional v', () => {
      expect(T.version.chunks('v0.9.4-10-g93e889d-dirty')).to.deep.equal(['0', '9', '4', '10', 'g93e889d', 'dirty']);
      expect(T.version.chunks('release')).to.deep.equal(['release']);
      expect(T.version.chunks('')).to.deep.equal([]);
    });
  });

  describe('properties', () => {
    it('is antisymmetric', () => {
      fc.assert(fc.property(anyVersion, anyVersion, (a, b) => sign(compare(a, b)) === -sign(compare(b, a))), { numRuns: 2000 });
    });

    it('is transitive on random triples', () => {
      fc.assert(fc.property(anyVersion, anyVersion, anyVersion, (a, b, c) => {
        // sorting the triple and checking every pair covers all chains
        const [x, y, z] = [a, b, c].sort(compare);
        return compare(x, y) <= 0 && compare(y, z) <= 0 && compare(x, z) <= 0 &&
          (compare(a, b) > 0 || compare(b, c) > 0 || compare(a, c) <= 0);
      }), { numRuns: 2000 });
    });

    it('is transitive on triples sharing a prefix', () => {
      // random strings rarely share chunks; these differ only late
      const prefixed = versionLike.map((s) => 'v1.2' + (s ? '.' + s.replace(/^v/, '') : ''));
      fc.assert(fc.property(prefixed, prefixed, prefixed, (a, b, c) =>
        !(compare(a, b) <= 0 && compare(b, c) <= 0) || compare(a, c) <= 0), { numRuns: 1000 });
    });

    it('is total: compare(a, b) is 0 exactly when a === b', () => {
      fc.assert(fc.property(anyVersion, anyVersion, (a, b) => (compare(a, b) === 0) === (a === b)), { numRuns: 2000 });
      fc.assert(fc.property(anyVersion, (a) => compare(a, a) === 0));
    });

    // compare goes through one sort key per version; this is the rule
    // chunk by chunk, as the reference states it, to hold the key to.
    const byChunks = (a, b) => {
      const split = (v) => (v.charAt(0) === 'v' ? v.substring(1) : v).match(/[0-9A-Za-z]+/g) || [];
      const strip = (d) => d.replace(/^0+/, '');
      const [x, y] = [split(a), split(b)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const [xn, yn] = [/^[0-9]+$/.test(x[i]), /^[0-9]+$/.test(y[i])];
        if (xn && yn) {
          const [p, q] = [strip(x[i]), strip(y[i])];
          if (p.length !== q.length) return p.length < q.length ? -1 : 1;
          if (p !== q) return p < q ? -1 : 1;
        } else if (xn !== yn) return xn ? 1 : -1;
        else if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      }
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      return a === b ? 0 : a < b ? -1 : 1;
    };

    it('agrees with the chunk-by-chunk rule', () => {
      fc.assert(fc.property(anyVersion, anyVersion, (a, b) => compare(a, b) === byChunks(a, b)), { numRuns: 5000 });
      const prefixed = versionLike.map((s) => 'v1.2' + (s ? '.' + s.replace(/^v/, '') : ''));
      fc.assert(fc.property(prefixed, prefixed, (a, b) => compare(a, b) === byChunks(a, b)), { numRuns: 3000 });
      // Numbers longer than one code unit of length (32768 digits) and ties.
      const long = (n, d = '1') => 'v' + d.repeat(n);
      const cases = [[long(40000), long(40001)], [long(40000, '9'), long(40000, '8')], [long(32768), long(32767, '9')],
        ['v1.0', 'v1..0'], ['v01', 'v1'], ['', 'v'], ['v', 'x'], ['1.a', '1.0'], ['v1\u0000', 'v1'], ['v1-a', 'v1-a0']];
      for (const [a, b] of cases) {
        expect(compare(a, b), `${a.slice(0, 12)} vs ${b.slice(0, 12)}`).to.equal(byChunks(a, b));
        expect(compare(b, a)).to.equal(byChunks(b, a));
      }
    });

    it('sorts as a comparator sort would, duplicates included', () => {
      fc.assert(fc.property(fc.array(anyVersion, { maxLength: 30 }), (list) => {
        const doubled = list.concat(list.slice(0, 3));
        const expected = doubled.slice().sort(byChunks);
        return JSON.stringify(T.version.sort(doubled)) === JSON.stringify(expected) &&
          JSON.stringify(T.version.rsort(doubled)) === JSON.stringify(expected.slice().reverse());
      }), { numRuns: 1000 });
      // Not all strings: the comparator sort, numbers as their text.
      expect(T.version.sort(['v2', 10, 'v1', null])).to.deep.equal([null, 'v1', 'v2', 10]);
    });

    it('agrees with less, max and sort', () => {
      fc.assert(fc.property(fc.array(anyVersion, { maxLength: 8 }), (list) => {
        const sorted = T.version.sort(list);
        for (let i = 1; i < sorted.length; i++) if (less(sorted[i], sorted[i - 1])) return false;
        return list.length === 0 ? T.version.max(list) === null : T.version.max(list) === sorted[sorted.length - 1];
      }), { numRuns: 500 });
    });
  });

  describe('bad input', () => {
    it('takes numbers as their text and other non-strings as missing', () => {
      expect(compare(2, 'v10')).to.equal(-1);
      expect(compare(10, 9)).to.equal(1);
      expect(compare({}, 'v1')).to.equal(-1);
      expect(compare([], null)).to.equal(0);
      expect(compare({ toString: 1 }, true)).to.equal(0);
      expect(T.version.chunks(42)).to.deep.equal([]);
    });
  });
});
