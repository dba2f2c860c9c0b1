// Rules of placing a role on its nodes (issue 21: the faster placement):
// process names that meet are caught whatever names the dashes are in, the
// daemons looked up stay apart by version, servers go in name order, and a
// run-once mode makes a command. Groups are written into the parent by
// hand: add_daemon refuses names that meet, but a parent may hold them.
import { expect } from 'chai';
import { Cluster, webVersion, T0, HOUR, MINUTE } from './helpers.mjs';

const svc = (service, servers, extra = {}) => ({ service, servers, number_per_server: 1, ...extra });
const group = (version, services) => ({ version, auto_update: false, last_deployed: { [version]: T0 - HOUR }, services });

/** A run of role `web` whose parent holds `groups`, over `runtime`. */
function runWith(runtime, groups) {
  const c = new Cluster({ role: 'web', runtime });
  c.run();
  const parent = JSON.parse(JSON.stringify(c.schedule));
  parent.state.web = { groups };
  c.parents = [parent];
  c.later(MINUTE).run();
  return c;
}

const daemonsOn = (c, host) => c.schedule.nodes[host].roles.web.daemons;
const clashLine = (name, host, first, second) => `[web]:ERROR: process ${name} on ${host} is the name of ${first} and of ${second}; ${second} is not placed there (names joined by dashes meet: rename one)`;

