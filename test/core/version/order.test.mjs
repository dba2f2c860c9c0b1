// Sorts, max/min/latest and less: all expressed through one comparator.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { freshBundle } from '../../support/fresh-bundle.mjs';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const { less } = T.version;

describe('version order', () => {
  it('sorts, reverse sorts, and finds max, min and latest', () => {
    const list = ['v1.10', 'v1.9', 'v0.9.4-dirty', 'v1.9.1', 'v0.9.4-10-g93e889d-dirty'];
    const asc = ['v0.9.4-dirty', 'v0.9.4-10-g93e889d-dirty', 'v1.9', 'v1.9.1', 'v1.10'];
    expect(T.version.sort(list)).to.deep.equal(asc);
    expect(T.version.rsort(list)).to.deep.equal(asc.slice().reverse());
    expect([...list].sort(T.version.descending)).to.deep.equal(asc.slice().reverse());
    // sorts copy
    expect(list).to.deep.equal(['v1.10', 'v1.9', 'v0.9.4-dirty', 'v1.9.1', 'v0.9.4-10-g93e889d-dirty']);
    expect(T.version.max(list)).to.equal('v1.10');
    expect(T.version.latest(list)).to.equal('v1.10');
    expect(T.version.min(list)).to.equal('v0.9.4-dirty');
    expect(T.version.max([])).to.equal(null);
    expect(T.version.min([])).to.equal(null);
  });

  it('takes another comparator for sorts and max', () => {
    const list = ['v1.0.0', 'v1.0.0-rc.1'];
    expect(T.version.sort(list, T.version.compareSemver)).to.deep.equal(['v1.0.0-rc.1', 'v1.0.0']);
    expect(T.version.rsort(list, T.version.compareSemver)).to.deep.equal(['v1.0.0', 'v1.0.0-rc.1']);
    expect(T.version.max(list, T.version.compareSemver)).to.equal('v1.0.0');
    expect(T.version.min(list, T.version.compareSemver)).to.equal('v1.0.0-rc.1');
    expect(T.version.max(list)).to.equal('v1.0.0-rc.1');
    expect(less('v1.0.0-rc.1', 'v1.0.0', T.version.compareSemver)).to.equal(true);
  });

  it('less is the reference\'s compare: strictly older', () => {
    expect(less('v1', 'v2')).to.equal(true);
    expect(less('v2', 'v2')).to.equal(false);
    expect(less('v2', 'v1')).to.equal(false);
  });

  describe('bad input', () => {
    it('sorts anything but a list as an empty list', () => {
      expect(T.version.sort(null)).to.deep.equal([]);
      expect(T.version.rsort({ a: 'v1' })).to.deep.equal([]);
      expect(T.version.max('v1')).to.equal(null);
      expect(T.version.min(undefined)).to.equal(null);
    });

    it('a comparator that is not a function means the default', () => {
      expect(T.version.sort(['v2', 'v1'], 'nope')).to.deep.equal(['v1', 'v2']);
      expect(T.version.max(['v2', 'v10'], {})).to.equal('v10');
      expect(less('v1', 'v2', 5)).to.equal(true);
    });
  });

  // sort and rsort read their sorted keys back as versions from the key
  // cache (version/compare.ts), which holds 100,000 and is emptied when
  // full: a sort must never lose a version to that, whatever the cache
  // held before it or however long its list is.
  it('sorts as compare does across the key cache being emptied', function () {
    this.timeout(60000);
    const V = freshBundle().version;
    const versions = (n, tag) => Array.from({ length: n }, (_, i) => `v${i % 97}.${Math.floor(i / 97)}-${tag}`);
    // The expected order from another instance, whose cache is its own.
    const check = (list) => {
      const asc = [...list].sort(T.version.compare);
      expect(V.sort(list)).to.deep.equal(asc);
      expect(V.rsort(list)).to.deep.equal(asc.reverse());
    };
    // 70,000 keys in the cache, then 40,000 more than it has room for, with
    // versions listed twice and some it knows already.
    check(versions(70000, 'a'));
    check([...versions(40000, 'b'), 'v1.0-a', ...versions(100, 'b'), 'v3.2-a']);
    // More versions than the cache holds at all.
    check(versions(100001, 'c'));
  });
});
