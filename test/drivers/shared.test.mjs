// Roles of one run share derived pipelines and run-once answers by content
// (drivers/api/pipelines.ts): each role's schedule, log and changes must be
// what it gets when it is scheduled alone, including the lines a bad config
// logs, which every role with that config must still write.
import { expect } from 'chai';
import { T, T0, HOUR, HOSTS, pyVersion, run } from './helpers.mjs';

const broken = (tag, uploaded) => {
  const v = pyVersion(tag, uploaded);
  v.daemons.site.update = { restart: 'slow' };
  return v;
};

function project(make) {
  return { 'v1.0': make('v1.0', T0 - 48 * HOUR), 'v2.0': make('v2.0', T0 - 30 * HOUR), 'v3.0': make('v3.0', T0 - HOUR) };
}

function stateOf(version) {
  return {
    groups: {
      prod: {
        version, last_deployed: { [version]: T0 - 40 * HOUR },
        services: { site: { service: 'site', servers: HOSTS, number_per_server: 2 }, migrate: { service: 'migrate', servers: ['alpha'], number_per_server: 1 } },
      },
      test: { version: 'v1.0', services: { site: { service: 'site', servers: ['beta'], number_per_server: 1 } } },
    },
  };
}

function inputOf(projects) {
  const runtime = {};
  const state = {};
  for (const [name, { make, version }] of Object.entries(projects)) {
    runtime[name] = project(make);
    state[name] = stateOf(version);
  }
  return { now: T0, current_host: 'alpha', parents: [{ state, owner_hostname: 'alpha' }], runtime, actions: {}, peers: {} };
}

// A role's lines of the log, changes and part of the schedule.
function partOf(result, role) {
  const mine = (line) => line.includes(`[${role}]`) || line.startsWith(`${role}:`);
  const nodes = {};
  for (const [host, n] of Object.entries(result.schedule.nodes)) if (n.roles[role]) nodes[host] = n.roles[role];
  return {
    log: result.log.split('\n').filter(mine),
    changes: result.schedule.changes ? result.schedule.changes.filter(mine) : [],
    state: result.schedule.state[role], role: result.schedule.roles[role], nodes,
  };
}

describe('api driver: what roles share', () => {
  const projects = {
    alpha: { make: pyVersion, version: 'v1.0' },
    beta: { make: pyVersion, version: 'v2.0' },
    gamma: { make: broken, version: 'v1.0' },
    delta: { make: broken, version: 'v2.0' },
  };

  it('gives each role what it gets alone, lines of a bad config included', () => {
    const together = run(inputOf(projects));
    for (const name of Object.keys(projects)) {
      const alone = run(inputOf({ [name]: projects[name] }));
      expect(partOf(together, name), name).to.deep.equal(partOf(alone, name));
    }
    // Both roles with the bad config said so, each in its own lines.
    for (const name of ['gamma', 'delta']) {
      expect(partOf(together, name).log.join('\n')).to.include("can't classify service site");
    }
  });

  it('shares nothing between runs of a driver made once: a changed config is read afresh', () => {
    const factory = T.drivers.api.driver();
    const sched = T.log.wrapScheduler((input) => T.role.mergeOutput(T.role.fromState(input, factory)));
    const first = sched(inputOf({ alpha: projects.alpha }));
    const second = sched(inputOf({ alpha: { make: broken, version: 'v1.0' } }));
    const third = sched(inputOf({ alpha: { make: broken, version: 'v1.0' } }));
    expect(first.log).not.to.include("can't classify");
    expect(second.log).to.include("can't classify service site");
    expect(third.log).to.equal(second.log);
    expect(third.schedule).to.deep.equal(second.schedule);
  });
});
