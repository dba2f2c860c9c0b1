// The rules around the team's policy and hooks, and the run's own order:
// what a hook is given, which answers let a button or an automatic update
// through, and the order groups are handled in.
import { expect } from 'chai';
import { T, Cluster, pyCluster, pyVersion, withProd, run, T0, MINUTE, HOUR, SECOND } from './helpers.mjs';

// prod at v1.5.0 with v1.6.0 uploaded, run with `options`.
function prod(options) {
  const c = withProd(pyCluster(options)).later(HOUR).upload('v1.6.0');
  c.run();
  return c.later(SECOND);
}

const errors = (r) => r.log.split('\n').filter((line) => line.includes(':ERROR:'));

describe('api driver: policy and hook rules', () => {
  it('policy.action is told the group a button names: group_name when creating, group otherwise', () => {
    const seen = [];
    const c = pyCluster({ policy: { action: (button, context) => { seen.push([button.action, context.group]); } } });
    c.run([{ action: 'create_group', group_name: 'prod', version: 'v1.5.0' }]);
    c.later(SECOND).run([{ action: 'delete_group', group: 'prod' }]);
    expect(seen).to.deep.equal([['create_group', 'prod'], ['delete_group', 'prod']]);
  });

  it('a policy with only autoUpdate lets every button through', () => {
    const c = pyCluster({ policy: { autoUpdate: () => true } });
    const r = c.run([{ action: 'create_group', group_name: 'prod', version: 'v1.5.0' }]);
    expect(Object.values(r.actions)).to.deep.equal([{ ok: true, group: 'prod', version: 'v1.5.0' }]);
    expect(errors(r)).to.deep.equal([]);
  });

  it('policy.action saying nothing (undefined) lets the button through', () => {
    const c = pyCluster({ policy: { action: () => undefined } });
    const r = c.run([{ action: 'create_group', group_name: 'prod', version: 'v1.5.0' }]);
    expect(Object.values(r.actions)).to.deep.equal([{ ok: true, group: 'prod', version: 'v1.5.0' }]);
    expect(errors(r)).to.deep.equal([]);
  });

  for (const [said, kind] of [[[], 'an array'], [{}, 'an object'], [7, 'a number'], [true, 'a boolean']]) {
    it(`policy.action giving ${kind} refuses the button, and the log names what it gave`, () => {
      const c = pyCluster({ policy: { action: () => said } });
      const r = c.run([{ action: 'create_group', group_name: 'prod', version: 'v1.5.0' }]);
      expect(Object.values(r.actions)).to.deep.equal([{ error: "refused: the scheduler's policy gave no answer" }]);
      expect(errors(r)[0]).to.equal(`[pyapp]:ERROR: policy.action returned ${kind}, not a string or nothing; the button is refused`);
    });
  }

  for (const [name, policy] of [
    ['only an action hook', { action: () => undefined }],
    ['autoUpdate saying nothing', { autoUpdate: () => undefined }],
    ['autoUpdate saying null', { autoUpdate: () => null }],
    ['autoUpdate saying true', { autoUpdate: () => true }],
  ]) {
    it(`a policy with ${name} lets the automatic update start, with no error`, () => {
      const c = prod({ policy });
      const r = c.run([{ action: 'enable_auto_update', group: 'prod' }]);
      expect(c.schedule.changes).to.deep.equal(['pyapp: prod: auto update enabled', 'pyapp: prod: starting automatic update from v1.5.0 to v1.6.0']);
      expect(c.group().update.target_ver).to.equal('v1.6.0');
      expect(errors(r)).to.deep.equal([]);
    });
  }

  for (const [said, kind] of [['yes', 'a string'], [0, 'a number'], [[], 'an array'], [{}, 'an object']]) {
    it(`policy.autoUpdate giving ${kind} holds the update back, and says what it gave`, () => {
      const c = prod({ policy: { autoUpdate: () => said } });
      const r = c.run([{ action: 'enable_auto_update', group: 'prod' }]);
      expect(c.group().update).to.equal(undefined);
      expect(errors(r)).to.deep.equal([`[pyapp]:ERROR: prod: policy.autoUpdate returned ${kind}, not a boolean; the automatic update to v1.6.0 is held back`]);
    });
  }

  it('automatic updates start, and updates end, group by group in name order, whatever order the groups were made in', () => {
    const c = pyCluster();
    c.run([
      { action: 'create_group', group_name: 'zeta', version: 'v1.4.1' },
      { action: 'create_group', group_name: 'alpha', version: 'v1.4.1' },
      { action: 'create_group', group_name: 'mid', version: 'v1.4.1' },
      { action: 'enable_auto_update', group: 'zeta' },
      { action: 'enable_auto_update', group: 'mid' },
      { action: 'enable_auto_update', group: 'alpha' },
    ]);
    // No services: each update is done in the run it starts.
    expect(c.schedule.changes.filter((l) => /starting|done/.test(l))).to.deep.equal([
      'pyapp: alpha: starting automatic update from v1.4.1 to v1.5.0',
      'pyapp: mid: starting automatic update from v1.4.1 to v1.5.0',
      'pyapp: zeta: starting automatic update from v1.4.1 to v1.5.0',
      'pyapp: alpha: update done',
      'pyapp: alpha: update to v1.5.0 done',
      'pyapp: mid: update done',
      'pyapp: mid: update to v1.5.0 done',
      'pyapp: zeta: update done',
      'pyapp: zeta: update to v1.5.0 done',
    ]);
  });

  it('updates started by buttons end group by group in name order', () => {
    const c = pyCluster();
    c.run([
      { action: 'create_group', group_name: 'zeta', version: 'v1.4.1' },
      { action: 'create_group', group_name: 'alpha', version: 'v1.4.1' },
      { action: 'start_update', group: 'zeta', to_version: 'v1.5.0' },
      { action: 'start_update', group: 'alpha', to_version: 'v1.5.0' },
    ]);
    expect(c.schedule.changes.filter((l) => / done$/.test(l))).to.deep.equal([
      'pyapp: alpha: update done',
      'pyapp: alpha: update to v1.5.0 done',
      'pyapp: zeta: update done',
      'pyapp: zeta: update to v1.5.0 done',
    ]);
  });

  it('hooks given as a driver option are called when an update ends', () => {
    const calls = [];
    const c = pyCluster({ hooks: { update_done: (role, name, g) => calls.push([role.name, name, g.update.target_ver]) } });
    c.run([{ action: 'create_group', group_name: 'prod', version: 'v1.4.1' }]);
    c.later(SECOND).run([{ action: 'start_update', group: 'prod', to_version: 'v1.5.0' }]);
    expect(calls).to.deep.equal([['pyapp', 'prod', 'v1.5.0']]);
  });

  it('hooks of the driver\'s options win over those given to role.fromState, which apply without them', () => {
    const c = pyCluster();
    c.run([{ action: 'create_group', group_name: 'prod', version: 'v1.4.1' }]);
    c.later(SECOND);
    const calls = [];
    const hook = (who) => ({ update_done: (role, name) => calls.push(who + ' ' + name) });
    const press = (driver, hooks) => {
      const input = JSON.parse(JSON.stringify(c.input({ [String(c.now - 1)]: { button: { role: 'pyapp', action: 'start_update', group: 'prod', to_version: 'v1.5.0' } } })));
      T.log.wrapScheduler((i) => T.role.mergeOutput(T.role.fromState(i, driver, hooks)))(input);
    };
    press(T.drivers.api.driver({ hooks: hook('option') }), hook('fromState'));
    expect(calls).to.deep.equal(['option prod']);
    press(T.drivers.api.driver(), hook('fromState'));
    expect(calls).to.deep.equal(['option prod', 'fromState prod']);
  });
});
