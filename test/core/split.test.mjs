// split_spec.lua: per-role views of the scheduler input.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const { gen, split } = T;

const series = {
  type: 'multi_series',
  items: [{
    key: { metric: 'user_time' },
    timestamps: [1465479290000, 1465479292000, 1465479294000, 1465479296000, 1465479298000],
    values: [0.0, 0.0, 0.0, 0.0, 0.0],
  }],
};

describe('split', () => {
  describe('get_actions', () => {
    it('empty', () => {
      const schedule = gen.schedule({ actions: {} });
      expect(split.actions(schedule, 'some-role')).to.deep.equal({});
    });
    it('single', () => {
      const schedule = gen.schedule({ actions: [gen.button({ role: 'some-role', version: 'v0.0.0' })] });
      expect(split.actions(schedule, 'some-role')).to.deep.equal({ 1465479290007: { button: { role: 'some-role', version: 'v0.0.0' } } });
    });
    it('filtered out', () => {
      const schedule = gen.schedule({ actions: [
        gen.button({ role: 'some-role', version: 'v0.0.0' }),
        gen.button({ role: 'other-role', version: 'v1.1.0' }),
      ] });
      expect(split.actions(schedule, 'some-role')).to.deep.equal({ 1465479290007: { button: { role: 'some-role', version: 'v0.0.0' } } });
    });
    it('skips malformed actions (the reference crashed on an action without button)', () => {
      const schedule = gen.schedule({ actions: { 1: {}, 2: null, 3: { button: 'x' }, 4: { button: { role: 7 } }, 5: gen.button({ role: 'some-role' }) } });
      expect(split.actions(schedule, 'some-role')).to.deep.equal({ 1465479290035: { button: { role: 'some-role' } } });
    });
  });

  describe('get_metrics', () => {
    it('empty', () => {
      const schedule = gen.schedule({ metrics: {} });
      expect(split.metrics(schedule, 'some-role')).to.deep.equal({});
    });
    it('single', () => {
      const schedule = gen.schedule({ metrics: [gen.steadyMetric(1, 'some-role', 'user_time', 5, 0.0)] });
      expect(split.metrics(schedule, 'some-role')).to.deep.equal({ host1: { user_time: series } });
    });
    it('filtered out roles', () => {
      const schedule = gen.schedule({ metrics: [
        gen.steadyMetric(1, 'some-role', 'user_time', 5, 0.0),
        gen.steadyMetric(1, 'other-role', 'user_time', 5, 0.0),
      ] });
      expect(split.metrics(schedule, 'some-role')).to.deep.equal({ host1: { user_time: series } });
    });
    it('unknown peer', () => {
      const schedule = gen.schedule({ metrics: [gen.steadyMetric('56b9db39814c46009dd9fb2a405fe099', 'some-role', 'user_time', 5, 0.0)] });
      expect(split.metrics(schedule, 'some-role')).to.deep.equal({});
    });
    it('matches the role name literally, as a whole dotted prefix', () => {
      const schedule = gen.schedule({ metrics: { [gen.HOSTS[1].id]: { 'a.b.x': 1, 'a-b.y': 2, 'aXb.z': 3, 'a.b.': 4, 'a.b': 5 } } });
      expect(split.metrics(schedule, 'a.b')).to.deep.equal({ host2: { x: 1 } });
    });
  });

  describe('get_states', () => {
    it('empty', () => {
      expect(split.states(gen.schedule({}), 'some-role')).to.deep.equal([]);
    });
    it('no role 1', () => {
      expect(split.states(gen.schedule({ parents: [gen.schedule({})] }), 'some-role')).to.deep.equal([]);
    });
    it('no role 2', () => {
      expect(split.states(gen.schedule({ parents: [gen.schedule({}), gen.schedule({})] }), 'some-role')).to.deep.equal([]);
    });
    it('single', () => {
      const schedule = gen.schedule({ parents: [gen.schedule({ state: { 'some-role': { version: 'v1.0' } } })] });
      expect(split.states(schedule, 'some-role')).to.deep.equal([{ version: 'v1.0' }]);
    });
    it('two', () => {
      const schedule = gen.schedule({ parents: [
        gen.schedule({ state: { 'some-role': { version: 'v1.0' } } }),
        gen.schedule({ state: { 'some-role': { version: 'v1.1' } } }),
      ] });
      expect(split.states(schedule, 'some-role')).to.deep.equal([{ version: 'v1.0' }, { version: 'v1.1' }]);
    });
    it('one of two', () => {
      const schedule = gen.schedule({ parents: [
        gen.schedule({ state: { 'some-role': { version: 'v1.0' } } }),
        gen.schedule({ state: { 'other-role': { version: 'v1.1' } } }),
      ] });
      expect(split.states(schedule, 'some-role')).to.deep.equal([{ version: 'v1.0' }]);
    });
    it('other roles', () => {
      const schedule = gen.schedule({ parents: [
        gen.schedule({ state: { 'some-role': { version: 'v7.4' }, 'other-role': { version: 'v2.0' } } }),
        gen.schedule({ state: { 'other-role': { version: 'v1.1' } } }),
      ] });
      expect(split.states(schedule, 'some-role')).to.deep.equal([{ version: 'v7.4' }]);
    });
    it('accepts Lua-era parents: [] for empty objects', () => {
      const schedule = gen.schedule({ parents: [{ state: [] }, { state: { 'some-role': [] } }, { state: { 'some-role': { groups: [] } } }] });
      expect(split.states(schedule, 'some-role')).to.deep.equal([{}, { groups: [] }]);
    });
    it('passes on a state that is not an object, for the driver to report', () => {
      const schedule = gen.schedule({ parents: [{ state: { 'some-role': 'broken' } }, { state: { 'some-role': null } }] });
      expect(split.states(schedule, 'some-role')).to.deep.equal(['broken']);
    });
  });

  describe('state by role', () => {
    it('empty config', () => {
      const schedule = gen.schedule({
        runtime: { 'some-role': gen.versions('v1.0', 'v2.0'), 'other-role': gen.versions('v2.1', 'v3.1') },
        parents: [
          gen.schedule({ state: { 'some-role': { version: 'v1.0' } } }),
          gen.schedule({ state: { 'other-role': { version: 'v1.1' } } }),
        ],
      });
      expect(split.stateByRole(schedule, {})).to.deep.equal({});
    });

    it('empty runtime', () => {
      const schedule = gen.schedule({
        runtime: {},
        parents: [
          gen.schedule({ state: { 'some-role': { version: 'v1.0' } } }),
          gen.schedule({ state: { 'other-role': { version: 'v1.1' } } }),
        ],
      });
      expect(split.stateByRole(schedule, { awesome_role: { runtime: 'some-role', daemons: {} } })).to.deep.equal({
        awesome_role: {
          actions: {},
          daemons: {},
          descending_versions: [],
          metrics: {},
          parameters: {},
          parents: [],
          peers: schedule.peers,
          role: 'awesome_role',
          runtime: {},
          versions: {},
        },
      });
    });

    it('some_config', () => {
      const ts1 = 1465482890;
      const ts2 = 1465486490;
      const schedule = gen.schedule({
        actions: [gen.button({ role: 'awesome_role', version: 'v1.0' })],
        runtime: { 'some-role': gen.versions('v1.0', 'v2.0'), 'other-role': gen.versions('v2.1', 'v3.1') },
        parents: [
          gen.schedule({ state: { 'some-role': { version: 'v1.0' } } }),
          gen.schedule({ state: { 'other-role': { version: 'v1.1' } } }),
        ],
      });
      const other = (role) => ({
        actions: {},
        daemons: {},
        metrics: {},
        parameters: { project_name: 'hello', scheduler_kind: 'fancy_thing' },
        parents: [],
        role,
        runtime: { project_name: 'hello', scheduler_kind: 'fancy_thing', 'v3.1': { timestamp: ts2 }, 'v2.1': { timestamp: ts1 } },
        versions: { 'v3.1': { timestamp: ts2 }, 'v2.1': { timestamp: ts1 } },
        descending_versions: ['v3.1', 'v2.1'],
        peers: schedule.peers,
      });
      expect(split.stateByRole(schedule, {
        awesome_role: { runtime: 'some-role', daemons: {} },
        other_role: { runtime: 'other-role', daemons: {} },
        another_role: { runtime: 'other-role', daemons: {} },
      })).to.deep.equal({
        awesome_role: {
          actions: { 1465479290007: { button: { role: 'awesome_role', version: 'v1.0' } } },
          daemons: {},
          metrics: {},
          parameters: { project_name: 'hello', scheduler_kind: 'fancy_thing' },
          parents: [],
          role: 'awesome_role',
          runtime: { project_name: 'hello', scheduler_kind: 'fancy_thing', 'v2.0': { timestamp: ts2 }, 'v1.0': { timestamp: ts1 } },
          versions: { 'v2.0': { timestamp: ts2 }, 'v1.0': { timestamp: ts1 } },
          descending_versions: ['v2.0', 'v1.0'],
          peers: schedule.peers,
        },
        other_role: other('other_role'),
        another_role: other('another_role'),
      });
    });

    it('takes now and peer_set from the input, and the role name as the default project', () => {
      const input = gen.input({ runtime: { web: gen.versions(1) }, peer_set: ['a'] });
      const view = split.stateByRole(input, { web: {} }).web;
      expect(view.now).to.equal(gen.BASE_TIMESTAMP);
      expect(view.peer_set).to.deep.equal(['a']);
      expect(view.descending_versions).to.deep.equal(['v1.0']);
      expect(view.daemons).to.deep.equal({});
    });

    it('gives props that version selection takes', () => {
      const input = gen.input({
        runtime: { web: gen.versions('v1.0', 'v2.0') },
        actions: [gen.button({ role: 'web', version: 'v1.0' })],
        now: gen.BASE_TIMESTAMP + 10 * 3600000,
      });
      const view = split.stateByRole(input, { web: { runtime: 'web' } }).web;
      const chosen = T.log.collect(() => T.version.selectAuto(view)).value.version;
      expect(chosen).to.deep.equal({ version: 'v1.0', timestamp: gen.BASE_TIMESTAMP + 10 * 3600000 });
    });
  });

  describe('bad input', () => {
    it('reads anything malformed as empty, without throwing', () => {
      const bads = [null, undefined, 1, 'x', [], { actions: 'x', parents: {}, metrics: [1], peers: 'p', runtime: 3 },
        { actions: [1, 2], parents: [null, 1, { state: 'x' }], metrics: { a: 'x' }, peers: { a: 'x' } }];
      for (const bad of bads) {
        expect(split.actions(bad, 'r')).to.deep.equal({});
        expect(split.states(bad, 'r')).to.deep.equal([]);
        expect(split.metrics(bad, 'r')).to.deep.equal({});
        for (const config of [null, 'x', 3, []]) expect(split.stateByRole(bad, config)).to.deep.equal({});
        expect(Object.keys(split.stateByRole(bad, { r: bad }))).to.deep.equal(['r']);
        expect(split.actionRole(bad)).to.equal(null);
      }
    });

    it('never throws on arbitrary JSON input and config', () => {
      const json = fc.jsonValue({ maxDepth: 4 });
      fc.assert(fc.property(json, json, fc.string({ maxLength: 3 }), (input, config, role) => {
        split.actions(input, role);
        split.states(input, role);
        split.metrics(input, role);
        split.stateByRole(input, config);
        return true;
      }), { numRuns: 500 });
    });
  });
});
