// State that must not be lost (issue 9, section 1): a project briefly
// missing from the runtime, an update step that names no stage, a driver
// failure after a split-brain, empty version names, absurd instance counts.
import { expect } from 'chai';
import { T, gen, run, pyCluster, withProd, placed, webVersion, T0, HOUR, MINUTE, SECOND } from './helpers.mjs';

const service = (servers = ['host1'], n = 2) => ({ service: 'web', servers, number_per_server: n });
const group = (fields = {}) => ({ version: 'v1.0', auto_update: false, last_deployed: { 'v1.0': T0 - HOUR }, services: { app: service() }, ...fields });
const parent = (groups, owner = 'host1') => ({ state: { web: { groups } }, owner_hostname: owner });
const webRuntime = () => ({ web: { 'v1.0': webVersion('v1.0', T0 - 48 * HOUR), 'v2.0': webVersion('v2.0', T0 - 30 * HOUR) } });

function webInput(parents, extra = {}) {
  return gen.input({ now: T0, runtime: webRuntime(), parents, ...extra });
}

describe('api driver: state that must not be lost', () => {
  describe('a project missing from the runtime', () => {
    function absentCluster(options) {
      const c = withProd(pyCluster(options)).later(MINUTE);
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.4.1' }]);
      c.later(MINUTE).run();
      return c;
    }

    it('carries state, placement and kept versions over unchanged, with a warning each run', () => {
      const c = absentCluster();
      const before = c.schedule;
      const saved = c.runtime;
      c.runtime = { other: { 'v1.0': webVersion('v1.0', T0) } };
      for (let i = 0; i < 3; i++) {
        c.later(10 * MINUTE).run();
        const state = { ...c.state };
        delete state.runtime_absent_since;
        expect(state).to.deep.equal(before.state.pyapp);
        expect(c.roleOut).to.deep.equal(before.roles.pyapp);
        for (const host of ['alpha', 'beta', 'gamma']) expect(c.schedule.nodes[host].roles.pyapp).to.deep.equal(before.nodes[host].roles.pyapp);
        expect(c.last.log).to.match(/\[pyapp\]:ERROR: the project is missing from the runtime since .*; its state and nodes are carried over until/);
        expect(c.schedule.changes || []).to.not.include.members(['pyapp: dropped']);
      }
      // Back in time: the update goes on where it was.
      c.runtime = saved;
      c.later(MINUTE).run();
      expect(c.state).to.not.have.property('runtime_absent_since');
      expect(c.group().update.target_ver).to.equal('v1.4.1');
      expect(c.last.log).to.not.contain('[pyapp]:ERROR: the project is missing from the runtime');
    });

    for (const [what, entry] of [['empty', {}], ['null', null], ['a string', 'v1'], ['without versions', { project_name: 'pyapp' }]]) {
      it(`an entry that is ${what} counts as missing: nothing stops, no image is given up, no update moves`, () => {
        const c = absentCluster();
        const before = c.schedule;
        c.runtime = { ...c.runtime, pyapp: entry };
        c.later(10 * MINUTE).run();
        const state = { ...c.state };
        expect(state.runtime_absent_since).to.equal(c.now);
        delete state.runtime_absent_since;
        expect(state).to.deep.equal(before.state.pyapp);
        expect(c.roleOut).to.deep.equal(before.roles.pyapp);
        expect(c.roleOut.images.length).to.be.above(0);
        for (const host of ['alpha', 'beta', 'gamma']) expect(c.schedule.nodes[host].roles.pyapp).to.deep.equal(before.nodes[host].roles.pyapp);
        const reason = entry === null ? 'is not an object, but null' : typeof entry === 'string' ? 'is not an object, but string' : 'holds no version metadata';
        expect(c.last.log).to.include(`[pyapp]:ERROR: the project is missing from the runtime (its entry ${reason}) since `);
        // The grace clock runs as for a missing project.
        c.later(HOUR).run();
        expect(c.schedule.state).to.not.have.property('pyapp');
        expect(c.schedule.changes).to.include('pyapp: missing from the runtime for more than 1 h; dropped with its groups prod');
      });
    }

    it('a new project whose entry holds no versions yet makes no role, and says so', () => {
      const r = run(webInput([], { runtime: { ...webRuntime(), fresh: {} } }));
      expect(r.schedule.state).to.not.have.property('fresh');
      expect(r.schedule.roles).to.not.have.property('fresh');
      expect(r.log).to.include('[fresh]:ERROR: its runtime entry holds no version metadata; no role until it has versions');
    });

    it('drops the project after the grace period (default one hour), saying so in changes', () => {
      const c = absentCluster();
      c.runtime = {};
      c.later(MINUTE).run();
      c.later(59 * MINUTE).run();
      expect(c.state.groups).to.have.property('prod');
      c.later(MINUTE + SECOND).run();
      expect(c.schedule.state).to.not.have.property('pyapp');
      expect(c.schedule.roles).to.not.have.property('pyapp');
      expect(c.schedule.nodes).to.deep.equal({});
      expect(c.schedule.changes).to.include('pyapp: missing from the runtime for more than 1 h; dropped with its groups prod');
      // Nothing to say on the runs after.
      c.later(MINUTE).run();
      expect(c.schedule.changes || []).to.deep.equal([]);
    });

    it('the grace period is an option; 0 drops the project at once', () => {
      const c = absentCluster({ absent_runtime_grace_ms: 0 });
      c.runtime = {};
      c.later(MINUTE).run();
      expect(c.schedule.state).to.not.have.property('pyapp');
      expect(c.schedule.changes).to.include('pyapp: missing from the runtime for more than 0 s; dropped with its groups prod');
      const d = absentCluster({ absent_runtime_grace_ms: 3 * HOUR });
      d.runtime = {};
      d.later(MINUTE).run();
      d.later(2 * HOUR).run();
      expect(d.state.groups).to.have.property('prod');
    });

    it('an invalid grace period is a clear error', () => {
      const r = run(webInput([parent({ prod: group() })]), { absent_runtime_grace_ms: -5 });
      expect(r.log).to.contain('options.absent_runtime_grace_ms: Value must be a number >= 0, but is -5; those options keep their defaults');
      // The same check when a scheduler composes roles itself (role.fromState).
      const composed = T.log.collect(() => T.role.fromState(gen.input({ now: T0, runtime: {}, parents: [parent({ prod: group() })] }),
        T.drivers.api.driver({}), undefined, { absent_runtime_grace_ms: 'soon' }));
      expect(composed.text).to.contain('absent_runtime_grace_ms: Value is not a number, but string; using 3600000');
      expect(composed.value.web.state.groups).to.have.property('prod');
    });

    it('a runtime that is not an object at all: every project is carried over', () => {
      for (const runtime of [null, 'x', undefined]) {
        const r = run(gen.input({ now: T0, runtime, parents: [parent({ prod: group() })] }));
        expect(r.schedule.state.web.groups, String(runtime)).to.have.property('prod');
      }
    });

    it('every parent is carried: groups united after a split-brain', () => {
      const a = { ...parent({ prod: group() }, 'host1'), nodes: { host1: { roles: { web: { daemons: { 'prod-app': { instances: 2 } }, commands: {} } } } } };
      const b = { ...parent({ staging: group({ services: { app: service(['host2'], 1) } }) }, 'host2'),
        nodes: { host2: { roles: { web: { daemons: { 'staging-app': { instances: 1 } }, commands: {} } } } } };
      a.roles = { web: { frontend: { kind: 'api' }, versions: ['v1.0'], images: ['web.v1.0'], version_info: { 'v1.0': {} } } };
      b.roles = { web: { frontend: { kind: 'api' }, versions: ['v2.0', 'v0.9'], images: ['web.v2.0', 'web.v0.9'], version_info: { 'v2.0': {}, 'v0.9': {} } } };
      const r = run(gen.input({ now: T0, runtime: {}, parents: [a, b] }));
      expect(Object.keys(r.schedule.state.web.groups).sort()).to.deep.equal(['prod', 'staging']);
      // What the second parent's groups run stays listed for the renderers.
      expect(r.schedule.roles.web.versions).to.deep.equal(['v2.0', 'v1.0', 'v0.9']);
      expect(r.schedule.roles.web.images).to.deep.equal(['web.v0.9', 'web.v1.0', 'web.v2.0']);
      expect(Object.keys(r.schedule.roles.web.version_info).sort()).to.deep.equal(['v0.9', 'v1.0', 'v2.0']);
      expect(r.schedule.nodes.host1.roles.web.daemons).to.have.property('prod-app');
      expect(r.schedule.nodes.host2.roles.web.daemons).to.have.property('staging-app');
    });

    it("after a split brain a group's processes come from the parent whose group is kept, never from both", () => {
      // Both parents have prod, under different process names (an update's
      // two slots); the first parent's prod is kept, and only its processes.
      const daemon = (group, version, instances) => ({ group, daemon: 'app', version, image: `web.${version}`, config: '/c.yaml', instances });
      const a = { ...parent({ prod: group() }, 'host1'),
        nodes: { host1: { roles: { web: { daemons: { 'prod-app': daemon('prod', 'v1.0', 2), 'old-sidecar': { instances: 1 } }, commands: {} } } } } };
      const b = { ...parent({ prod: group({ version: 'v2.0' }), staging: group({ services: { app: service(['host1'], 1) } }) }, 'host2'),
        nodes: { host1: { roles: { web: { daemons: {
          'prod-app-2': daemon('prod', 'v2.0', 2), 'staging-app': daemon('staging', 'v1.0', 1), 'other-sidecar': { instances: 1 },
        }, commands: { 'cmd.prod-migrate': { group: 'prod', image: 'web.v2.0', config: '/m.yaml' } } } } } } };
      for (const [first, second] of [[a, b], [b, a]]) {
        const r = run(gen.input({ now: T0, runtime: {}, parents: [first, second] }));
        const kept = r.schedule.state.web.groups.prod.version;
        const daemons = r.schedule.nodes.host1.roles.web.daemons;
        expect(kept).to.equal(first === a ? 'v1.0' : 'v2.0');
        expect(Object.keys(daemons).sort()).to.deep.equal(first === a
          ? ['old-sidecar', 'other-sidecar', 'prod-app', 'staging-app']
          : ['old-sidecar', 'other-sidecar', 'prod-app-2', 'staging-app']);
        expect(Object.keys(r.schedule.nodes.host1.roles.web.commands)).to.deep.equal(first === a ? [] : ['cmd.prod-migrate']);
      }
    });

    it('deleting a project\'s groups stays an explicit action: the button is refused while it is absent', () => {
      const r = run(gen.input({ now: T0, runtime: {}, parents: [parent({ prod: group() })],
        actions: { [T0 - 1]: { button: { role: 'web', action: 'delete_group', group: 'prod' } } } }));
      expect(r.actions[T0 - 1]).to.deep.equal({ error: 'project web is missing from the runtime; nothing was changed' });
      expect(r.schedule.state.web.groups).to.have.property('prod');
    });
  });

  describe('an update step that is no stage of the pipeline', () => {
    const stage = { name: 'quick_restart', kind: 'restart', forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5, processes: ['app'] };
    const update = (step) => ({
      pipeline: [stage], source_ver: 'v1.0', source_extra: {}, target_ver: 'v2.0', target_extra: {},
      step, direction: 'forward', start_ts: T0 - MINUTE, step_ts: T0 - MINUTE, change_ts: T0 - MINUTE, auto: false,
    });

    for (const step of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nowhere']) {
      it(`"${step}" fails validation; the group stays at its version`, () => {
        expect(T.pipeline.validateState(update(step)).errors).to.deep.equal([`.step: No stage "${step}" in the pipeline`]);
        const r = run(webInput([parent({ prod: group({ update: update(step) }) })]));
        expect(r.log).to.not.contain('driver failed');
        expect(r.schedule.state.web.groups.prod.version).to.equal('v1.0');
        expect(r.schedule.state.web.groups.prod).to.not.have.property('update');
        expect(r.schedule.nodes.host1.roles.web.daemons['prod-app'].version).to.equal('v1.0');
      });
    }

    it('tick never reads outside the pipeline', () => {
      const r = T.pipeline.tick(update('__proto__'), [], T0, gen.logger());
      expect(r.state).to.equal(null);
    });
  });

  describe('a driver failure', () => {
    const a = { ...parent({ prod: group() }, 'host1'), nodes: { host1: { roles: { web: { daemons: { 'prod-app': { instances: 2 } } } } } } };
    const b = { ...parent({ staging: group({ services: { app: service(['host2'], 1) } }), prod: group({ version: 'v2.0' }) }, 'host2'),
      nodes: { host2: { roles: { web: { daemons: { 'staging-app': { instances: 1 } } } } }, host1: { roles: { web: { daemons: { 'old-app': { instances: 1 } } } } } } };
    // The api driver with a bug in prepare, standing in for any bug there.
    const broken = (own) => (role, runtime) => {
      const real = T.drivers.api.driver()(role, runtime);
      const d = { prepare() { throw new Error('boom'); } };
      if (own) d.mergeParents = real.mergeParents;
      return d;
    };
    const runWith = (factory) => T.log.wrapScheduler((i) => T.role.mergeOutput(T.role.fromState(i, factory)))(webInput([a, b]));

    for (const own of [true, false]) {
      it(`keeps the groups of all parents, with their processes (${own ? 'the api driver\'s merge' : 'parents united'})`, () => {
        const r = runWith(broken(own));
        expect(r.log).to.contain('driver failed');
        expect(Object.keys(r.schedule.state.web.groups).sort()).to.deep.equal(['prod', 'staging']);
        // The first parent's copy of a group both have.
        expect(r.schedule.state.web.groups.prod).to.deep.equal(group());
        expect(Object.keys(r.schedule.nodes.host1.roles.web.daemons).sort()).to.deep.equal(['old-app', 'prod-app']);
        expect(r.schedule.nodes.host2.roles.web.daemons).to.have.property('staging-app');
      });
    }
  });

  describe('empty version names', () => {
    it('an update to "" in a parent is invalid: the group stays at its version', () => {
      const u = { pipeline: [], source_ver: 'v1.0', source_extra: {}, target_ver: '', target_extra: {}, step: 'start', direction: 'forward', start_ts: T0, step_ts: T0, change_ts: T0, auto: false };
      expect(T.pipeline.validateState(u).errors).to.deep.equal(['.target_ver: Value is not a version name, but empty']);
      expect(T.pipeline.validateState({ ...u, target_ver: 'v2.0', source_ver: '' }).ok).to.equal(false);
      const r = run(webInput([parent({ prod: group({ update: u }) })]));
      expect(r.schedule.state.web.groups.prod.version).to.equal('v1.0');
      expect(r.schedule.state.web.groups.prod).to.not.have.property('update');
    });

    it('a group is never recovered to version "", and "" is no deploy', () => {
      const r = run(webInput([parent({ prod: group({ version: 5, last_deployed: { '': T0, 'v1.0': T0 - HOUR } }) })]));
      expect(r.schedule.state.web.groups.prod.version).to.equal('v1.0');
      expect(r.schedule.state.web.groups.prod.last_deployed).to.not.have.property('');
    });

    it('buttons naming version "" are refused as such', () => {
      const c = withProd(pyCluster());
      const r = c.later(MINUTE).run([
        { action: 'create_group', group_name: 'x', version: '' },
        { action: 'start_update', group: 'prod', to_version: '' },
        { action: 'force_version', group: 'prod', to_version: '' },
      ]);
      for (const a of Object.values(r.actions)) expect(a.error).to.match(/version must not be empty/);
      expect(c.group().version).to.equal('v1.5.0');
    });
  });

  describe("number_per_server", () => {
    const MAX = T.drivers.api.MAX_PER_SERVER;

    it('is at most a documented maximum, 10000', () => {
      expect(MAX).to.equal(10000);
    });

    it('add_daemon and set_number_per_server refuse more, and fractions', () => {
      const c = withProd(pyCluster());
      for (const n of [1e306, 1e308, MAX + 1, 2.5, -1]) {
        const r = c.later(MINUTE).run([
          { action: 'add_daemon', group: 'prod', new_name: 'more', service: 'site', servers: ['alpha'], number_per_server: n },
          { action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: n },
        ]);
        for (const a of Object.values(r.actions)) expect(a.error).to.equal(`number_per_server must be a whole number from 0 to ${MAX}, not ${n}`);
      }
      const ok = c.later(MINUTE).run([{ action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: MAX }]);
      expect(Object.values(ok.actions)[0].ok).to.equal(true);
    });

    it('a parent\'s value above it is cut to it (logged), and a split never overflows', () => {
      const c = withProd(pyCluster()).later(MINUTE);
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.4.1' }]);
      c.until('test_mode');
      c.parents[0].state.pyapp.groups.prod.services.site.number_per_server = 1e306;
      c.later(SECOND).run();
      expect(c.group().services.site.number_per_server).to.equal(MAX);
      expect(c.last.log).to.contain(`number_per_server: 1e+306 is not a whole number from 0 to ${MAX}; using ${MAX}`);
      const total = Object.values(placed(c.schedule, 'alpha')).map((s) => Number(s.split(' x')[1])).reduce((a, b) => a + b, 0);
      expect(total).to.equal(MAX);
    });
  });
});
