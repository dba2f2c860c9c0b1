// Stable process names: lithos restarts a process whose name changes, so a
// version of a group's service that runs on a node in two consecutive ticks
// must run there under the same name, through whole rollouts; and the
// instances per version are the ones the pipeline's current stage asks for.
import { expect } from 'chai';
import { T, withProd, pyCluster, HOUR, MINUTE, SECOND } from './helpers.mjs';

const act = (update_action, more = {}) => ({ action: 'update_action', group: 'prod', update_action, ...more });

// `host group service version` -> process name, over every node of a role.
function namesOf(schedule, role = 'pyapp') {
  const out = new Map();
  for (const [host, node] of Object.entries(schedule.nodes)) {
    const r = node.roles[role];
    if (!r) continue;
    for (const [name, d] of Object.entries(r.daemons)) {
      const key = `${host} ${d.group} ${d.service} ${d.version}`;
      expect(out.has(key), `${key} placed twice`).to.equal(false);
      out.set(key, name);
    }
  }
  return out;
}

// {version: instances} per `group service`, over all nodes.
function countsOf(schedule, role = 'pyapp') {
  const out = {};
  for (const node of Object.values(schedule.nodes)) {
    const r = node.roles[role];
    if (!r) continue;
    for (const d of Object.values(r.daemons)) {
      const per = out[`${d.group} ${d.service}`] ||= {};
      per[d.version] = (per[d.version] || 0) + d.instances;
    }
  }
  return out;
}

function isRunOnce(schedule, role, version, daemon) {
  const meta = schedule.roles[role].version_info[version];
  const d = meta && meta.daemons && meta.daemons[daemon];
  return Boolean(d && d.update && d.update.mode);
}

// What the pipeline asks for: the group's share per version (all on its
// version without an update), spread as `pipeline.spread` does over all
// servers (the source gets the rounded-down share, the target the rest).
function expectedCounts(schedule, role = 'pyapp') {
  const out = {};
  for (const [gname, g] of Object.entries(schedule.state[role].groups)) {
    const shares = g.update ? T.pipeline.current(g.update) : null;
    for (const [sname, svc] of Object.entries(g.services)) {
      const source = g.update ? g.update.source_ver : g.version;
      const share = shares && shares[sname] ? shares[sname] : { [source]: 100 };
      const live = Object.keys(share).filter((v) => share[v] > 0).sort((a) => (a === source ? -1 : 1));
      const per = {};
      if (isRunOnce(schedule, role, live[0] || source, svc.service)) {
        // Once, on the first server, only while its own stage runs it.
        if (shares && shares[sname] && live.length && svc.servers.length) per[live[0]] = 1;
      } else if (live.length && svc.number_per_server > 0) {
        const total = svc.servers.length * svc.number_per_server;
        let left = total;
        live.forEach((v, i) => {
          const n = i === live.length - 1 ? left : Math.floor(total * share[v] / 100);
          if (n > 0) per[v] = n;
          left -= n;
        });
      }
      if (Object.keys(per).length) out[`${gname} ${sname}`] = per;
    }
  }
  return out;
}

// Runs ticks and checks both properties at every one of them.
class Walk {
  constructor(c) {
    this.c = c;
    this.prev = namesOf(c.schedule);
    this.ticks = 0;
    this.names = new Set(this.prev.values());
  }

  check() {
    const names = namesOf(this.c.schedule);
    for (const [key, name] of names) {
      if (this.prev.has(key)) expect(name, `tick ${this.ticks}: ${key} renamed`).to.equal(this.prev.get(key));
      this.names.add(name);
    }
    expect(countsOf(this.c.schedule), `tick ${this.ticks}: instances`).to.deep.equal(expectedCounts(this.c.schedule));
    this.prev = names;
    this.ticks += 1;
  }

  run(buttons = [], ms = 5 * SECOND) {
    this.c.later(ms).run(buttons);
    this.check();
    return this;
  }

