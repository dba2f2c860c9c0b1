// The benchmark's generator builds the cluster it claims: the benchmark
// once timed a cluster whose every button had been refused (action ids
// "NaN"), so its figures were those of an empty schedule. Cheap sizes only;
// the benchmark itself stays out of npm test.
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScheduler } from '../../harness/index.mjs';
import { checkRun, countsOf } from './check.mjs';
import { inputOf, makeCluster, SIZES } from './cluster.mjs';
import { nodeScheduler, steadyTick } from './steady.mjs';

const EXAMPLE = fileURLToPath(new URL('../example/scheduler/v1', import.meta.url));
const TINY = { projects: 3, versions: 8, groups: 5, hosts: 4 };

describe('benchmark cluster generator', () => {
  it('claims the groups its shape asks for, 2-3 services each, a fifth of them updating', () => {
    const { expected } = makeCluster(SIZES.S, 1);
    expect(expected.groups).to.equal(5 * 3);
    expect(expected.services).to.be.within(2 * expected.groups, 3 * expected.groups);
    expect(expected.updates).to.equal(3);
    expect(expected.kept).to.be.within(5 * 3, 5 * 10);
    expect(expected.nodes).to.be.within(2, SIZES.S.hosts);
  });

  for (const [name, shape] of [['S', SIZES.S], ['a tiny shape', TINY]]) {
    it(`builds what it claims at ${name}: every button accepted, counts as planned`, () => {
      const { cluster, parent, input } = steadyTick(shape, 7);
      expect(countsOf(parent)).to.deep.equal(cluster.expected);
      expect(input.parents).to.deep.equal([parent]);
      expect(Object.keys(input.actions)).to.have.length.at.least(1);
    });
  }

  it('keeps about the last day of uploads, and versions by age alone otherwise', () => {
    const { cluster, parent } = steadyTick(SIZES.S, 1);
    const rules = Object.values(parent.roles).flatMap((role) => Object.values(role.kept_versions).flat());
    expect(rules).to.include.members(['uploaded', 'latest', 'running', 'previous', 'updating']);
    const uploaded = rules.filter((r) => r === 'uploaded').length;
    expect(uploaded).to.be.within(5 * 2, 5 * 3);
    expect(cluster.expected.kept).to.be.below(5 * 10);
  });

  it('is the same cluster for the same seed, another for another', () => {
    const text = (seed) => JSON.stringify(makeCluster(TINY, seed).ticks);
    expect(text(3)).to.equal(text(3));
    expect(text(3)).to.not.equal(text(4));
  });

  it('refuses to measure an empty cluster: refused buttons and missing groups are errors', () => {
    const cluster = makeCluster(TINY, 1);
    const [created] = cluster.ticks;
    // The old generator's action ids.
    const nan = Object.fromEntries(Object.values(created.actions).map((a, i) => [i === 0 ? 'NaN' : `x${i}`, a]));
    const result = nodeScheduler(inputOf(cluster, { now: created.now, actions: nan }, []));
    expect(() => checkRun('setup', result)).to.throw(/action\(s\) refused/);
    const empty = nodeScheduler(inputOf(cluster, { now: created.now, actions: {} }, []));
    expect(() => checkRun('setup', empty, cluster.expected)).to.throw(/groups 0, expected 15/);
  });

  it('gives the same cluster in QuickJS as under Node', async function () {
    this.timeout(60000);
    const { cluster, input } = steadyTick(SIZES.S, 1);
    const scheduler = await loadScheduler(path.resolve(EXAMPLE));
    const result = await scheduler.run(input);
    checkRun('S in QuickJS', result, cluster.expected);
    expect(result.schedule).to.deep.equal(nodeScheduler(input).schedule);
  });
});
