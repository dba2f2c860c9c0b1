import { expect } from 'chai';
import { pruneLastDeployed, NOW, M, H, D } from './helpers.mjs';

describe('tracking: pruneLastDeployed', function () {
  it('drops entries older than the lifetime, keeps the recent ones', function () {
    const last = { v5: NOW - H, v4: NOW - 2 * H, v3: NOW - (23 * H + 59 * M), v2: NOW - (24 * H + M), v1: NOW - 30 * D };
    expect(pruneLastDeployed(last, 'v5', NOW)).to.deep.equal({ v3: last.v3, v4: last.v4, v5: last.v5 });
  });

  it('keeps the rollback target however old', function () {
    const last = { v3: NOW - 400 * D, v2: NOW - 900 * D, v1: NOW - 1000 * D };
    expect(pruneLastDeployed(last, 'v3', NOW)).to.deep.equal({ v2: last.v2, v3: last.v3 });
  });

  it("keeps the current version's entry however old, so the next switch has the right rollback target", function () {
    const last = { v2: NOW - 400 * D, v1: NOW - 900 * D };
    const pruned = pruneLastDeployed(last, 'v2', NOW);
    expect(pruned).to.deep.equal(last);
  });

  it('without a current version keeps the most recent entry (the reference keeps the latest too)', function () {
    const last = { v2: NOW - 400 * D, v1: NOW - 900 * D };
    expect(pruneLastDeployed(last, null, NOW)).to.deep.equal({ v2: last.v2 });
  });

  it('honours deployed_lifetime_ms', function () {
    const last = { v3: NOW - H, v2: NOW - 2 * H, v1: NOW - 3 * H };
    expect(pruneLastDeployed(last, 'v3', NOW, { deployed_lifetime_ms: 150 * M })).to.deep.equal({ v2: last.v2, v3: last.v3 });
  });

  it('writes Lua-era string times back as numbers and drops unreadable entries', function () {
    const last = { v2: String(NOW - H), v1: 'yesterday', v0: null };
    expect(pruneLastDeployed(last, 'v2', NOW)).to.deep.equal({ v2: NOW - H });
  });

  it('accepts the Lua-era `[]` and anything else without throwing', function () {
    expect(pruneLastDeployed([], 'v1', NOW)).to.deep.equal({});
    for (const bad of [null, undefined, 'x', 5, [1, 2], true]) {
      expect(pruneLastDeployed(bad, 'v1', NOW)).to.deep.equal({});
    }
    expect(pruneLastDeployed({ v1: NOW }, 7, 'now', 'options')).to.deep.equal({ v1: NOW });
  });

  it('drops nothing for its age without a usable clock', function () {
    const last = { v2: NOW - 400 * D, v1: NOW - 900 * D, v0: NOW - 901 * D };
    expect(pruneLastDeployed(last, 'v2', NaN)).to.deep.equal(last);
  });

  it('does not mutate its input', function () {
    const last = { v2: NOW - 400 * D, v1: NOW - 900 * D, v0: String(NOW - 901 * D) };
    const copy = JSON.parse(JSON.stringify(last));
    pruneLastDeployed(last, 'v2', NOW);
    expect(last).to.deep.equal(copy);
  });

  it('keeps a version named __proto__ as a plain key', function () {
    const last = JSON.parse('{"__proto__": 5, "v1": 6}');
    const pruned = pruneLastDeployed(last, '__proto__', NaN);
    expect(Object.keys(pruned).sort()).to.deep.equal(['__proto__', 'v1']);
    expect(Object.getPrototypeOf(pruned)).to.equal(Object.prototype);
  });
});
