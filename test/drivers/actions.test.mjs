// The buttons of the web UI: each validated, applied in timestamp order,
// and answered; a refused one changes nothing.
import { expect } from 'chai';
import { T, gen, Cluster, pyCluster, withProd, pyVersion, webVersion, run, actionsOf, placed, T0, MINUTE, HOUR, SECOND } from './helpers.mjs';

function prod() {
  const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
  c.run();
  return c.later(SECOND);
}

// Runs one button on a copy of the cluster; returns the answer, the state
// before and after, and the run.
function press(c, button) {
  const before = c.parents.length ? JSON.parse(JSON.stringify(c.state)) : undefined;
  const r = c.run([button]);
  const [id] = Object.keys(r.actions);
  expect(Object.keys(r.actions)).to.have.length(1);
  return { answer: r.actions[id], before, after: c.state, r };
}

function expectRefused(c, button, why) {
  const { answer, before, after, r } = press(c, button);
  expect(answer).to.have.keys('error');
  expect(answer.error).to.match(why);
  // Nothing changed but the run's own bookkeeping (an update's tick).
  expect(after).to.deep.equal(before);
  expect(r.log).to.match(/ERROR/);
  return answer;
}

describe('api driver: actions', () => {
  describe('create_group', () => {
    it('creates the group at the version, deployed now', () => {
      const c = pyCluster();
      const { answer, after } = press(c, { action: 'create_group', group_name: 'prod', version: 'v1.4.1' });
      expect(answer).to.deep.equal({ ok: true, group: 'prod', version: 'v1.4.1' });
      expect(after.groups.prod).to.deep.equal({ version: 'v1.4.1', auto_update: false, last_deployed: { 'v1.4.1': T0 }, services: {} });
      expect(c.schedule.changes).to.include('pyapp: new group prod at v1.4.1');
    });

    it('refuses an existing group, an unknown version, an empty name', () => {
      const c = prod();
      expectRefused(c, { action: 'create_group', group_name: 'prod', version: 'v1.4.1' }, /^group prod already exists$/);
      expectRefused(c, { action: 'create_group', group_name: 'next', version: 'v9.9' }, /^no such version v9\.9$/);
      expectRefused(c, { action: 'create_group', group_name: '', version: 'v1.4.1' }, /group_name must not be empty/);
    });

    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      it(`a group named ${name} is an ordinary group, run after run`, () => {
        const c = pyCluster();
        press(c, { action: 'create_group', group_name: name, version: 'v1.5.0' });
        const r = c.later(MINUTE).run([{ action: 'add_daemon', group: name, new_name: 'worker', service: 'worker', servers: ['gamma'], number_per_server: 1 }]);
        expect(Object.values(r.actions)[0]).to.include({ ok: true });
        expect(Object.keys(c.state.groups)).to.deep.equal([name]);
        expect(Object.getPrototypeOf(c.state.groups)).to.equal(Object.prototype);
        expect(c.group(name).services.worker.servers).to.deep.equal(['gamma']);
        expect(placed(c.schedule, 'gamma')).to.deep.equal({ [`${name}-worker`]: 'v1.5.0 x1' });
        expectRefused(c, { action: 'create_group', group_name: name, version: 'v1.5.0' }, /already exists/);
        const del = press(c, { action: 'delete_group', group: name });
        expect(del.answer).to.deep.equal({ ok: true, group: name });
        expect(c.state.groups).to.deep.equal({});
      });
    }
  });

  describe('delete_group', () => {
    it('deletes the group and its processes', () => {
      const c = prod();
      const { answer, after } = press(c, { action: 'delete_group', group: 'prod' });
      expect(answer).to.deep.equal({ ok: true, group: 'prod' });
      expect(after.groups).to.deep.equal({});
      expect(c.schedule.nodes).to.deep.equal({});
    });

    it('also mid-update (the web UI offers it): the update goes with it', () => {
      const c = prod();
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      const { answer } = press(c, { action: 'delete_group', group: 'prod' });
      expect(answer).to.deep.equal({ ok: true, group: 'prod' });
      expect(c.state.groups).to.deep.equal({});
    });

    it('refuses an unknown group', () => {
      expectRefused(prod(), { action: 'delete_group', group: 'nope' }, /^group nope does not exist$/);
    });
  });

  describe('add_daemon', () => {
    it('adds a service that the group\'s version has', () => {
      const c = pyCluster();
      press(c, { action: 'create_group', group_name: 'prod', version: 'v1.5.0' });
      const { answer, after } = press(c, { action: 'add_daemon', group: 'prod', new_name: 'web', service: 'site', servers: ['beta', 'alpha'], number_per_server: 3, variables: { port: 8080, host: 'x' } });
      expect(answer).to.deep.equal({ ok: true, service: 'web', servers: ['beta', 'alpha'] });
      expect(after.groups.prod.services).to.deep.equal({ web: { service: 'site', servers: ['beta', 'alpha'], number_per_server: 3, variables: { port: 8080, host: 'x' } } });
    });

    it('counts a server listed twice once', () => {
      const c = pyCluster();
      press(c, { action: 'create_group', group_name: 'prod', version: 'v1.5.0' });
      const { answer, after } = press(c, { action: 'add_daemon', group: 'prod', new_name: 'web', service: 'site', servers: ['alpha', 'beta', 'alpha'], number_per_server: 2 });
      expect(answer.servers).to.deep.equal(['alpha', 'beta']);
      expect(after.groups.prod.services.web.servers).to.deep.equal(['alpha', 'beta']);
      expect(placed(c.schedule, 'alpha')).to.deep.equal({ 'prod-web': 'v1.5.0 x2' });
    });

    it('refuses what it can not add', () => {
      const c = prod();
      const add = (fields) => ({ action: 'add_daemon', group: 'prod', new_name: 'extra', service: 'worker', servers: ['alpha'], number_per_server: 1, ...fields });
      expectRefused(c, add({ new_name: 'site' }), /^group already has service site$/);
      expectRefused(c, add({ service: 'cron' }), /^version v1\.5\.0 has no daemon cron$/);
      expectRefused(c, add({ number_per_server: -1 }), /whole number from 0 to 10000, not -1/);
      expectRefused(c, add({ number_per_server: 1.5 }), /whole number from 0 to 10000, not 1\.5/);
      expectRefused(c, add({ new_name: '' }), /new_name must not be empty/);
      expectRefused(c, add({ servers: ['alpha', ''] }), /empty hostname/);
      expectRefused(c, add({ group: 'nope' }), /^group nope does not exist$/);
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      expectRefused(c, add({}), /updating/);
    });
  });

  describe('delete_daemon', () => {
    it('deletes the service', () => {
      const c = prod();
      const { answer, after } = press(c, { action: 'delete_daemon', group: 'prod', name: 'worker' });
      expect(answer).to.deep.equal({ ok: true, service: 'worker' });
      expect(Object.keys(after.groups.prod.services).sort()).to.deep.equal(['migrate', 'site']);
      expect(placed(c.schedule, 'gamma')).to.deep.equal({});
    });

    it('refuses an unknown service, and any while updating (as the web UI does)', () => {
      const c = prod();
      expectRefused(c, { action: 'delete_daemon', group: 'prod', name: 'nope' }, /^no such service nope$/);
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      const { answer } = press(c, { action: 'delete_daemon', group: 'prod', name: 'worker' });
      expect(answer.error).to.match(/updating/);
      expect(c.group().services).to.have.property('worker');
    });
  });

  describe('set_servers and set_number_per_server', () => {
    it('set_servers moves the service, each server once', () => {
      const c = prod();
      const { answer, after } = press(c, { action: 'set_servers', group: 'prod', service: 'worker', servers: ['alpha', 'beta', 'beta'] });
      expect(answer).to.deep.equal({ ok: true, service: 'worker', servers: ['alpha', 'beta'] });
      expect(after.groups.prod.services.worker.servers).to.deep.equal(['alpha', 'beta']);
      expect(placed(c.schedule, 'alpha')['prod-worker']).to.equal('v1.5.0 x2');
      expect(placed(c.schedule, 'gamma')).to.deep.equal({});
    });

    it('set_number_per_server changes the count', () => {
      const c = prod();
      const { answer, after } = press(c, { action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: 0 });
      expect(answer).to.deep.equal({ ok: true, service: 'site', number_per_server: 0 });
      expect(after.groups.prod.services.site.number_per_server).to.equal(0);
      expect(placed(c.schedule, 'alpha')).to.deep.equal({});
    });

    it('refuse unknown services and bad counts', () => {
      const c = prod();
      expectRefused(c, { action: 'set_servers', group: 'prod', service: 'nope', servers: [] }, /^no such service nope$/);
      expectRefused(c, { action: 'set_number_per_server', group: 'prod', service: 'nope', number_per_server: 1 }, /^no such service nope$/);
      expectRefused(c, { action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: -2 }, /whole number/);
      expectRefused(c, { action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: 0.5 }, /whole number/);
    });
  });

  describe('auto update switches', () => {
    it('enable_auto_update starts an update to the newest version in the same run', () => {
      const c = prod();
      const { answer, after } = press(c, { action: 'enable_auto_update', group: 'prod' });
      expect(answer).to.deep.equal({ ok: true });
      expect(after.groups.prod.auto_update).to.equal(true);
      expect(after.groups.prod.update).to.include({ source_ver: 'v1.5.0', target_ver: 'v1.6.0', auto: true });
    });

    it('disable_auto_update', () => {
      const c = prod();
      press(c, { action: 'enable_auto_update', group: 'prod' });
      const { answer, after } = press(c, { action: 'disable_auto_update', group: 'prod' });
      expect(answer).to.deep.equal({ ok: true });
      expect(after.groups.prod.auto_update).to.equal(false);
      expectRefused(c, { action: 'enable_auto_update', group: 'nope' }, /does not exist/);
    });
  });

  describe('force_version', () => {
    it('switches at once and records the deploy', () => {
      const c = prod();
      const { answer, after } = press(c, { action: 'force_version', group: 'prod', to_version: 'v1.6.0' });
      expect(answer).to.deep.equal({ ok: true, version: 'v1.6.0' });
      expect(after.groups.prod.version).to.equal('v1.6.0');
      expect(after.groups.prod.last_deployed['v1.6.0']).to.equal(c.now);
      expect(placed(c.schedule, 'alpha')).to.deep.equal({ 'prod-site': 'v1.6.0 x4' });
    });

    it('drops an update in progress', () => {
      const c = prod();
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      const { answer, after } = press(c, { action: 'force_version', group: 'prod', to_version: 'v1.4.1' });
      expect(answer).to.deep.equal({ ok: true, version: 'v1.4.1' });
      expect(after.groups.prod).to.not.have.property('update');
      expect(after.groups.prod.version).to.equal('v1.4.1');
    });

    it('refuses an unknown version', () => {
      expectRefused(prod(), { action: 'force_version', group: 'prod', to_version: 'v0' }, /^no such version v0$/);
    });
  });

  describe('start_update', () => {
    it('starts the pipeline the web UI showed', () => {
      const c = prod();
      const offered = c.roleOut.version_info['v1.6.0'].group_pipelines.prod;
      const { answer, after } = press(c, { action: 'start_update', group: 'prod', to_version: 'v1.6.0' });
      expect(answer).to.deep.equal({ ok: true, from: 'v1.5.0', to: 'v1.6.0' });
      const u = after.groups.prod.update;
      expect(u.pipeline).to.deep.equal(offered);
      expect(u.pipeline.map((s) => s.name)).to.deep.equal(['cmd_migrate', 'test_mode', 'quick_restart', 'smooth_restart']);
      expect(u).to.include({ source_ver: 'v1.5.0', target_ver: 'v1.6.0', step: 'cmd_migrate', direction: 'forward', auto: false, downgrade: false, start_ts: c.now });
      expect(after.groups.prod.version).to.equal('v1.5.0');
    });

    it('refuses while updating, an unknown or the same version, and a version with no pipeline', () => {
      const c = prod();
      c.runtime.pyapp['v1.7.0'] = { timestamp: c.now / 1000 - 60, daemonz: {} };
      expectRefused(c, { action: 'start_update', group: 'prod', to_version: 'v9' }, /^no such version v9$/);
      expectRefused(c, { action: 'start_update', group: 'prod', to_version: 'v1.5.0' }, /already runs v1\.5\.0/);
      expectRefused(c, { action: 'start_update', group: 'prod', to_version: 'v1.7.0' }, /can't compute update pipeline: version metadata has no "daemons"/);
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      const { answer } = press(c, { action: 'start_update', group: 'prod', to_version: 'v1.4.1' });
      expect(answer.error).to.equal('group is still updating');
    });

    it('a group with no services switches in the same run', () => {
      const c = pyCluster();
      c.run([{ action: 'create_group', group_name: 'empty', version: 'v1.4.1' }]);
      const { answer, after } = press(c, { action: 'start_update', group: 'empty', to_version: 'v1.5.0' });
      expect(answer).to.deep.equal({ ok: true, from: 'v1.4.1', to: 'v1.5.0' });
      expect(after.groups.empty.version).to.equal('v1.5.0');
      expect(after.groups.empty).to.not.have.property('update');
    });
  });

  describe('update_action', () => {
    // An update of prod to v1.6.0 at `step`.
    function updating(step = 'cmd_migrate') {
      const c = prod();
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      if (step !== 'cmd_migrate') c.later(MINUTE).run([{ action: 'update_action', group: 'prod', update_action: 'ack', step: 'cmd_migrate' }]);
      if (step !== 'cmd_migrate' && step !== 'test_mode') {
        c.until('test_mode').run([{ action: 'update_action', group: 'prod', update_action: 'proceed', step: 'test_mode' }]);
      }
      c.until(step);
      return c.later(MINUTE);
    }
    const act = (update_action, more = {}) => ({ action: 'update_action', group: 'prod', update_action, ...more });

    it('ack: the migration is done, on to test mode', () => {
      const c = updating();
      const { answer, after } = press(c, act('ack', { step: 'cmd_migrate' }));
      expect(answer).to.deep.equal({ ok: true, action: 'ack', step: 'test_mode', direction: 'forward' });
      expect(after.groups.prod.update.step).to.equal('test_mode');
    });

    it('error: the update stops in error with the message', () => {
      const c = updating();
      const { answer, after } = press(c, act('error', { step: 'cmd_migrate', error_message: 'relation "users" exists' }));
      expect(answer).to.deep.equal({ ok: true, action: 'error', step: 'cmd_migrate', direction: 'error' });
      expect(after.groups.prod.update).to.include({ direction: 'error', error_message: 'relation "users" exists' });
      // ... and stays so on the next runs (the reference dropped it).
      c.later(5 * MINUTE).run();
      expect(c.group().update).to.include({ direction: 'error', error_message: 'relation "users" exists' });
    });

    it('pause and resume, with the web UI\'s `step: null`', () => {
      const c = updating('test_mode');
      let { answer } = press(c, act('pause', { step: null }));
      expect(answer).to.deep.equal({ ok: true, action: 'pause', step: 'test_mode', direction: 'pause' });
      ({ answer } = press(c.later(MINUTE), act('resume', { step: null })));
      expect(answer).to.deep.equal({ ok: true, action: 'resume', step: 'test_mode', direction: 'forward' });
    });

    it('proceed a manual stage, skip another', () => {
      const c = updating('test_mode');
      let { answer } = press(c, act('proceed', { step: 'test_mode' }));
      expect(answer).to.deep.equal({ ok: true, action: 'proceed', step: 'quick_restart', direction: 'forward' });
      ({ answer } = press(c.later(SECOND), act('skip', { step: 'quick_restart' })));
      expect(answer).to.deep.equal({ ok: true, action: 'skip', step: 'smooth_restart', direction: 'forward' });
    });

    it('revert walks back', () => {
      const c = updating('test_mode');
      const { answer, after } = press(c, act('revert'));
      expect(answer).to.deep.equal({ ok: true, action: 'revert', step: 'test_mode', direction: 'backward' });
      // test mode's time back is long over and the migration's stage is
      // skipped walking back: reverted in the same run
      expect(after.groups.prod).to.not.have.property('update');
      expect(after.groups.prod.version).to.equal('v1.5.0');
    });

    it('refusals from the update: wrong step, wrong mode', () => {
      const c = updating('test_mode');
      let { answer } = press(c, act('ack', { step: 'cmd_migrate' }));
      expect(answer.error).to.match(/step cmd_migrate is not running/);
      ({ answer } = press(c, act('ack')));
      expect(answer.error).to.match(/not waiting for an ack/);
    });

    it('an update started by an earlier action of the same run takes the action', () => {
      const c = prod();
      const r = c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }, act('ack', { step: 'cmd_migrate' })]);
      expect(Object.keys(r.actions).sort().map((id) => r.actions[id])).to.deep.equal([
        { ok: true, from: 'v1.5.0', to: 'v1.6.0' },
        { ok: true, action: 'ack', step: 'test_mode', direction: 'forward' },
      ]);
    });

    it('refused with no update in progress, or no group', () => {
      const c = prod();
      expectRefused(c, act('pause'), /^no update in progress, nothing to pause$/);
      expectRefused(c, act('pause', { group: 'nope' }), /^group nope does not exist$/);
    });

    it('the update ending in the same run keeps each action\'s own answer', () => {
      const c = updating('smooth_restart');
      // Skipping the last stage ends the update; the second action comes after.
      const r = c.run([act('skip', { step: 'smooth_restart' }), act('pause')]);
      const [first, second] = Object.keys(r.actions).sort();
      expect(r.actions[first]).to.deep.equal({ ok: true, action: 'skip', step: 'done', direction: 'forward' });
      expect(r.actions[second].error).to.match(/finished \(done\)/);
      expect(c.group().version).to.equal('v1.6.0');
      expect(c.group()).to.not.have.property('update');
    });

    it('an update ended by an earlier action of the run, or its group deleted', () => {
      let c = updating();
      let r = c.run([act('pause'), { action: 'force_version', group: 'prod', to_version: 'v1.5.0' }]);
      let ids = Object.keys(r.actions).sort();
      expect(r.actions[ids[0]]).to.deep.equal({ error: 'the update has already ended' });
      expect(r.actions[ids[1]]).to.deep.equal({ ok: true, version: 'v1.5.0' });
      c = updating();
      r = c.run([act('pause'), { action: 'delete_group', group: 'prod' }]);
      ids = Object.keys(r.actions).sort();
      expect(r.actions[ids[0]]).to.deep.equal({ error: 'group prod was deleted' });
      expect(r.actions[ids[1]]).to.deep.equal({ ok: true, group: 'prod' });
    });

    it('an update already over in the parent (a Lua-era `done`) is finished and its actions told so', () => {
      const c = updating('smooth_restart');
      c.parents[0].state.pyapp.groups.prod.update.step = 'done';
      const r = c.run([act('pause')]);
      expect(Object.values(r.actions)).to.deep.equal([{ error: 'the update has already ended' }]);
      expect(c.group().version).to.equal('v1.6.0');
    });
  });

  describe('malformed and misrouted actions', () => {
    it('each is answered with why, and nothing changes', () => {
      const c = prod();
      const before = c.parents.length ? JSON.parse(JSON.stringify(c.state)) : undefined;
      const now = c.now;
      const actions = {
        [now - 20]: { button: { role: 'pyapp', action: 'add_daemon', group: 'prod', new_name: 'x', service: 'site', servers: 'alpha', number_per_server: '2' } },
        [now - 19]: { button: { role: 'pyapp', action: 'launch_rockets' } },
        [now - 18]: { button: { role: 'pyapp' } },
        [now - 17]: { button: { role: 'other', action: 'create_group', group_name: 'g', version: 'v1' } },
        [now - 16]: { button: { action: 'create_group', group_name: 'g', version: 'v1' } },
        [now - 15]: { button: 'create_group' },
        [now - 14]: null,
        [now - 13]: [1, 2, 3],
        [now - 12]: { button: { role: 'pyapp', action: 'update_action', group: 'prod', update_action: 'explode' } },
        [now - 11]: { button: { role: 'pyapp', action: 'delete_group', group: 'prod', extra: 1 } },
        [now - 10]: { button: { role: 'pyapp', action: 'delete_group', group: ['prod'] } },
        [now - 9]: { button: { role: 'pyapp', action: 'set_servers', group: 'prod', service: 'site', servers: ['alpha', 7] } },
        [now - 8]: { button: { role: 'pyapp', action: 'create_group', group_name: { toString: 'x' }, version: 'v1.5.0' } },
        'not-a-timestamp': { button: { role: 'pyapp', action: 'delete_group', group: 'prod' } },
        [now - 7]: { button: { role: 'pyapp', action: '__proto__', group: 'prod' } },
        [now - 6]: { button: { role: 'pyapp', action: 'constructor', group: 'prod' } },
        [now - 5]: { button: { role: '__proto__', action: 'delete_group', group: 'prod' } },
        [now - 4]: { button: { role: 'pyapp', action: 'delete_group', group: '__proto__' } },
        [now - 3]: { button: { role: 'pyapp', action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: null } },
      };
      const r = c.run(actions);
      expect(Object.keys(r.actions).sort()).to.deep.equal(Object.keys(actions).sort());
      for (const [id, answer] of Object.entries(r.actions)) {
        expect(answer, id).to.have.keys('error');
        expect(answer.error, id).to.be.a('string').and.not.equal('');
      }
      expect(r.actions[now - 17]).to.deep.equal({ error: 'unknown role' });
      expect(r.actions[now - 16]).to.deep.equal({ error: 'unknown role' });
      expect(r.actions[now - 5]).to.deep.equal({ error: 'unknown role' });
      expect(r.actions['not-a-timestamp'].error).to.match(/not a millisecond timestamp/);
      expect(r.actions[now - 11].error).to.match(/extra: Unexpected key/);
      expect(r.actions[now - 4]).to.deep.equal({ error: 'group __proto__ does not exist' });
      expect(c.state).to.deep.equal(before);
    });
  });

  describe('order', () => {
    it('actions apply in timestamp order, each against what the earlier ones left', () => {
      const c = prod();
      const r = c.run({
        [c.now - 3]: { button: { role: 'pyapp', action: 'delete_group', group: 'prod' } },
        [c.now - 1]: { button: { role: 'pyapp', action: 'add_daemon', group: 'prod', new_name: 'w', service: 'worker', servers: [], number_per_server: 1 } },
        [c.now - 2]: { button: { role: 'pyapp', action: 'create_group', group_name: 'prod', version: 'v1.4.1' } },
      });
      expect(r.actions).to.deep.equal({
        [c.now - 3]: { ok: true, group: 'prod' },
        [c.now - 2]: { ok: true, group: 'prod', version: 'v1.4.1' },
        [c.now - 1]: { ok: true, service: 'w', servers: [] },
      });
      expect(c.group()).to.deep.include({ version: 'v1.4.1', services: { w: { service: 'worker', servers: [], number_per_server: 1 } } });
    });
  });
});

