// The Lua reference's spec/api_driver_spec.lua, assertion by assertion, on
// the bundle (role_spec.lua is test/core/role.test.mjs), and what the same
// inputs give through a whole scheduler run.
import { expect } from 'chai';
import { T, gen, run } from './helpers.mjs';

const api = T.drivers.api;

describe('api driver: the reference spec (api_driver_spec.lua)', () => {
  describe('check_action', () => {
    const actions = {
      1496068428001: { button: { action: 'create_group', role: 'myrole', group_name: 'gr1', version: 'v2.3.3' } },
      1496068428002: { button: { action: 'create_group', role: 'myrole', group_name: 'gr2', version: 'v1.1.1' } },
      1496068428003: { button: { action: 'something_bad', role: 'myrole', group_name: 'gr2', version: 'v1.1.1' } },
    };

    it('actions 1: valid ones in timestamp order, the invalid one reported', () => {
      const { valid, invalid } = api._checkActions(actions);
      expect(valid).to.deep.equal([
        { id: '1496068428001', timestamp: 1496068428001, button: { action: 'create_group', role: 'myrole', group_name: 'gr1', version: 'v2.3.3' } },
        { id: '1496068428002', timestamp: 1496068428002, button: { action: 'create_group', role: 'myrole', group_name: 'gr2', version: 'v1.1.1' } },
      ]);
      expect(invalid).to.have.length(1);
      expect(invalid[0].id).to.equal('1496068428003');
      expect(invalid[0].errors.join('\n')).to.match(/Key action must be one of/);
    });

    it('sorts by timestamp whatever the key order, ties by id', () => {
      const reversed = {};
      for (const id of Object.keys(actions).reverse()) reversed[id] = actions[id];
      reversed['1496068428000'] = { button: { action: 'delete_group', role: 'myrole', group: 'gr0' } };
      const { valid } = api._checkActions(reversed);
      expect(valid.map((a) => a.id)).to.deep.equal(['1496068428000', '1496068428001', '1496068428002']);
    });

    it('through a run: applied in timestamp order, every action answered', () => {
      const input = gen.input({
        now: 1496068429000,
        runtime: { myrole: gen.versions('v1.1.1', 'v2.3.3') },
        actions: {
          // Posted later but listed first: gr1 must be created at v2.3.3.
          1496068428004: { button: { action: 'create_group', role: 'myrole', group_name: 'gr1', version: 'v1.1.1' } },
          ...actions,
        },
      });
      const r = run(input);
      expect(r.schedule.state.myrole.groups.gr1.version).to.equal('v2.3.3');
      expect(r.schedule.state.myrole.groups.gr2.version).to.equal('v1.1.1');
      expect(r.actions).to.deep.equal({
        1496068428001: { ok: true, group: 'gr1', version: 'v2.3.3' },
        1496068428002: { ok: true, group: 'gr2', version: 'v1.1.1' },
        1496068428003: { error: r.actions['1496068428003'].error },
        1496068428004: { error: 'group gr1 already exists' },
      });
      expect(r.actions['1496068428003'].error).to.match(/^invalid action: .*Key action must be one of/);
      expect(r.log).to.contain('bad action 1496068428003, data:');
    });
  });

  describe('merge_states', () => {
    const parents = [
      { state: { groups: { g1: { version: 'v7', last_deployed: { v1: 7, v2: 3 } } } } },
      { state: { groups: { g1: { version: 'v7', last_deployed: { v3: 1000, v2: 5 } } } } },
    ];

    it('two parents: last_deployed takes the latest time per version, defaults filled', () => {
      const log = gen.logger('r1');
      expect(api._mergeParents(parents, log)).to.deep.equal({
        groups: {
          g1: { auto_update: false, last_deployed: { v1: 7, v2: 5, v3: 1000 }, services: {}, version: 'v7' },
        },
      });
      expect(log.lines).to.deep.equal(['r1 DEBUG 1 groups found']);
    });

    it('through a run, the merged group is the role\'s state', () => {
      const input = gen.input({
        now: 2000,
        runtime: { r1: gen.versions('v7') },
        parents: parents.map((p) => ({ state: { r1: p.state } })),
      });
      const r = run(input);
      expect(r.schedule.state.r1).to.deep.equal({
        groups: { g1: { auto_update: false, last_deployed: { v1: 7, v2: 5, v3: 1000 }, services: {}, version: 'v7' } },
      });
    });

    it('no parents: no groups', () => {
      const log = gen.logger('r1');
      expect(api._mergeParents([], log)).to.deep.equal({ groups: {} });
      expect(log.lines).to.deep.equal(['r1 DEBUG No groups configured']);
    });
  });
});
