// func_spec.lua, where it still means something in JS: the table helpers ES5
// lacks live in json (and range/repeat in gen). Dropped: map, map_reverse,
// filter, contains and sorted (ES5 arrays have map, filter, indexOf, sort),
// sum, and every "(dict)" case of a list function (a JS value is a list or
// an object, never both).
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const J = T.json;

describe('json', () => {
  describe('func_spec', () => {
    describe('map_pairs / map_to_dict / filter_pairs: mapEntries', () => {
      it('map_to_dict (dict)', () => {
        expect(J.mapEntries({ a: 'x', b: 'y', c: 'z' }, (k, v) => [v, k])).to.deep.equal({ x: 'a', y: 'b', z: 'c' });
      });
      it('map_pairs (dict)', () => {
        expect(J.mapEntries({ a: 'x', b: 'y', c: 'z' }, (k, v) => [k, k + ': ' + v])).to.deep.equal({ a: 'a: x', b: 'b: y', c: 'c: z' });
      });
      it('filter_pairs (dict)', () => {
        expect(J.mapEntries({ a: 'x', b: 'y', c: 'z' }, (k, v) => (v !== 'y' ? [v, k] : null))).to.deep.equal({ x: 'a', z: 'c' });
      });
    });

    describe('count_keys: count keys in a table', () => {
      it('(dict)', () => expect(J.countKeys({ a: 'x', b: 'y', c: 'z' })).to.equal(3));
    });

    describe('keys: return array of the keys of the table', () => {
      it('(dict)', () => expect(J.keys({ a: 'x', b: 'y', c: 'z' }).sort()).to.deep.equal(['a', 'b', 'c']));
      it('own keys only, in insertion order', () => {
        const o = Object.create({ inherited: 1 });
        o.z = 1;
        o.a = 2;
        expect(J.keys(o)).to.deep.equal(['z', 'a']);
      });
    });

    describe('copy: a deep copy of table', () => {
      it('(dict)', () => expect(J.clone({ 0: 'x', y: ['z'] })).to.deep.equal({ 0: 'x', y: ['z'] }));
      it('(mutate)', () => {
        const x = { 0: 'x', y: ['z'] };
        const y = J.clone(x);
        y.y.push('zz');
        expect(x).to.deep.equal({ 0: 'x', y: ['z'] });
        expect(y).to.deep.equal({ 0: 'x', y: ['z', 'zz'] });
      });
    });

    describe('copy: a shallow copy of table', () => {
      it('(list)', () => expect(J.clone(['x', 'y', 'z'])).to.deep.equal(['x', 'y', 'z']));
      it('(dict)', () => expect(J.clone({ 0: 'x', b: 'y', c: 'z' })).to.deep.equal({ 0: 'x', b: 'y', c: 'z' }));
      it('(number)', () => expect(J.clone(7)).to.equal(7));
      it('(string)', () => expect(J.clone('xyz')).to.equal('xyz'));
      it('(boolean)', () => {
        expect(J.clone(true)).to.equal(true);
        expect(J.clone(false)).to.equal(false);
      });
      it('(nil)', () => {
        expect(J.clone(null)).to.equal(null);
        expect(J.clone(undefined)).to.equal(undefined);
      });
    });

    describe('range_step_num', () => {
      it('(positive)', () => expect(T.gen.range(2, 2, 3)).to.deep.equal([2, 4, 6]));
      it('(negative)', () => expect(T.gen.range(6, -2, 3)).to.deep.equal([6, 4, 2]));
    });

    describe('repeat_num', () => {
      it('(int)', () => {
        expect(T.gen.repeat(2, 2)).to.deep.equal([2, 2]);
        expect(T.gen.repeat(7, 4)).to.deep.equal([7, 7, 7, 7]);
      });
      it('(str)', () => expect(T.gen.repeat('x', 3)).to.deep.equal(['x', 'x', 'x']));
      it('zero times', () => expect(T.gen.repeat('x', 0)).to.deep.equal([]));
    });

    describe('list_to_set', () => {
      it('(list)', () => expect(J.toSet(['x', 'y'])).to.deep.equal({ x: true, y: true }));
      it('(dict)', () => expect(J.toSet({ a: 'x', b: 'y' })).to.deep.equal({ x: true, y: true }));
    });

    describe('merge_tables', () => {
      it('empty', () => expect(J.merge()).to.deep.equal({}));
      it('single', () => expect(J.merge({ x: 1, y: 2 })).to.deep.equal({ x: 1, y: 2 }));
      it('two', () => expect(J.merge({ x: 1 }, { y: 2, c: 3 })).to.deep.equal({ x: 1, y: 2, c: 3 }));
      it('later ones win, arguments are not changed', () => {
        const a = { x: 1 };
        expect(J.merge(a, { x: 2 })).to.deep.equal({ x: 2 });
        expect(a).to.deep.equal({ x: 1 });
      });
    });

    describe('array_extend', () => {
      it('empty', () => expect(J.extend([])).to.deep.equal([]));
      it('single', () => {
        expect(J.extend([], [1, 2])).to.deep.equal([1, 2]);
        expect(J.extend([1, 2], [3, 4])).to.deep.equal([1, 2, 3, 4]);
      });
      it('two', () => expect(J.extend([], [3], [1, 2])).to.deep.equal([3, 1, 2]));
    });

    describe('empty_dict', () => {
      it('empty (assoc)', () => expect(J.isEmpty({})).to.equal(true));
      it('non-empty (assoc)', () => expect(J.isEmpty({ a: 1 })).to.equal(false));
      it('two (assoc)', () => expect(J.isEmpty({ a: 1, b: 2 })).to.equal(false));
      it('non-empty (list)', () => expect(J.isEmpty([1])).to.equal(false));
      it('three (list)', () => expect(J.isEmpty([3, 2, 1])).to.equal(false));
      it('Lua-era [] is an empty object', () => expect(J.isEmpty([])).to.equal(true));
    });
  });

  describe('helpers', () => {
    it('isObject: objects, not lists or null', () => {
      expect([{}, [], null, 'x', 1].map(J.isObject)).to.deep.equal([true, false, false, false, false]);
    });

    it('objectOrEmpty reads a Lua-era [] as {}', () => {
      expect(J.objectOrEmpty([])).to.deep.equal({});
      expect(J.objectOrEmpty([1])).to.equal(null);
      expect(J.objectOrEmpty('x')).to.equal(null);
      const o = { a: 1 };
      expect(J.objectOrEmpty(o)).to.equal(o);
    });

    it('toNumber reads numbers and numeric strings only', () => {
      expect(['12', ' 3.5 ', '-1', 7, '1e3', 'x', '', NaN, Infinity, null, {}, true].map(J.toNumber))
        .to.deep.equal([12, 3.5, -1, 7, null, null, null, null, null, null, null, null]);
    });

    it('has: own keys only, and false on null', () => {
      expect(J.has({ a: undefined }, 'a')).to.equal(true);
      expect(J.has({}, 'toString')).to.equal(false);
      expect(J.has(null, 'a')).to.equal(false);
    });

    it('a `__proto__` key stays a key through clone, merge, setKey and mapEntries', () => {
      const evil = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
      for (const copy of [J.clone(evil), J.merge(evil), J.mapEntries(evil, (k, v) => [k, v])]) {
        expect(Object.keys(copy)).to.deep.equal(['__proto__', 'a']);
        expect(copy.polluted).to.equal(undefined);
        expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
      }
      const o = {};
      J.setKey(o, '__proto__', 5);
      expect(Object.keys(o)).to.deep.equal(['__proto__']);
      expect(J.toSet(['__proto__'])).to.have.own.property('__proto__', true);
    });

    it('clone is a deep, equal, unshared copy of any JSON', () => {
      fc.assert(fc.property(fc.jsonValue(), (v) => {
        const c = J.clone(v);
        expect(c).to.deep.equal(v);
        return v === null || typeof v !== 'object' || c !== v;
      }), { numRuns: 300 });
    });
  });

  describe('bad input', () => {
    it('reads non-objects as empty', () => {
      for (const bad of [null, undefined, 1, 'abc', true]) {
        expect(J.keys(bad)).to.deep.equal([]);
        expect(J.countKeys(bad)).to.equal(0);
        expect(J.isEmpty(bad)).to.equal(false);
        expect(J.toSet(bad)).to.deep.equal({});
        expect(J.merge(bad, { a: 1 })).to.deep.equal({ a: 1 });
        expect(J.extend([1], bad)).to.deep.equal([1]);
        expect(J.mapEntries(bad, () => ['a', 1])).to.deep.equal({});
        expect(J.values(bad)).to.deep.equal([]);
      }
    });
  });
});
