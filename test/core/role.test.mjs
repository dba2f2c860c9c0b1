// role_spec.lua, and the role contract a driver codes against: what
// fromState hands it, what output() makes of a role, unrouted actions.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const { gen, role: R, log } = T;

const noopDriver = () => ({ prepare() {} });

// A driver that records what it was given and writes a state and nodes.
function recordingDriver(calls) {
  return (role, runtime) => ({
    prepare(params) {
      calls.push({ factoryRole: role, runtime, params });
      role.state = { groups: { g: { version: role.descendingVersions[0] } } };
      role.nodes = { host1: { daemons: { 'g-web': { image: 'web', instances: 1 } } } };
      role.aliveVersions = role.descendingVersions.slice(0, 1);
    },
  });
}

describe('role', () => {
  describe('state by role', () => {
    it('two roles', () => {
      const schedule = gen.schedule({
        actions: [gen.button({ role: 'other_role', version: 'v1.0' })],
        runtime: { some_role: gen.versions('v1.0', 'v2.0'), other_role: gen.versions('v2.1', 'v3.1') },
        parents: [
          gen.schedule({ state: { some_role: { version: 'v1.0' } } }),
          gen.schedule({ state: { other_role: { version: 'v1.1' } } }),
        ],
      });
      const roles = R.fromState(schedule, noopDriver);
      expect(Object.keys(roles).sort()).to.deep.equal(['other_role', 'some_role']);
      for (const name of ['other_role', 'some_role']) {
        expect(roles[name]).to.be.instanceOf(R.Role);
        expect(roles[name].name).to.equal(name);
        expect(roles[name].log).to.be.instanceOf(log.Logger);
        expect({ prefix: roles[name].log.prefix, role_name: roles[name].log.role }).to.deep.equal({ prefix: '', role_name: name });
        expect(String(roles[name])).to.equal('Role "' + name + '" {}');
      }
    });
  });

  describe('merge output', () => {
    it('two roles', () => {
      expect(R.mergeOutput({ x: gen.role('x'), y: gen.role('y') })).to.deep.equal({
        nodes: {},
        roles: {
          x: { frontend: { kind: 'api' }, versions: [], version_info: {}, images: [] },
          y: { frontend: { kind: 'api' }, versions: [], version_info: {}, images: [] },
        },
        state: {},
      });
    });

    it('puts each role\'s state and nodes in place', () => {
      const x = gen.role('x');
      x.state = { groups: { a: {} } };
      x.nodes = { host1: { daemons: {} }, host2: { commands: {} } };
      const y = gen.role('y');
      y.nodes = { host1: { daemons: { d: {} } } };
      const merged = R.mergeOutput({ x, y });
      expect(merged.state).to.deep.equal({ x: { groups: { a: {} } } });
      expect(merged.nodes).to.deep.equal({
        host1: { roles: { x: { daemons: {} }, y: { daemons: { d: {} } } } },
        host2: { roles: { x: { commands: {} } } },
      });
    });
  });

  describe('fromState', () => {
    const input = gen.input({
      actions: [
        gen.button({ role: 'web', action: 'create_group', group_name: 'g' }),
        gen.button({ role: 'db', version: 'v1.0' }),
        gen.button({ role: 'nope' }),
        { no: 'button' },
      ],
      runtime: {
        web: gen.versions('v1.0', 'v2.0', { daemons: { web: { image: 'web', config: '/c' } } }),
        db: gen.versions('v1.0'),
      },
      parents: [
        { owner_hostname: 'host2', state: { web: { groups: { g: { version: 'v1.0' } } } } },
        { state: { web: [], db: { groups: {} } } },
      ],
    });

    it('hands each role its runtime, actions, parent states, the input and the hooks', () => {
      const calls = [];
      const hooks = { update_done() {} };
      const roles = R.fromState(input, recordingDriver(calls), hooks);
      // In name order: the log and changes must not follow the input's key order.
      expect(calls.map((c) => c.params.role.name)).to.deep.equal(['db', 'web']);
      const web = calls[1].params;
      expect(calls[1].factoryRole).to.equal(roles.web);
      expect(web.role).to.equal(roles.web);
      expect(web.runtime).to.equal(input.runtime.web);
      expect(calls[1].runtime).to.equal(input.runtime.web);
      expect(web.input).to.equal(input);
      expect(web.hooks).to.equal(hooks);
      expect(web.actions).to.deep.equal({ 1465479290007: gen.button({ role: 'web', action: 'create_group', group_name: 'g' }) });
      expect(web.parents).to.deep.equal([
        { state: { groups: { g: { version: 'v1.0' } } }, origin: 'host2' },
        { state: {} },
      ]);
      expect(calls[0].params.actions).to.deep.equal({ 1465479290014: gen.button({ role: 'db', version: 'v1.0' }) });
      expect(calls[0].params.parents).to.deep.equal([{ state: { groups: {} } }]);
      expect(calls[0].params.hooks).to.equal(hooks);
    });

    it('splits the runtime into versions (a map of its own), newest first, and parameters', () => {
      const roles = R.fromState(input, noopDriver);
      expect(roles.web.descendingVersions).to.deep.equal(['v2.0', 'v1.0']);
      expect(roles.web.parameters).to.deep.equal({ project_name: 'hello', scheduler_kind: 'fancy_thing' });
      expect(roles.web.versions['v1.0']).to.deep.equal(input.runtime.web['v1.0']);
      // Drivers annotate by replacing an entry, which leaves the input alone.
      const meta = input.runtime.web['v1.0'];
      roles.web.versions['v1.0'] = { ...meta, group_pipelines: { g: [] } };
      expect(input.runtime.web['v1.0']).to.equal(meta);
      expect(meta).not.to.have.property('group_pipelines');
    });

    it('gives a schedule through mergeOutput', () => {
      const merged = R.mergeOutput(R.fromState(input, recordingDriver([])));
      expect(merged.state).to.deep.equal({ web: { groups: { g: { version: 'v2.0' } } }, db: { groups: { g: { version: 'v1.0' } } } });
      expect(merged.roles.web).to.deep.equal({
        frontend: { kind: 'api' },
        versions: ['v2.0'],
        version_info: { 'v2.0': input.runtime.web['v2.0'] },
        images: ['web'],
      });
      expect(merged.nodes).to.deep.equal({ host1: { roles: {
        web: { daemons: { 'g-web': { image: 'web', instances: 1 } } },
        db: { daemons: { 'g-web': { image: 'web', instances: 1 } } },
      } } });
    });

    it('without a driver, only splits', () => {
      const roles = R.fromState(input);
      expect(roles.web.state).to.equal(null);
      expect(roles.web.descendingVersions).to.deep.equal(['v2.0', 'v1.0']);
    });

    it('a driver that throws only affects its role, which keeps its previous state and nodes', () => {
      const previous = {
        owner_hostname: 'host1',
        state: { web: { groups: { g: { version: 'v1.0' } } }, db: { groups: { d: { version: 'v1.0' } } } },
        nodes: { host3: { roles: { web: { daemons: { 'g-web': { image: 'web.v1' } } }, db: { daemons: {} } } }, host4: [] },
      };
      const inp = gen.input({ runtime: { web: gen.versions('v1.0'), db: gen.versions('v1.0') }, parents: [previous] });
      const driver = (role) => ({
        prepare() {
          if (role.name === 'web') {
            role.state = { half: 'done' };
            role.aliveVersions = [];
            return role.versions['v9'].daemons; // a TypeError, as a bad metadata would give
          }
          role.state = { groups: {} , ok: true };
        },
      });
      const r = log.wrapScheduler((i) => R.mergeOutput(R.fromState(i, driver)))(inp);
      expect(r.schedule).to.be.an('object');
      expect(r.schedule.state).to.deep.equal({ web: { groups: { g: { version: 'v1.0' } } }, db: { groups: {}, ok: true } });
      expect(r.schedule.nodes).to.deep.equal({ host3: { roles: { web: { daemons: { 'g-web': { image: 'web.v1' } } } } } });
      expect(r.schedule.roles.web.versions).to.deep.equal(['v1.0']);
      expect(r.log).to.match(/^\[web\]:ERROR: driver failed; the role keeps its previous state and nodes: TypeError/);
      // the parent is not shared with the output
      r.schedule.state.web.groups.g.version = 'changed';
      expect(previous.state.web.groups.g.version).to.equal('v1.0');
    });

    it('a driver failing with no parent leaves no state', () => {
      const roles = log.collect(() => R.fromState(gen.input({ runtime: { web: { 'v1.0': {} } } }), () => { throw new Error('no driver'); })).value;
      expect(roles.web.error).to.match(/Error: no driver/);
      expect(roles.web.output().state).to.equal(null);
    });
  });

  describe('output', () => {
    const meta = {
      'v3': { containers: ['data', 'app.v3', 'app.v3'], daemons: { a: { image: 'ignored' } } },
      'v2': { daemons: { a: { image: 'app.v2' }, b: { image: 'side' } }, commands: { migrate: { image: 'migrate.v2' } } },
      'v1': { daemons: { a: { image: 'app.v1' } } },
      'v0': 'garbage',
    };
    const make = (fields) => R.fromFields({ name: 'r', versions: meta, descendingVersions: ['v3', 'v2', 'v1', 'v0'], ...fields });

    it('images of the alive versions: containers if listed, else daemons and commands; sorted, unique', () => {
      const out = make({ aliveVersions: ['v3', 'v2'] }).output();
      expect(out.role.versions).to.deep.equal(['v3', 'v2']);
      expect(out.role.images).to.deep.equal(['app.v2', 'app.v3', 'data', 'migrate.v2', 'side']);
      expect(out.role.version_info).to.deep.equal({ v3: meta.v3, v2: meta.v2 });
    });

    it('all versions when the driver set none; malformed metadata only loses its own images', () => {
      const out = make({}).output();
      expect(out.role.versions).to.deep.equal(['v3', 'v2', 'v1', 'v0']);
      expect(out.role.images).to.deep.equal(['app.v1', 'app.v2', 'app.v3', 'data', 'migrate.v2', 'side']);
      expect(out.role.version_info.v0).to.equal('garbage');
    });

    it('a version without metadata shows as {daemons: {}}', () => {
      expect(make({ aliveVersions: ['v7'] }).output().role.version_info).to.deep.equal({ v7: { daemons: {} } });
    });

    it('adds the extra keys, which can not replace the built-in ones', () => {
      const out = make({ aliveVersions: [], extra: { kept: { v1: ['latest'] }, frontend: 'x', versions: 'y' } }).output();
      expect(out.role).to.deep.equal({ kept: { v1: ['latest'] }, frontend: { kind: 'api' }, versions: [], version_info: {}, images: [] });
    });

    it('leaves out an empty or missing state', () => {
      expect(make({ state: {} }).output().state).to.equal(null);
      expect(make({ state: null }).output().state).to.equal(null);
      expect(make({ state: { a: 1 } }).output().state).to.deep.equal({ a: 1 });
    });

    it('never throws, whatever a driver left in the fields', () => {
      const junk = fc.jsonValue({ maxDepth: 3 });
      fc.assert(fc.property(junk, junk, junk, junk, junk, (versions, alive, state, nodes, extra) => {
        const role = R.fromFields({ name: 'r', versions, aliveVersions: alive, state, nodes, extra, descendingVersions: alive });
        const merged = R.mergeOutput({ r: role });
        return JSON.parse(JSON.stringify(merged)) !== null;
      }), { numRuns: 300 });
    });
  });

  describe('unrouted actions', () => {
    const input = gen.input({
      runtime: { web: gen.versions(1) },
      actions: { 1: gen.button({ role: 'web' }), 2: gen.button({ role: 'gone' }), 3: gen.button({}), 4: { x: 1 }, 5: 'junk' },
    });

    it('are the actions without a role, or for a role that is not a project', () => {
      expect(Object.keys(R.unroutedActions(input))).to.deep.equal(['1465479290014', '1465479290021', '1465479290028', '1465479290035']);
      expect(Object.keys(R.unroutedActions(input, { web: {}, gone: {} }))).to.deep.equal(['1465479290021', '1465479290028', '1465479290035']);
    });

    it('can be answered {error: "unknown role"} (answers end up in wrapScheduler\'s actions)', () => {
      const scheduler = log.wrapScheduler((i) => {
        const roles = R.fromState(i, noopDriver);
        R.answerUnrouted(i, roles);
        return R.mergeOutput(roles);
      });
      const r = scheduler(input);
      expect(r.actions).to.deep.equal({
        1465479290014: { error: 'unknown role' },
        1465479290021: { error: 'unknown role' },
        1465479290028: { error: 'unknown role' },
        1465479290035: { error: 'unknown role' },
      });
      expect(r.log).to.include('[no-role]:ERROR: action 1465479290014 is for an unknown role: gone\n');
      expect(r.log).to.include('[no-role]:ERROR: action 1465479290021 is for an unknown role: null\n');
    });
  });

  describe('bad input', () => {
    it('fromState, mergeOutput and unroutedActions never throw; a scheduler run always gives a schedule', () => {
      const bads = [null, undefined, 0, 'x', [], {}, { runtime: null }, { runtime: [] }, { runtime: 'x' },
        { runtime: { web: 'not-an-object', db: [], 'v1.0': null }, parents: 'x', actions: [] },
        { runtime: { web: { 'v1.0': 'x', v: 1 } }, parents: [null, { state: 'x' }, { state: { web: 5 } }], actions: { x: { button: null } } },
        { runtime: { web: { v1: { timestamp: 'soon', daemons: 'x' } } }, actions: { 'not-a-time': { button: { role: 'web' } } } }];
      for (const bad of bads) {
        const r = log.wrapScheduler((i) => {
          const roles = R.fromState(i, noopDriver, 'not hooks');
          R.answerUnrouted(i);
          R.unroutedActions(i, null);
          return R.mergeOutput(roles);
        })(bad);
        expect(r.schedule, JSON.stringify(bad)).to.be.an('object');
        expect(r.log).not.to.include('\nUncaught ');
        expect(R.mergeOutput(bad)).to.deep.equal({ state: {}, roles: {}, nodes: {} });
      }
    });

    it('logs a runtime that is not an object', () => {
      const r = log.wrapScheduler((i) => R.mergeOutput(R.fromState(i, noopDriver)))({ runtime: { web: 'x' } });
      // With a driver, an entry without versions counts as missing (issue 19).
      expect(r.log).to.equal('[web]:ERROR: its runtime entry is not an object, but string; no role until it has versions\n');
      const none = log.wrapScheduler((i) => R.mergeOutput(R.fromState(i, noopDriver)))({ runtime: 5 });
      expect(none.log).to.equal('[no-role]:ERROR: input.runtime is not an object, but number; no roles\n');
    });

    it('fromFields takes a non-string name by its repr', () => {
      expect(R.fromFields({ name: 5 }).name).to.equal('5');
      expect(R.fromFields({ name: 5 }).log.role).to.equal('5');
    });

    it('an arbitrary JSON input never breaks the run', () => {
      fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (input) => {
        const r = log.wrapScheduler((i) => {
          const roles = R.fromState(i, noopDriver);
          R.answerUnrouted(i, roles);
          return R.mergeOutput(roles);
        })(input);
        return r.schedule !== null;
      }), { numRuns: 500 });
    });
  });
});
