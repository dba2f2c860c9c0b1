import { expect } from 'chai';
import fc from 'fast-check';
import { seedFor } from '../../harness/engine/determinism.mjs';
import { sortKeys } from '../../harness/json.mjs';
import { prng, shuffleKeys } from '../support/shuffle.mjs';
import { INPUT } from './helpers.mjs';

// The seed's definition, literally: FNV-1a over the input's JSON text with
// sorted keys. seedFor computes it without the copy and the text.
function literalSeed(input) {
  const text = JSON.stringify(sortKeys(input));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

const outcome = (f, value) => {
  try {
    return { seed: f(value) };
  } catch (error) {
    return { threw: error.constructor.name };
  }
};

// Keys JSON.stringify orders or writes in its own way.
const awkwardKey = fc.constantFrom('__proto__', 'toJSON', '0', '1', '10', '9', '01', '-1', '1.5', '4294967294', '4294967295', '', 'a"b', 'é', '\ud800', '\n');

describe('the run seed (seedFor)', function () {
  it('is the one it has always been for a known input', function () {
    expect(seedFor(INPUT)).to.equal(-1749674796);
  });

  it('is FNV-1a of the sorted-keys JSON text, for any JSON value', function () {
    const key = fc.oneof(fc.string(), awkwardKey, fc.string({ unit: 'binary' }));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constantFrom(null, true, false, 0, -0, 1.5, 1e21, -1e-7), fc.double(), fc.string({ unit: 'binary' }), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((pairs) => JSON.parse(`{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`)),
    })).value;
    fc.assert(fc.property(json, (value) => {
      expect(seedFor(value)).to.equal(literalSeed(value));
    }), { numRuns: 500 });
  });

  it('is the same whatever the key order', function () {
    const input = JSON.parse('{"now": 1, "peers": {"__proto__": {"b": 1, "a": 2}, "10": [], "9": {}, "x": null}, "metrics": {"b": [1, {"d": 2, "c": 3}]}}');
    for (let i = 0; i < 5; i++) expect(seedFor(shuffleKeys(input, prng(i)))).to.equal(seedFor(input));
  });

  it('gives what the literal definition gives for values JSON.parse never makes', function () {
    class Point {
      constructor() {
        this.x = 1;
      }
    }
    const odd = [
      { when: new Date(0) },
      { p: new Point() },
      { n: new Number(3), s: new String('s') },
      { a: undefined, f() {}, [Symbol('k')]: 1, b: Symbol('v') },
      { list: [undefined, () => 1, , 2] }, // eslint-disable-line no-sparse-arrays
      { toJSON: () => 'replaced', a: 1 },
      { nested: { toJSON: 'not a function' } },
      { big: 10n },
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      Object.assign([1, 2], { extra: true }),
      { nan: NaN, inf: -Infinity },
    ];
    for (const value of odd) expect(outcome(seedFor, value), JSON.stringify(Object.keys(value))).to.deep.equal(outcome(literalSeed, value));
  });
});