  /** 5-second ticks until the update of prod is at `step` (or over). */
  until(step, limit = 2000) {
    for (let i = 0; i < limit; i++) {
      const u = this.c.group().update;
      if (!u || u.step === step) return this;
      this.run();
    }
    throw new Error('never reached ' + step);
  }

  get update() { return this.c.group().update; }
}

// Acks the migration, proceeds test mode, and walks on to the smooth restart.
function toSmoothRestart(w) {
  w.run([act('ack', { step: 'cmd_migrate' })]).until('test_mode').run([act('proceed', { step: 'test_mode' })]);
  return w.until('smooth_restart');
}

function walk({ to = 'v1.6.0', options } = {}) {
  const c = withProd(pyCluster(options)).later(HOUR).upload('v1.6.0');
  const w = new Walk(c);
  w.run([{ action: 'start_update', group: 'prod', to_version: to }]);
  return w;
}

// Walks the update of prod to done: acks the migration, proceeds test mode.
function finish(w) {
  for (let i = 0; i < 2000 && w.update; i++) {
    const step = w.update.step;
    if (step === 'cmd_migrate' && w.update.direction !== 'pause') w.run([act('ack', { step })]);
    else if (step === 'test_mode' && w.update.direction !== 'pause') w.run([act('proceed', { step })]);
    else w.run();
  }
  expect(w.update).to.equal(undefined);
  return w;
}

const siteOn = (w, host) => Object.keys(w.c.schedule.nodes[host].roles.pyapp.daemons).filter((n) => n.startsWith('prod-site')).sort();