// verwalter's action ids are u64 in decimal, the millisecond a button was
// posted (issue 19, item 11): anything else is no time to order buttons by.
describe('api driver: action ids that are not plain decimals', () => {
  for (const id of [' 12 ', '1.5', '-5', '1e3', '0x10', '']) {
    it(`refuses the id ${JSON.stringify(id)} with an answer and changes nothing`, () => {
      const c = withProd(pyCluster()).later(MINUTE);
      const before = c.group();
      c.run({ [id]: { button: { role: 'pyapp', action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: 7 } } });
      expect(c.last.actions[id].error).to.include(`action id ${id} is not a millisecond timestamp`);
      expect(c.group()).to.deep.equal(before);
    });
  }

  it('a carried-over role keeps its downgrades a list', () => {
    const c = withProd(pyCluster()).later(MINUTE);
    c.run();
    const parent = JSON.parse(JSON.stringify(c.schedule));
    c.runtime = { other: { 'v1.0': webVersion('v1.0', T0) } };
    for (const downgrades of [[], [{ group: 'prod', version: 'v1.4.1', newer: 'v1.5.0', update: false }]]) {
      parent.roles.pyapp.downgrades = downgrades;
      c.parents = [parent];
      c.later(MINUTE).run();
      expect(c.roleOut.downgrades).to.deep.equal(downgrades);
    }
  });
});
