// The test-data generators (spec/gen.lua): shapes and determinism.
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const { gen } = T;

describe('gen', () => {
  it('BASE_TIMESTAMP and the example hosts', () => {
    expect(gen.BASE_TIMESTAMP).to.equal(1465479290000);
    expect(gen.HOSTS.map((h) => h.hostname)).to.deep.equal(['host1', 'host2', 'host3', 'host4']);
  });

  describe('schedule', () => {
    it('fills peers, parents, actions and metrics', () => {
      expect(gen.schedule()).to.deep.equal({
        actions: {},
        metrics: {},
        peers: {
          '0d690419cd304aaab59eff4252d24001': { hostname: 'host1' },
          '83b26e29eb614c97b623ce5cbb886002': { hostname: 'host2' },
          'a0a48b51df67403c988eda77ac89b003': { hostname: 'host3' },
          '25b9db39804c46009dd9fb2a405fe004': { hostname: 'host4' },
        },
        parents: [],
      });
    });

    it('keys actions by timestamp: small keys k become BASE_TIMESTAMP + k*7, a list counts from 1', () => {
      const b = gen.button({ role: 'r' });
      expect(Object.keys(gen.schedule({ actions: [b, b, b] }).actions)).to.deep.equal(['1465479290007', '1465479290014', '1465479290021']);
      expect(Object.keys(gen.schedule({ actions: { 10: b, 1465479299999: b, 'not-a-time': b } }).actions))
        .to.deep.equal(['1465479290070', '1465479299999', 'not-a-time']);
    });

    it('merges metrics by peer and refuses one metric given twice', () => {
      const m = gen.schedule({ metrics: [gen.steadyMetric(1, 'a', 'x', 1, 1), gen.steadyMetric(1, 'b', 'x', 1, 2), gen.steadyMetric(2, 'a', 'x', 1, 3)] }).metrics;
      expect(Object.keys(m)).to.deep.equal([gen.HOSTS[0].id, gen.HOSTS[1].id]);
      expect(Object.keys(m[gen.HOSTS[0].id])).to.deep.equal(['a.x', 'b.x']);
      expect(() => gen.schedule({ metrics: [gen.steadyMetric(1, 'a', 'x', 1, 1), gen.steadyMetric(1, 'a', 'x', 1, 1)] }))
        .to.throw(/metric a.x of peer 0d690419cd304aaab59eff4252d24001 is given twice/);
    });

    it('keeps other fields, and peers and parents given', () => {
      const s = gen.schedule({ state: { r: {} }, peers: {}, parents: [{ state: {} }] });
      expect(s).to.deep.equal({ state: { r: {} }, peers: {}, parents: [{ state: {} }], actions: {}, metrics: {} });
    });
  });

  describe('input', () => {
    it('is a whole scheduler input', () => {
      const i = gen.input();
      expect(i.now).to.equal(gen.BASE_TIMESTAMP);
      expect(i.current_host).to.equal('host1');
      expect(i.current_id).to.equal(gen.HOSTS[0].id);
      expect(i.runtime).to.deep.equal({});
      expect(Object.keys(i).sort()).to.deep.equal(['actions', 'current_host', 'current_id', 'metrics', 'now', 'parents', 'peers', 'runtime']);
      expect(gen.input({ now: 5, runtime: { a: {} } })).to.deep.include({ now: 5, runtime: { a: {} } });
    });

    it('runs through a wrapped scheduler', () => {
      const r = T.log.wrapScheduler((input) => ({ hosts: Object.keys(input.peers).length }))(gen.input());
      expect(r.schedule).to.deep.equal({ hosts: 4, changes: ['no-role: Leader change [] -> host1'], owner_hostname: 'host1' });
    });
  });

  describe('button and steadyMetric', () => {
    it('button', () => {
      expect(gen.button({ role: 'r', version: 'v1' })).to.deep.equal({ button: { role: 'r', version: 'v1' } });
    });

    it('steadyMetric', () => {
      expect(gen.steadyMetric(2, 'role', 'cpu', 3, 0.5)).to.deep.equal([gen.HOSTS[1].id, {
        'role.cpu': { type: 'multi_series', items: [{ key: { metric: 'cpu' }, timestamps: [1465479290000, 1465479292000, 1465479294000], values: [0.5, 0.5, 0.5] }] },
      }]);
      expect(gen.steadyMetric('peer-x', 'r', 'm', 0, 1)[0]).to.equal('peer-x');
    });
  });

  describe('versions', () => {
    it('named, an hour apart, with the project parameters (as gen.lua)', () => {
      expect(gen.versions('v1.0', 'v1.1')).to.deep.equal({
        'v1.0': { timestamp: 1465482890 },
        'v1.1': { timestamp: 1465486490 },
        project_name: 'hello',
        scheduler_kind: 'fancy_thing',
      });
    });

    it('counted', () => {
      const r = gen.versions(3);
      expect(T.version.versionNumbers(r).list).to.deep.equal(['v1.0', 'v2.0', 'v3.0']);
      expect(r['v3.0'].timestamp - r['v1.0'].timestamp).to.equal(7200);
    });

    it('with metadata from an object or a function', () => {
      const daemons = { web: { image: 'web', config: '/config/web.yaml' } };
      const r = gen.versions('v1', 'v2', { daemons });
      expect(r.v1).to.deep.equal({ timestamp: 1465482890, daemons });
      expect(r.v1.daemons).not.to.equal(r.v2.daemons);
      const f = gen.versions(2, (v, i) => ({ daemons: { web: { image: 'web.' + v, config: '/c' } }, n: i }));
      expect(f['v2.0']).to.deep.equal({ timestamp: 1465486490, daemons: { web: { image: 'web.v2.0', config: '/c' } }, n: 1 });
    });
  });

  describe('role and logger', () => {
    it('role is a bare role', () => {
      const r = gen.role('x');
      expect(r).to.be.instanceOf(T.role.Role);
      expect(r.name).to.equal('x');
      expect(r.versions).to.deep.equal({});
      expect(r.descendingVersions).to.deep.equal([]);
      expect(r.state).to.equal(null);
      expect(r.output()).to.deep.equal({ state: null, role: { frontend: { kind: 'api' }, versions: [], version_info: {}, images: [] }, nodes: {} });
    });

    it('logger keeps its lines', () => {
      const l = gen.logger('r');
      l.debug('a');
      l.sub('g').sub('h').error('b');
      expect(l.lines).to.deep.equal(['r DEBUG a', 'r ERROR g.h: b']);
      expect(gen.logger().role).to.equal('no-role');
    });
  });

  describe('determinism', () => {
    const build = () => [
      gen.input({ actions: [gen.button({ role: 'r' })], metrics: [gen.steadyMetric(1, 'r', 'm', 4, 2)], runtime: { r: gen.versions(3) } }),
      gen.schedule({ state: { r: {} } }),
      gen.versions('v1', 'v2', { daemons: {} }),
      gen.steadyMetric(3, 'r', 'm', 2, 0),
      gen.range(1, 2, 3),
      gen.repeat({ a: 1 }, 2),
    ];

    it('the same arguments give equal values', () => {
      expect(build()).to.deep.equal(build());
      expect(JSON.stringify(build())).to.equal(JSON.stringify(build()));
    });

    it('values are not shared between calls, nor with the arguments', () => {
      const one = gen.input();
      one.peers[gen.HOSTS[0].id].hostname = 'changed';
      one.parents.push(1);
      expect(gen.input().parents).to.deep.equal([]);
      expect(gen.input().peers[gen.HOSTS[0].id].hostname).to.equal('host1');
      const fields = { role: 'r', nested: { a: 1 } };
      const b = gen.button(fields);
      b.button.nested.a = 2;
      expect(fields.nested.a).to.equal(1);
      const runtime = { r: { v1: {} } };
      gen.input({ runtime }).runtime.r.v1.x = 1;
      expect(runtime).to.deep.equal({ r: { v1: {} } });
      const rep = gen.repeat({ a: 1 }, 2);
      expect(rep[0]).not.to.equal(rep[1]);
    });

    it('uses no clock or randomness', () => {
      const { now } = Date;
      const { random } = Math;
      Date.now = () => { throw new Error('clock'); };
      Math.random = () => { throw new Error('random'); };
      try {
        expect(build).not.to.throw();
      } finally {
        Date.now = now;
        Math.random = random;
      }
    });
  });
});
