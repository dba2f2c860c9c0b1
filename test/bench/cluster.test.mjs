// The benchmark's generator builds the cluster it claims: the benchmark
// once timed a cluster whose every button had been refused (action ids
// "NaN"), so its figures were those of an empty schedule. Cheap sizes only;
// the benchmark itself stays out of npm test.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScheduler } from '../../harness/index.mjs';
import { checkRun, countsOf } from './check.mjs';
import { inputOf, makeCluster, NOW, SHAPES, SIZES } from './cluster.mjs';
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

  for (const [name, shape] of [['S', SIZES.S], ['a tiny shape', TINY], ['dense S', SHAPES.dense.S], ['a tiny dense shape', { ...SHAPES.dense.S, ...TINY, hosts: 12 }]]) {
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

  it('keeps the wide shape (the first one) as it was: the same clusters for the same seed', () => {
    expect(SHAPES.wide).to.equal(SIZES);
    const hash = (size, seed) => {
      const c = makeCluster(size, seed);
      return createHash('sha256').update(JSON.stringify([c.runtime, c.peers, c.ticks, c.expected])).digest('hex');
    };
    // The generator's clusters before it took shapes.
    expect(hash(SIZES.S, 1)).to.equal('7af476bacf6712e1ee4e4b2af25249d478a34fbea475cace7a3fe250b9fefe9b');
    expect(hash(TINY, 1)).to.equal(hash({ ...SHAPES.wide.S, ...TINY }, 1));
  });

  it('dense: a dozen servers for every project, 3 services a group, test mode in every third version, a tenth updating', () => {
    const size = SHAPES.dense.M;
    const cluster = makeCluster(size, 2);
    expect(cluster.hostnames).to.have.length(12);
    expect(cluster.expected.groups).to.equal(size.projects * size.groups);
    expect(cluster.expected.services).to.equal(3 * cluster.expected.groups);
    expect(cluster.expected.updates).to.equal(cluster.expected.groups / 10);
    const servers = new Set(cluster.plan.flatMap((p) => p.groups.flatMap((g) => Object.values(g.services).flatMap((s) => s.servers))));
    expect(servers.size).to.equal(12);
    for (const rt of Object.values(cluster.runtime)) {
      const tags = Object.keys(rt).filter((k) => k !== 'project_name');
      expect(tags).to.have.length(size.versions);
      tags.forEach((tag, v) => {
        const site = rt[tag].daemons.site.update;
        expect(site.smooth_substeps).to.equal(10);
        expect(site.test_mode_percent !== undefined, `${tag}: test mode`).to.equal(v % 3 === 0);
      });
    }
  });

  it('dense: about a version a day, so few are kept (what makes its schedule small for its groups)', () => {
    const { plan, expected } = makeCluster(SHAPES.dense.L, 1);
    const gaps = plan[0].uploaded.slice(1).map((t, i) => t - plan[0].uploaded[i]);
    for (const gap of gaps) expect(gap).to.be.within(0.2 * 86400000, 1.8 * 86400000);
    expect(plan[0].uploaded.filter((t) => NOW - t < 86400000)).to.have.length.within(1, 2);
    expect(expected.kept / SHAPES.dense.L.projects).to.be.within(4, 7);
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

  for (const shape of Object.keys(SHAPES)) {
    it(`gives the same cluster in QuickJS as under Node (${shape} S)`, async function () {
      this.timeout(60000);
      const { cluster, input } = steadyTick(SHAPES[shape].S, 1);
      const scheduler = await loadScheduler(path.resolve(EXAMPLE));
      const result = await scheduler.run(input);
      checkRun(`${shape} S in QuickJS`, result, cluster.expected);
      expect(result.schedule).to.deep.equal(nodeScheduler(input).schedule);
    });
  }
});
