// Roles of one run share derived pipelines and run-once answers by content
// (drivers/api/pipelines.ts): each role's schedule, log and changes must be
// what it gets when it is scheduled alone, including the lines a bad config
// logs, which every role with that config must still write.
import { expect } from 'chai';
import { freshBundle } from '../support/fresh-bundle.mjs';
import { T, T0, HOUR, MINUTE, HOSTS, pyVersion, webVersion, run, pyCluster, withProd } from './helpers.mjs';

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

  // Update states whose pipelines have the same JSON text are validated
  // once per run (pipeline/schema.ts validateStates); a state must still
  // come out, errors and all, as it does when it is the only one.
  it('reads each update state of a parent as it reads it alone', () => {
    const c = withProd(pyCluster());
    c.upload('v1.6.0');
    c.later(MINUTE).run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    c.later(MINUTE).run();
    const prod = c.group('prod');
    const variants = {
      same1: (u) => u,
      same2: (u) => u,
      badStep: (u) => ({ ...u, step: 'no-such-stage' }),
      badSmooth: (u) => ({ ...u, step: 'smooth_restart', smooth_step: 99 }),
      badStage: (u) => ({ ...u, pipeline: u.pipeline.map((s, i) => (i === 0 ? { ...s, forward_mode: 'bogus' } : s)) }),
      badStage2: (u) => ({ ...u, pipeline: u.pipeline.map((s, i) => (i === 0 ? { ...s, forward_mode: 'bogus' } : s)) }),
      badTop: (u) => ({ ...u, direction: 'sideways' }),
    };
    const groupsOf = (names) => Object.fromEntries(names.map((n) => [n, { ...prod, update: variants[n](prod.update) }]));
    const parentWith = (names) => {
      const parent = JSON.parse(JSON.stringify(c.schedule));
      parent.state[c.role].groups = groupsOf(names);
      return parent;
    };
    const names = Object.keys(variants);
    const together = run({ ...c.input(), parents: [parentWith(names)] });
    for (const name of names) {
      const alone = run({ ...c.input(), parents: [parentWith([name])] });
      const lines = (r) => r.log.split('\n').filter((l) => new RegExp(`\\b${name}\\b`).test(l));
      expect(together.schedule.state[c.role].groups[name], name).to.deep.equal(alone.schedule.state[c.role].groups[name]);
      expect(lines(together), name).to.deep.equal(lines(alone));
    }
    // The bad ones were found bad, the good ones kept their update.
    for (const name of ['same1', 'same2']) expect(together.schedule.state[c.role].groups[name].update, name).to.be.an('object');
    for (const name of ['badStep', 'badSmooth', 'badStage', 'badStage2', 'badTop']) {
      expect(together.log, name).to.match(new RegExp(`groups\\.${name}\\.update[^\\n]*(No stage|at most|Must be one of)`));
    }
  });
});

// A daemon's update config is known again by its keys and flat values
// (drivers/api/pipelines.ts, sameConfig) instead of its JSON text: configs
// alike in all but one value, its type or the keys' order must each get
// what they get in a fresh engine, in one run and in the next, when the
// engine remembers the first run's configs.
describe('api driver: update configs told apart', () => {
  const SITE = { restart: 'smooth', smooth_substeps: 4, warmup_sec: 15, test_mode_percent: 10 };
  const MIGRATE = { mode: 'run-with-ack', downgrade_mode: 'skip', duration: 60 };
  // More variants of each daemon than the engine remembers per name, each
  // beside the other daemon's first config: a variant taken for another
  // config makes the version's pipeline key that config's.
  const sites = [
    { ...SITE, warmup_sec: 16 },
    { ...SITE, warmup_sec: '15' },
    { ...SITE, smooth_substeps: 5 },
    { warmup_sec: 15, restart: 'smooth', smooth_substeps: 4, test_mode_percent: 10 },
    { ...SITE, test_mode_percent: true },
    { ...SITE, warmup_sec: { sec: 15 } },
    { ...SITE, extra: null },
    { restart: 'smooth', smooth_substeps: 4, warmup_sec: 15 },
    // The values in the same places, under other keys.
    { restart: 'smooth', warmup_sec: 4, smooth_substeps: 15, test_mode_percent: 10 },
  ];
  const migrates = [
    { ...MIGRATE, duration: 61 },
    { ...MIGRATE, duration: '60' },
    { ...MIGRATE, mode: 'bogus' },
    { downgrade_mode: 'skip', mode: 'run-with-ack', duration: 60 },
    { ...MIGRATE, downgrade_mode: 'run' },
    { ...MIGRATE, duration: [60] },
    { mode: 'run-with-ack', downgrade_mode: 'skip' },
    { mode: 'run-with-ack', duration: 'skip', downgrade_mode: 60 },
  ];
  const variants = [{ site: SITE, migrate: MIGRATE }, ...sites.map((site) => ({ site, migrate: MIGRATE })),
    ...migrates.map((migrate) => ({ site: SITE, migrate })), { site: SITE, migrate: MIGRATE }];
  const tag = (k) => `v${k + 1}.0`;
  const versionOf = (k, shift) => {
    const v = pyVersion(tag(k), T0 - (k + 1) * MINUTE);
    const bump = (config) => Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === 'number' ? value + shift : value]));
    v.daemons.site.update = bump(variants[k].site);
    v.daemons.migrate.update = bump(variants[k].migrate);
    return v;
  };
  // `ks`: the variants in the runtime; group c<k> runs each, prod the first.
  const inputOf = (ks, shift) => {
    const runtime = {};
    const groups = { prod: { version: tag(0), services: { site: { service: 'site', servers: HOSTS, number_per_server: 2 }, migrate: { service: 'migrate', servers: ['alpha'], number_per_server: 1 } } } };
    for (const k of ks) {
      runtime[tag(k)] = versionOf(k, shift);
      if (k > 0) groups[`c${k}`] = { ...groups.prod, version: tag(k) };
    }
    return { now: T0, current_host: 'alpha', parents: [{ state: { py: { groups } }, owner_hostname: 'alpha' }], runtime: { py: runtime }, actions: {}, peers: {} };
  };
  const schedule = (Toolbox, input) => Toolbox.log.wrapScheduler((i) => Toolbox.drivers.api.schedule(i))(input);
  // What group c<k> runs where, and prod's offer of the version it runs.
  const partOf = (result, k) => {
    const mine = {};
    for (const [host, n] of Object.entries(result.schedule.nodes)) {
      for (const table of ['daemons', 'commands']) {
        for (const [name, entry] of Object.entries(n.roles.py[table])) if (name.replace(/^cmd\./, '').startsWith(`c${k}-`)) mine[`${host} ${table} ${name}`] = entry;
      }
    }
    return { placed: mine, offer: result.schedule.roles.py.version_info[tag(k)].group_pipelines.prod };
  };
  const all = variants.map((_, k) => k);

  // One engine for both runs: the second meets what the first remembered.
  let engine;
  for (const shift of [0, 1]) {
    it(shift === 0 ? 'in one run' : 'in the next run, with other values under the same keys', () => {
      if (shift === 0) engine = freshBundle();
      const together = schedule(engine, inputOf(all, shift));
      for (const k of all.slice(1)) {
        const alone = schedule(freshBundle(), inputOf([0, k], shift));
        expect(partOf(together, k), `variant ${k}`).to.deep.equal(partOf(alone, k));
        expect(Object.keys(partOf(together, k).placed), `variant ${k}`).not.to.be.empty;
      }
      // The configs did tell the placements and the offers apart.
      const last = variants.length - 1;
      expect(partOf(together, 1).offer).not.to.deep.equal(partOf(together, last).offer);
      expect(partOf(together, 1 + sites.length + 2).placed).not.to.have.property('alpha commands cmd.c12-migrate');
      expect(partOf(together, last).placed).to.have.property(`alpha commands cmd.c${last}-migrate`);
      // Keys in another order: another text, the same pipeline.
      expect(partOf(together, 4).offer).to.deep.equal(partOf(together, last).offer);
    });
  }
});

