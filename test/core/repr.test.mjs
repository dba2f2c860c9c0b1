// repr_spec.lua, and the bounds that keep a log line short.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const { repr } = T;

describe('repr', () => {
  describe('repr: tables', () => {
    it('dict', () => expect(repr({ hello: 1 })).to.equal('{hello=1}'));
    it('list', () => expect(repr([1, 2, 3, 'x', 'y'])).to.equal('{1, 2, 3, "x", "y"}'));
  });

  it('quotes strings and escapes what would break the line', () => {
    expect(repr('a"b\\c\nd\re')).to.equal('"a\\"b\\\\c\\nd\\re"');
    expect(repr({ 'odd key': 1, ok_key: 2 })).to.equal('{"odd key"=1, ok_key=2}');
  });

  it('shortens long strings, at top level too (the reference crashed here)', () => {
    expect(repr('y'.repeat(101))).to.equal('"' + 'y'.repeat(100) + '..."');
    expect(repr('y'.repeat(100))).to.equal('"' + 'y'.repeat(100) + '"');
  });

  it('shows at most ten keys and three levels', () => {
    const many = {};
    for (let i = 0; i < 12; i++) many['k' + i] = i;
    // keys sorted, so the same in any key order
    expect(repr(many)).to.equal('{k0=0, k1=1, k10=10, k11=11, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, ...}');
    expect(repr({ b: 1, a: 2 })).to.equal('{a=2, b=1}');
    expect(repr([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).to.equal('{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...}');
    expect(repr({ a: { b: { c: { d: 1 } } } })).to.equal('{a={b={c=...}}}');
    expect(repr({ a: { b: { c: 'leaf' } } })).to.equal('{a={b={c="leaf"}}}');
  });

  it('renders primitives and non-JSON values', () => {
    expect([null, undefined, true, 1.5, () => 1].map((v) => repr(v))).to.deep.equal(['null', 'undefined', 'true', '1.5', 'function']);
    const cyclic = { a: 1 };
    cyclic.self = cyclic;
    expect(repr(cyclic)).to.equal('{a=1, self={a=1, self={a=1, self=...}}}');
  });

  it('never throws and stays bounded on any JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      const s = repr(v);
      return typeof s === 'string' && s.length < 20000;
    }), { numRuns: 500 });
  });

  it('renderArgs joins strings as they are and the rest by repr', () => {
    expect(T.log.Logger).to.be.a('function');
    const lines = T.gen.logger('r');
    lines.debug('a', 1, 'b c', [1], { x: 'y' });
    expect(lines.lines).to.deep.equal(['r DEBUG a 1 b c {1} {x="y"}']);
  });
});
