// What each button tells the operator: the exact `changes` line (and log
// line) of every action that changes a group, so a changed word there is a
// visible change of behaviour.
import { expect } from 'chai';
import { pyCluster, withProd, MINUTE, HOUR, SECOND } from './helpers.mjs';

function prod() {
  const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
  c.run();
  return c.later(SECOND);
}

// The run's changes for this one button, and its answer.
function press(c, button) {
  const r = c.run([button]);
  const answers = Object.values(r.actions);
  expect(answers).to.have.length(1);
  return { answer: answers[0], changes: c.schedule.changes || [], log: r.log.split('\n') };
}

const debugLines = (log) => log.filter((line) => line.includes(':DEBUG:') && !/DEBUG: (action \w+ \d+|\d+ groups found)$/.test(line));

describe('api driver: the changes each button reports', () => {
  it('a service added on no servers says so, and logs nothing else', () => {
    const c = prod();
    const { answer, changes, log } = press(c, { action: 'add_daemon', group: 'prod', new_name: 'spare', service: 'worker', servers: [], number_per_server: 1 });
    expect(answer).to.deep.equal({ ok: true, service: 'spare', servers: [] });
    expect(changes).to.deep.equal(['pyapp: prod: added service spare (worker) on no servers']);
    expect(debugLines(log)).to.deep.equal([]);
    expect(c.group().services.spare).to.deep.equal({ service: 'worker', servers: [], number_per_server: 1 });
    expect(c.last.schedule.state.pyapp.groups.prod.services.spare).to.have.all.keys('service', 'servers', 'number_per_server');
  });

  it('a server listed twice when adding or moving a service is one debug line naming the place', () => {
    const c = prod();
    const added = press(c, { action: 'add_daemon', group: 'prod', new_name: 'spare', service: 'worker', servers: ['gamma', 'alpha', 'gamma'], number_per_server: 1 });
    expect(added.changes).to.deep.equal(['pyapp: prod: added service spare (worker) on gamma, alpha']);
    expect(debugLines(added.log)).to.deep.equal(['[pyapp]:DEBUG: prod: servers.2: gamma is listed twice; counted once']);
    const moved = press(c.later(SECOND), { action: 'set_servers', group: 'prod', service: 'spare', servers: ['beta', 'beta', 'alpha', 'alpha'] });
    expect(moved.answer).to.deep.equal({ ok: true, service: 'spare', servers: ['beta', 'alpha'] });
    expect(moved.changes).to.deep.equal(['pyapp: prod: service spare now on beta, alpha']);
    expect(debugLines(moved.log)).to.deep.equal(['[pyapp]:DEBUG: prod: servers.1: beta is listed twice; counted once; servers.3: alpha is listed twice; counted once']);
  });

  it('moving a service onto no servers, or onto one, says where it now runs', () => {
    const c = prod();
    const none = press(c, { action: 'set_servers', group: 'prod', service: 'worker', servers: [] });
    expect(none.answer).to.deep.equal({ ok: true, service: 'worker', servers: [] });
    expect(none.changes).to.deep.equal(['pyapp: prod: service worker now on no servers']);
    expect(debugLines(none.log)).to.deep.equal([]);
    const one = press(c.later(SECOND), { action: 'set_servers', group: 'prod', service: 'worker', servers: ['beta'] });
    expect(one.changes).to.deep.equal(['pyapp: prod: service worker now on beta']);
  });

  it('a new count, a deleted service and the auto update switch each say what changed', () => {
    const c = prod();
    expect(press(c, { action: 'set_number_per_server', group: 'prod', service: 'worker', number_per_server: 3 }).changes)
      .to.deep.equal(['pyapp: prod: service worker now runs 3 per server']);
    const del = press(c.later(SECOND), { action: 'delete_daemon', group: 'prod', name: 'migrate' });
    expect(del.changes).to.deep.equal(['pyapp: prod: deleted service migrate']);
    expect(del.log).to.include('[pyapp]:CHANGE: prod: deleted service migrate');
    // v1.6.0 is there: enabling starts it in the same run.
    expect(press(c.later(SECOND), { action: 'enable_auto_update', group: 'prod' }).changes)
      .to.deep.equal(['pyapp: prod: auto update enabled', 'pyapp: prod: starting automatic update from v1.5.0 to v1.6.0']);
    expect(press(c.later(SECOND), { action: 'disable_auto_update', group: 'prod' }).changes)
      .to.deep.equal(['pyapp: prod: auto update disabled']);
  });

  it('a group deleted at rest or mid-update: the dropped update is named', () => {
    const c = prod();
    const atRest = prod();
    expect(press(atRest, { action: 'delete_group', group: 'prod' }).changes).to.deep.equal(['pyapp: deleted group prod']);
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    const mid = press(c.later(SECOND), { action: 'delete_group', group: 'prod' });
    expect(mid.changes).to.deep.equal(['pyapp: deleted group prod (its update to v1.6.0 dropped)']);
  });

  it('forcing another version at rest restarts every process; forcing the update\'s target keeps what runs it', () => {
    const atRest = prod();
    const forced = press(atRest, { action: 'force_version', group: 'prod', to_version: 'v1.4.1' });
    expect(forced.answer).to.deep.equal({ ok: true, version: 'v1.4.1' });
    expect(forced.changes).to.deep.equal([
      'pyapp: prod: forced version v1.5.0 -> v1.4.1',
      'pyapp: prod: every process of the group restarts on v1.4.1',
    ]);
    const c = prod();
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    const target = press(c.later(SECOND), { action: 'force_version', group: 'prod', to_version: 'v1.6.0' });
    expect(target.changes).to.deep.equal([
      'pyapp: prod: forced version v1.5.0 -> v1.6.0 (update to v1.6.0 dropped)',
      'pyapp: prod: processes already on v1.6.0 keep running; the rest restart',
    ]);
  });

  it('forcing the version the group runs drops the update and restarts nothing', () => {
    const c = prod();
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    const same = press(c.later(SECOND), { action: 'force_version', group: 'prod', to_version: 'v1.5.0' });
    expect(same.changes).to.deep.equal(['pyapp: prod: forced version v1.5.0 -> v1.5.0 (update to v1.6.0 dropped)']);
    const again = press(c.later(SECOND), { action: 'force_version', group: 'prod', to_version: 'v1.5.0' });
    expect(again.changes).to.deep.equal(['pyapp: prod: forced version v1.5.0 -> v1.5.0']);
  });

  it('a revert of a group without auto update only says it reverted', () => {
    const c = prod();
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    c.later(MINUTE).run([{ action: 'update_action', group: 'prod', update_action: 'revert' }]);
    c.until('revert_done');
    const lines = [c.schedule.changes || []].flat();
    expect(lines).to.deep.equal([
      'pyapp: prod: reverting update at cmd_migrate',
      'pyapp: prod: revert done',
      'pyapp: prod: update to v1.6.0 reverted; staying at v1.5.0',
    ]);
    expect(c.group().auto_update).to.equal(false);
  });

  it('a version whose metadata has no object of daemons (null, a text) has none to add, whatever the name', () => {
    const c = pyCluster();
    c.runtime.pyapp['v2.0.0'] = { timestamp: 1, daemons: null };
    c.runtime.pyapp['v3.0.0'] = { timestamp: 2, daemons: 'web' };
    c.run([{ action: 'create_group', group_name: 'prod', version: 'v2.0.0' }, { action: 'create_group', group_name: 'text', version: 'v3.0.0' }]);
    const add = (group, service) => press(c.later(SECOND), { action: 'add_daemon', group, new_name: 'w', service, servers: [], number_per_server: 1 }).answer;
    expect(add('prod', 'worker')).to.deep.equal({ error: 'version v2.0.0 has no daemon worker' });
    // 'length' and '0' are keys of the text itself, not daemons.
    expect(add('text', 'length')).to.deep.equal({ error: 'version v3.0.0 has no daemon length' });
    expect(add('text', '0')).to.deep.equal({ error: 'version v3.0.0 has no daemon 0' });
    expect(c.group('prod').services).to.deep.equal({});
    expect(c.group('text').services).to.deep.equal({});
  });
});