// A kept engine handed the same runtime objects again, as a simulation is:
// from the third run the images of each version come from what the last
// run found (pipelines.ts, RoleMemo), and only while a version has the
// same metadata object. Every run must be what a fresh engine gives.
describe('api driver: a runtime handed again', () => {
  const withBadImage = (tag, uploaded) => {
    const v = pyVersion(tag, uploaded);
    v.commands.shell.image = 5;
    return v;
  };
  const schedule = (engine, input) => engine.log.wrapScheduler((i) => engine.drivers.api.schedule(i))(input);

  it('gives every run what a fresh engine gives, image problems included', () => {
    const input = inputOf({ alpha: { make: withBadImage, version: 'v2.0' }, beta: { make: pyVersion, version: 'v1.0' } });
    const kept = freshBundle();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(schedule(kept, input));
    // A version's metadata replaced (new images) under the same newest one.
    const changed = { ...input, runtime: { ...input.runtime, alpha: { ...input.runtime.alpha, 'v2.0': pyVersion('v2.1', T0 - 30 * HOUR) } } };
    results.push(schedule(kept, changed));
    results.push(schedule(kept, changed));
    const expected = [input, input, input, input, changed, changed].map((x) => schedule(freshBundle(), x));
    for (let i = 0; i < results.length; i++) expect(results[i], `run ${i + 1}`).to.deep.equal(expected[i]);
    expect(results[3].log).to.include('versions.v2.0.commands.shell.image: not an image name');
    expect(results[5].schedule.roles.alpha.images).to.include('pyapp.2-1');
    expect(results[5].schedule.roles.alpha.images).not.to.include('pyapp.2-0');
  });

  // Tracking leaves out a repeat of the image just added (images.ts): never
  // across two versions, or a version's remembered images would lack one.
  it('keeps an image two versions share once the newer of them is not kept', () => {
    const shared = (tag, uploaded) => ({ ...webVersion(tag, uploaded), daemons: { web: { image: 'web.shared', config: '/config/web.yaml' } } });
    const runtime = { web: { 'v1.0': shared('v1.0', T0 - 90 * HOUR), 'v2.0': shared('v2.0', T0 - 80 * HOUR), 'v3.0': webVersion('v3.0', T0 - 70 * HOUR) } };
    const group = (version) => ({ version, last_deployed: { [version]: T0 - 60 * HOUR }, services: { web: { service: 'web', servers: ['alpha'], number_per_server: 1 } } });
    const inputWith = (groups) => ({ now: T0, current_host: 'alpha', parents: [{ state: { web: { groups } }, owner_hostname: 'alpha' }], runtime, actions: {}, peers: {} });
    const both = inputWith({ a: group('v2.0'), b: group('v1.0') });
    const older = inputWith({ b: group('v1.0') });
    const kept = freshBundle();
    for (let i = 0; i < 3; i++) schedule(kept, both);
    const after = schedule(kept, older);
    expect(after).to.deep.equal(schedule(freshBundle(), older));
    expect(after.schedule.roles.web.versions).to.deep.equal(['v3.0', 'v1.0']);
    expect(after.schedule.roles.web.images).to.deep.equal(['web.shared', 'web.v3.0']);
  });
});