describe('api driver: stable process names', () => {
  it('a full rollout (migration, test mode, quick and smooth restart) renames nothing, start to end', () => {
    const w = walk();
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site']);
    finish(w);
    expect(w.c.group().version).to.equal('v1.6.0');
    // The target ran in the second slot and stays there.
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site-2']);
    expect(w.c.group().services.site.slot).to.equal(2);
    expect(w.c.group().services.worker.slot).to.equal(2);
    expect([...w.names].sort()).to.deep.equal(['prod-migrate', 'prod-site', 'prod-site-2', 'prod-worker', 'prod-worker-2']);
    // Steady afterwards: nothing moves.
    const nodes = JSON.stringify(w.c.schedule.nodes);
    w.run([], MINUTE);
    expect(JSON.stringify(w.c.schedule.nodes)).to.equal(nodes);
  });

  it('the next update uses the slot that is free, and the one after that the other again', () => {
    const w = finish(walk());
    w.c.upload('v1.7.0');
    w.run([{ action: 'start_update', group: 'prod', to_version: 'v1.7.0' }]);
    toSmoothRestart(w).run([], 20 * SECOND);
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site', 'prod-site-2']);
    expect(w.c.schedule.nodes.alpha.roles.pyapp.daemons['prod-site'].version).to.equal('v1.7.0');
    finish(w);
    expect(w.c.group().services.site).to.not.have.property('slot');
    w.c.upload('v1.8.0');
    w.run([{ action: 'start_update', group: 'prod', to_version: 'v1.8.0' }]);
    finish(w);
    expect(w.c.group().services.site.slot).to.equal(2);
    expect(siteOn(w, 'beta')).to.deep.equal(['prod-site-2']);
  });

  it('pause and resume mid smooth restart: the split stays, under the same names', () => {
    const w = walk();
    toSmoothRestart(w).run([], 20 * SECOND).run([], 20 * SECOND);
    expect(w.update.smooth_step).to.be.above(0);
    w.run([act('pause')]);
    for (let i = 0; i < 20; i++) w.run();
    expect(w.update.direction).to.equal('pause');
    w.run([act('resume')]);
    finish(w);
  });

  it('a revert midway walks the instances back into the slot they never left', () => {
    const w = walk();
    toSmoothRestart(w).run([], 20 * SECOND);
    w.run([act('revert')]);
    w.until('revert_done');
    for (let i = 0; i < 5 && w.update; i++) w.run();
    expect(w.update).to.equal(undefined);
    expect(w.c.group().version).to.equal('v1.5.0');
    expect(w.c.group().services.site).to.not.have.property('slot');
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site']);
  });

  it('an error ack reverts by itself after the auto-revert time, renaming nothing', () => {
    const w = walk();
    w.run([act('error', { step: 'cmd_migrate', error_message: 'boom' })]);
    expect(w.update.direction).to.equal('error');
    for (let i = 0; i < 40 && w.update; i++) w.run([], MINUTE);
    expect(w.update).to.equal(undefined);
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site']);
  });

  it('a downgrade (migration skipped) renames nothing', () => {
    const c = withProd(pyCluster()).later(HOUR);
    const w = new Walk(c);
    w.run([{ action: 'start_update', group: 'prod', to_version: 'v1.4.1' }]);
    expect(w.update.downgrade).to.equal(true);
    finish(w);
    expect(w.c.group().version).to.equal('v1.4.1');
  });

  it('a split brain mid-update: both leaders wrote the same slots, the merged tick renames nothing', () => {
    const w = walk();
    toSmoothRestart(w).run([], 20 * SECOND);
    const base = w.c.parents;
    w.c.later(5 * SECOND).run();
    const fromAlpha = w.c.parents[0];
    w.c.parents = base;
    w.c.leader = 'beta';
    w.c.run([{ action: 'set_number_per_server', group: 'prod', service: 'worker', number_per_server: 3 }]);
    const fromBeta = w.c.parents[0];
    w.c.parents = [fromBeta, fromAlpha];
    w.c.leader = 'alpha';
    w.run();
    finish(w);
    expect(w.c.group().services.worker.number_per_server).to.equal(3);
  });

  it('a split brain after one leader finished the update: the merged group keeps the finished slots', () => {
    const w = walk();
    toSmoothRestart(w);
    const base = w.c.parents;
    finish(w);
    const done = w.c.parents[0];
    w.c.parents = [done, base[0]];
    w.run();
    expect(w.c.group().services.site.slot).to.equal(2);
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site-2']);
  });

  it('a split brain with the unfinished copy first: the update goes on, the target still in its slot', () => {
    const w = walk();
    toSmoothRestart(w);
    const base = w.c.parents;
    finish(w);
    w.c.parents = [base[0], w.c.parents[0]];
    w.run();
    expect(w.update.step).to.equal('smooth_restart');
    expect(w.c.schedule.nodes.alpha.roles.pyapp.daemons['prod-site-2'].version).to.equal('v1.6.0');
    finish(w);
  });

  it('force_version to the update\'s target keeps what runs it; to another version restarts, and says so', () => {
    let w = walk();
    toSmoothRestart(w).run([], 20 * SECOND);
    w.run([{ action: 'force_version', group: 'prod', to_version: 'v1.6.0' }]);
    expect(w.c.group().version).to.equal('v1.6.0');
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site-2']);
    expect(w.c.schedule.changes).to.include('pyapp: prod: processes already on v1.6.0 keep running; the rest restart');

    w = walk();
    w.run([{ action: 'force_version', group: 'prod', to_version: 'v1.4.1' }]);
    expect(w.c.schedule.changes).to.include('pyapp: prod: every process of the group restarts on v1.4.1');
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site']);
  });

  it('auto update on upload: the new version starts in the free slot', () => {
    const c = withProd(pyCluster()).later(HOUR);
    const w = new Walk(c);
    w.run([{ action: 'enable_auto_update', group: 'prod' }]);
    c.upload('v1.6.0');
    w.run();
    expect(w.update.auto).to.equal(true);
    finish(w);
    expect(siteOn(w, 'alpha')).to.deep.equal(['prod-site-2']);
  });

  it('a parent without slots (Lua-era or older) means <group>-<service>: upgrading restarts nothing', () => {
    const c = withProd(pyCluster()).later(HOUR);
    const before = JSON.stringify(c.schedule.nodes);
    for (const svc of Object.values(c.group().services)) expect(svc).to.not.have.property('slot');
    c.later(5 * SECOND).run();
    expect(JSON.stringify(c.schedule.nodes)).to.equal(before);
  });

  it('a bad slot in a parent is repaired to 1 and logged, the service kept', () => {
    const c = withProd(pyCluster()).later(HOUR);
    c.parents[0].state.pyapp.groups.prod.services.site.slot = 'two';
    c.later(5 * SECOND).run();
    expect(c.last.log).to.contain('.groups.prod.services.site.slot: string is not 1 or 2; using 1');
    expect(c.group().services.site.servers).to.deep.equal(['alpha', 'beta']);
    expect(Object.keys(c.schedule.nodes.alpha.roles.pyapp.daemons)).to.include('prod-site');
  });
});

