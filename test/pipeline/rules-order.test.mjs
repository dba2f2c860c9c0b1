// Stage order cycles and spread(), rule by rule.
import { expect } from 'chai';
import { P } from './helpers.mjs';

describe('pipeline order rules: the cycle reported', () => {
  it('walking back from the first stage left over, the smallest predecessor leads to the cycle named', () => {
    // Two cycles (b<->x, c<->y); a waits for y, x and z (z waits for y).
    // From a, the smallest predecessor x leads to b<->x; y (first) or z
    // (last) would lead to c<->y.
    const skip = (stage, after) => ({ mode: 'skip', stage, after });
    const r = P.derivePipeline({
      sa: skip('a', ['y', 'x', 'z']), sb: skip('b', ['x']), sx: skip('x', ['b']),
      sc: skip('c', ['y']), sy: skip('y', ['c']), sz: skip('z', ['y']),
    });
    expect(r).to.deep.equal({
      pipeline: null, error: 'before/after constraints form a cycle: b -> x -> b', cycle: ['b', 'x'],
    });
  });

  it('a cycle is named from its smallest stage, whatever the walk met first', () => {
    // From a (after d) the walk meets d, then c, then b.
    const skip = (stage, after) => ({ mode: 'skip', stage, after });
    const r = P.derivePipeline({
      sa: skip('a', ['d']), sb: skip('b', ['d']), sc: skip('c', ['b']), sd: skip('d', ['c']),
    });
    expect(r.cycle).to.deep.equal(['b', 'c', 'd']);
    expect(r.error).to.equal('before/after constraints form a cycle: b -> c -> d -> b');
  });
});

describe('pipeline spread rules', () => {
  it('each share\'s left-over instances go on from the server where the last share\'s stopped', () => {
    // 2 instances on each of 3 servers at 33/33/34: each of the first two
    // shares is 2 instances overall, one more than rounding down gives.
    expect(P.spread(['a', 'b', 'c'], 2, [33, 33, 34], 0)).to.deep.equal({
      a: [1, 0, 1], b: [0, 1, 1], c: [0, 0, 2],
    });
  });
});