describe('api driver: placement rules', () => {
  describe('process names that meet are caught wherever the dashes are', () => {
    const runtime = () => ({ v1: webVersion('v1', T0 - HOUR) });

    it('`a` + `b-c` and `a-b` + `c` both run as a-b-c: the group first in name order keeps it where both run', () => {
      const c = runWith(runtime(), { a: group('v1', { 'b-c': svc('web', ['alpha']) }), 'a-b': group('v1', { c: svc('web', ['alpha', 'undefined']) }) });
      expect(c.last.log).to.include(clashLine('a-b-c', 'alpha', 'service b-c of group a', 'service c of group a-b'));
      expect(daemonsOn(c, 'alpha')['a-b-c']).to.include({ group: 'a', service: 'b-c', instances: 1 });
      // Where they don't meet the other is placed, whatever the host's name.
      expect(daemonsOn(c, 'undefined')['a-b-c']).to.include({ group: 'a-b', service: 'c' });
    });

    it('dashes only in group names, each the first letter: `-a` + `b` (second slot) meets `-a-b` + `2`', () => {
      const c = runWith(runtime(), { '-a': group('v1', { b: svc('web', ['alpha'], { slot: 2 }) }), '-a-b': group('v1', { 2: svc('web', ['alpha']) }) });
      expect(c.last.log).to.include(clashLine('-a-b-2', 'alpha', 'service b of group -a', 'service 2 of group -a-b'));
      expect(daemonsOn(c, 'alpha')['-a-b-2']).to.include({ group: '-a', service: 'b' });
    });

    it('dashes only in service names, the first at the start: `-a` (second slot) meets `-a-2` in group g', () => {
      const c = runWith(runtime(), { g: group('v1', { '-a': svc('web', ['alpha'], { slot: 2 }), '-a-2': svc('web', ['alpha']) }) });
      expect(c.last.log).to.include(clashLine('g--a-2', 'alpha', 'service -a of group g', 'service -a-2 of group g'));
      expect(daemonsOn(c, 'alpha')['g--a-2']).to.include({ group: 'g', service: '-a' });
    });
  });

  it('each version\'s daemon is looked up apart, however their names join (v1 + aweb, v1a + web)', () => {
    const c = runWith(
      { v1: { timestamp: (T0 - HOUR) / 1000, daemons: { aweb: { image: 'aweb.v1', config: '/a.yaml' } } }, v1a: webVersion('v1a', T0 - HOUR) },
      { x: group('v1', { s: svc('aweb', ['alpha']) }), y: group('v1a', { s: svc('web', ['alpha']) }) },
    );
    expect(daemonsOn(c, 'alpha')['x-s']).to.include({ image: 'aweb.v1', version: 'v1', daemon: 'aweb' });
    expect(daemonsOn(c, 'alpha')['y-s']).to.include({ image: 'web.v1a', config: '/config/web.yaml', version: 'v1a', daemon: 'web' });
  });

  it('a run-once command runs, while its stage runs it, on the first of many servers in name order', () => {
    const hosts = ['h5', 'h9', 'h2', 'h7', 'h1', 'h8', 'h3', 'h6', 'h4', 'h0'];
    const version = (tag) => ({ timestamp: (T0 - HOUR) / 1000, daemons: { migrate: { image: 'm.' + tag, config: '/m.yaml', update: { mode: 'run-with-ack', duration: 60 } } } });
    const c = runWith({ v1: version('v1'), v2: version('v2') }, { g: group('v1', { m: svc('migrate', hosts) }) });
    // Not running: every server has the by-hand form, none runs it.
    for (const h of hosts) {
      expect(c.schedule.nodes[h].roles.web.commands['cmd.g-m']).to.deep.equal({ image: 'm.v1', config: '/m.yaml', version: 'v1' });
      expect(daemonsOn(c, h)).to.deep.equal({});
    }
    c.later(MINUTE).run([{ action: 'start_update', group: 'g', to_version: 'v2' }]);
    expect(daemonsOn(c, 'h0')).to.deep.equal({ 'g-m': { image: 'm.v2', config: '/m.yaml', instances: 1, version: 'v2', group: 'g', service: 'm', daemon: 'migrate' } });
    for (const h of hosts.filter((x) => x !== 'h0')) expect(daemonsOn(c, h)).to.deep.equal({});
  });

  it('a run-once command whose stage runs, on a service with no servers, runs nowhere (no host made up for it)', () => {
    const version = (tag) => ({ timestamp: (T0 - HOUR) / 1000, daemons: { migrate: { image: 'm.' + tag, config: '/m.yaml', update: { mode: 'run-with-ack', duration: 60 } } } });
    const c = runWith({ v1: version('v1'), v2: version('v2') }, { g: group('v1', { m: svc('migrate', []) }) });
    c.later(MINUTE).run([{ action: 'start_update', group: 'g', to_version: 'v2' }]);
    expect(c.group('g').update.step).to.equal('cmd_m');
    expect(c.schedule.nodes).to.deep.equal({});
  });

  it('a daemon that became a run-once command under a split stage runs nowhere when the version first in line has no usable daemon', () => {
    const restart = (tag) => ({ timestamp: (T0 - HOUR) / 1000, daemons: { d: { image: 'd.' + tag, config: '/d.yaml', update: { restart: 'smooth', smooth_substeps: 2, test_mode_percent: 50 } } } });
    const c = new Cluster({ role: 'web', runtime: { v1: restart('v1'), v2: restart('v2') } });
    c.run([{ action: 'create_group', group_name: 'g', version: 'v1' }]);
    c.later(MINUTE).run([{ action: 'add_daemon', group: 'g', new_name: 'm', service: 'd', servers: ['alpha', 'beta'], number_per_server: 2 }]);
    c.later(MINUTE).run([{ action: 'start_update', group: 'g', to_version: 'v2' }]);
    expect(c.group('g').update.step).to.equal('test_mode');
    // The update's test mode splits m between v1 and v2; then the runtime
    // says v1's daemon has no image and v2's is a migration (as if the
    // parent's pipeline came from other metadata).
    c.runtime.web.v1.daemons.d = { config: '/d.yaml' };
    c.runtime.web.v2.daemons.d.update = { mode: 'run-with-ack', duration: 60 };
    c.later(MINUTE).run();
    const cmd = { 'cmd.g-m': { image: 'd.v2', config: '/d.yaml', version: 'v2' } };
    expect(c.schedule.nodes).to.deep.equal({ alpha: { roles: { web: { daemons: {}, commands: cmd } } }, beta: { roles: { web: { daemons: {}, commands: cmd } } } });
  });

  it('a version without a usable daemon for a service says so and places nothing of it', () => {
    const c = runWith(
      { v1: { timestamp: (T0 - HOUR) / 1000, daemons: { web: { image: 'web.v1' } } } },
      { g: group('v1', { s: svc('web', ['alpha']) }) },
    );
    expect(c.last.log).to.include('[web]:ERROR: g: version v1 has no usable daemon web for service s ; not placed');
    expect(c.schedule.nodes).to.deep.equal({});
  });
});