// Names joined by dashes can meet (issue 19, item 2): a service `site-2`
// beside `site` would take `site`'s second slot during an update, and one
// node entry would overwrite the other.
describe('api driver: process names that would meet', () => {
  const addDaemon = (group, name, servers = ['alpha']) => ({ action: 'add_daemon', group, new_name: name, service: 'site', servers, number_per_server: 1 });

  it('add_daemon refuses a name whose process names meet another service\'s, with an answer', () => {
    const c = withProd(pyCluster()).later(MINUTE);
    c.run([addDaemon('prod', 'site-2')]);
    const [id] = Object.keys(c.last.actions);
    expect(c.last.actions[id]).to.deep.equal({ error: 'service site-2 would run as prod-site-2 and prod-site-2-2, names service site of group prod takes too; choose another name' });
    expect(c.group().services).to.not.have.property('site-2');
    // And the other way round: `x` beside an `x-2`, and across groups (`a` + `b-c` and `a-b` + `c`).
    c.later(MINUTE).run([{ action: 'create_group', group_name: 'a', version: 'v1.5.0' }, { action: 'create_group', group_name: 'a-b', version: 'v1.5.0' }]);
    c.later(MINUTE).run([addDaemon('a', 'b-c'), addDaemon('a-b', 'c'), addDaemon('a', 'x-2'), addDaemon('a', 'x')]);
    const answers = Object.values(c.last.actions);
    expect(answers[0]).to.deep.equal({ ok: true, service: 'b-c', servers: ['alpha'] });
    expect(answers[1].error).to.equal('service c would run as a-b-c and a-b-c-2, names service b-c of group a takes too; choose another name');
    expect(answers[2]).to.deep.equal({ ok: true, service: 'x-2', servers: ['alpha'] });
    expect(answers[3].error).to.equal('service x would run as a-x and a-x-2, names service x-2 of group a takes too; choose another name');
    expect(Object.keys(c.state.groups['a-b'].services)).to.deep.equal([]);
  });

  it('placement says so when a parent already holds such names, and drops nothing silently', () => {
    const c = withProd(pyCluster()).later(MINUTE);
    // Written before names were checked: site-2 beside site, both on alpha.
    const parent = JSON.parse(JSON.stringify(c.schedule));
    parent.state.pyapp.groups.prod.services['site-2'] = { service: 'site', servers: ['alpha'], number_per_server: 1, slot: 1 };
    parent.state.pyapp.groups.prod.services.site.slot = 2;
    c.parents = [parent];
    c.later(MINUTE).run();
    expect(c.last.log).to.include('[pyapp]:ERROR: process prod-site-2 on alpha is the name of service site of group prod and of service site-2 of group prod; service site-2 of group prod is not placed there (names joined by dashes meet: rename one)');
    // site keeps its instances on alpha; the entry is not overwritten.
    const d = c.schedule.nodes.alpha.roles.pyapp.daemons['prod-site-2'];
    expect(d.service).to.equal('site');
    expect(d.instances).to.equal(4);
  });
});
