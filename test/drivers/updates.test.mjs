// Updates through the driver: ticked every run, started automatically for
// groups with auto_update, and the update_done / revert_done hooks.
import { expect } from 'chai';
import { T, pyCluster, withProd, placed, pyVersion, T0, HOUR, MINUTE, SECOND } from './helpers.mjs';

function hooked() {
  const calls = [];
  const hooks = {
    update_done: (role, group, state) => calls.push(['update_done', role.name, group, JSON.parse(JSON.stringify(state))]),
    revert_done: (role, group, state) => calls.push(['revert_done', role.name, group, JSON.parse(JSON.stringify(state))]),
  };
  return { calls, hooks };
}

function startedUpdate(options) {
  const c = withProd(pyCluster(options)).later(HOUR).upload('v1.6.0');
  c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
  return c;
}

const act = (update_action, more = {}) => ({ action: 'update_action', group: 'prod', update_action, ...more });

describe('api driver: updates', () => {
  it('an update is ticked every run, with no action', () => {
    const c = startedUpdate();
    c.later(MINUTE).run([act('ack', { step: 'cmd_migrate' })]);
    c.until('test_mode').later(SECOND).run([act('proceed', { step: 'test_mode' })]);
    expect(c.group().update.step).to.equal('quick_restart');
    c.later(10 * SECOND).run();
    expect(c.group().update.step).to.equal('quick_restart');
    c.later(15 * SECOND).run();
    // 4 substeps over 60 s: the first as the stage begins, one more every 15 s.
    expect(c.group().update).to.include({ step: 'smooth_restart', smooth_step: 1 });
    const substeps = [];
    for (let i = 0; i < 4; i++) {
      c.later(16 * SECOND).run();
      const u = c.group().update;
      substeps.push(u ? u.smooth_step : 'over');
    }
    expect(substeps).to.deep.equal([2, 3, 4, 'over']);
    expect(c.group().version).to.equal('v1.6.0');
    expect(c.group().last_deployed['v1.6.0']).to.equal(c.now);
  });

  it('update_done is called with the role, the group name and its state, once', () => {
    const { calls, hooks } = hooked();
    const c = startedUpdate({ hooks });
    c.later(MINUTE).run([act('ack', { step: 'cmd_migrate' })]);
    c.until('test_mode').run([act('proceed', { step: 'test_mode' })]);
    c.until('done');
    c.later(MINUTE).run();
    expect(calls).to.have.length(1);
    const [name, role, group, state] = calls[0];
    expect([name, role, group]).to.deep.equal(['update_done', 'pyapp', 'prod']);
    expect(state.version).to.equal('v1.5.0');
    expect(state.update).to.include({ step: 'done', source_ver: 'v1.5.0', target_ver: 'v1.6.0' });
    expect(c.group().version).to.equal('v1.6.0');
  });

  it('a hook gets the Role object (its name, its logger) and a copy of the group: what it changes there is not kept', () => {
    const seen = [];
    const c = startedUpdate({
      hooks: {
        revert_done(role, group, state) {
          seen.push([role.constructor.name, role.name, group]);
          role.log.change('notified the team of', group);
          state.version = 'v9.9.9';
          state.auto_update = true;
          state.services = {};
        },
      },
    });
    const services = JSON.stringify(c.group().services);
    c.later(MINUTE).run([act('revert')]);
    c.until('revert_done');
    expect(seen).to.deep.equal([['Role', 'pyapp', 'prod']]);
    expect(c.schedule.changes).to.include('pyapp: notified the team of prod');
    expect(c.group().version).to.equal('v1.5.0');
    expect(c.group().auto_update).to.not.equal(true);
    expect(JSON.stringify(c.group().services)).to.equal(services);
  });

  it('revert_done is called when a revert ends; the group stays at the source', () => {
    const { calls, hooks } = hooked();
    const c = startedUpdate({ hooks });
    c.later(MINUTE).run([act('ack', { step: 'cmd_migrate' })]);
    c.until('test_mode').run([act('revert')]);
    c.until('revert_done');
    expect(calls.map((x) => x.slice(0, 3))).to.deep.equal([['revert_done', 'pyapp', 'prod']]);
    expect(calls[0][3].update.step).to.equal('revert_done');
    expect(c.group().version).to.equal('v1.5.0');
    expect(c.group()).to.not.have.property('update');
    expect(c.schedule.changes).to.include('pyapp: prod: update to v1.6.0 reverted; staying at v1.5.0');
  });

  it('a hook that throws is logged; the update ends all the same', () => {
    const c = startedUpdate({ hooks: { revert_done() { throw new Error('hook bug'); } } });
    c.later(MINUTE).run([act('revert')]);
    c.until('revert_done');
    expect(c.last.log).to.contain('prod: revert_done hook failed: Error: hook bug');
    expect(c.group()).to.not.have.property('update');
  });

  describe('auto update', () => {
    function auto(options) {
      const c = withProd(pyCluster(options)).later(MINUTE);
      c.run([{ action: 'enable_auto_update', group: 'prod' }]);
      return c.later(HOUR);
    }

    it('a newer version starts an automatic update; manual stages go on by themselves', () => {
      const { calls, hooks } = hooked();
      const c = auto({ hooks }).upload('v1.6.0');
      c.run();
      expect(c.group().update).to.include({ source_ver: 'v1.5.0', target_ver: 'v1.6.0', auto: true, step: 'cmd_migrate' });
      expect(c.schedule.changes).to.include('pyapp: prod: starting automatic update from v1.5.0 to v1.6.0');
      c.later(MINUTE).run([act('ack', { step: 'cmd_migrate' })]);
      c.until('done');
      c.later(MINUTE).run();
      expect(c.group().version).to.equal('v1.6.0');
      expect(calls.map((x) => x[0])).to.deep.equal(['update_done']);
      // Up to date: nothing more to do.
      c.later(HOUR).run();
      expect(c.group()).to.not.have.property('update');
    });

    it('goes to the newest version, however many were uploaded', () => {
      const c = auto().upload('v1.6.0').upload('v1.10.0').upload('v1.9.0');
      c.run();
      expect(c.group().update.target_ver).to.equal('v1.10.0');
    });

    it('never goes backwards: a group on a version newer than any left in the runtime stays', () => {
      const c = auto().upload('v1.6.0');
      c.run([{ action: 'force_version', group: 'prod', to_version: 'v1.6.0' }]);
      delete c.runtime.pyapp['v1.6.0'];
      c.later(MINUTE).run();
      expect(c.group().version).to.equal('v1.6.0');
      expect(c.group()).to.not.have.property('update');
      expect(c.roleOut.versions).to.include('v1.6.0');
      expect(c.roleOut.missing_versions).to.deep.equal(['v1.6.0']);
    });

    it('a newest version with no pipeline is logged, and the group stays', () => {
      const c = auto();
      c.runtime.pyapp['v1.6.0'] = { timestamp: c.now / 1000, daemons: 'broken' };
      c.run();
      expect(c.group()).to.not.have.property('update');
      expect(c.last.log).to.contain("prod: automatic update to v1.6.0 is not possible: can't compute update pipeline");
      // Only that version is affected: the group still runs and is placed.
      expect(placed(c.schedule, 'alpha')).to.deep.equal({ 'prod-site': 'v1.5.0 x4' });
    });

    it('a reverted automatic update is not started again: auto update is turned off', () => {
      const c = auto().upload('v1.6.0');
      c.run();
      c.later(MINUTE).run([act('error', { step: 'cmd_migrate', error_message: 'migration failed' })]);
      // The error reverts by itself after 30 minutes.
      c.later(31 * MINUTE).run();
      c.until('revert_done');
      expect(c.group()).to.deep.include({ version: 'v1.5.0', auto_update: false });
      expect(c.schedule.changes).to.include('pyapp: prod: auto update disabled after the revert; enable it again to retry');
      c.later(HOUR).run();
      expect(c.group()).to.not.have.property('update');
    });
  });

  describe('auto_revert_ms', () => {
    it('a paused update reverts after the option\'s time; 0 never', () => {
      const c = startedUpdate({ auto_revert_ms: 5 * MINUTE });
      c.later(MINUTE).run([act('pause')]);
      c.later(4 * MINUTE).run();
      expect(c.group().update.direction).to.equal('pause');
      c.later(2 * MINUTE).run();
      // Back through the migration stage (skipped backwards): reverted at once.
      expect(c.last.log).to.contain('paused for too long at step cmd_migrate, reverting');
      expect(c.group()).to.not.have.property('update');
      expect(c.group().version).to.equal('v1.5.0');

      const never = startedUpdate({ auto_revert_ms: 0 });
      never.later(MINUTE).run([act('pause')]);
      never.later(30 * 24 * HOUR).run();
      expect(never.group().update.direction).to.equal('pause');
    });
  });
});
