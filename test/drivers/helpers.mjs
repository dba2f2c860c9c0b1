// Shared by the api driver tests: the built bundle, version metadata like a
// real project's, and a cluster whose schedules are fed back as parents.
import { createRequire } from 'node:module';

export const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
export const { gen } = T;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** A Monday morning. */
export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
export const HOSTS = ['alpha', 'beta', 'gamma'];
export const PEERS = {
  a1: { hostname: 'alpha', name: 'alpha' },
  b2: { hostname: 'beta', name: 'beta' },
  c3: { hostname: 'gamma', name: 'gamma' },
};

export function imageOf(tag) {
  return 'pyapp.' + tag.replace(/^v/, '').replace(/\./g, '-');
}

/** A Python web app's version: a migration acked by the command itself
 * (skipped on downgrades), a site with a 10% test mode and a smooth restart
 * in 4 substeps, a worker restarted at once, and a shell command. Uploaded
 * at `uploaded` (ms). */
export function pyVersion(tag, uploaded, extra = {}) {
  const image = imageOf(tag);
  return {
    timestamp: uploaded / 1000,
    daemons: {
      migrate: { image, config: '/config/migrate.yaml', update: { mode: 'run-with-ack', downgrade_mode: 'skip', duration: 60 } },
      site: { image, config: '/config/site.yaml', update: { restart: 'smooth', smooth_substeps: 4, warmup_sec: 15, test_mode_percent: 10 } },
      worker: { image, config: '/config/worker.yaml', update: { restart: 'quick', warmup_sec: 20 } },
    },
    commands: { shell: { image, config: '/config/shell.yaml' } },
    ...extra,
  };
}

/** A version with one daemon `web`, restarted at once (5 s warmup). */
export function webVersion(tag, uploaded, extra = {}) {
  return {
    timestamp: uploaded / 1000,
    daemons: { web: { image: 'web.' + tag, config: '/config/web.yaml' } },
    ...extra,
  };
}

/** A scheduler run with its log and answers: `{schedule, log, actions}`. */
export function run(input, options) {
  return T.log.wrapScheduler((i) => T.drivers.api.schedule(i, options))(input);
}

/** Buttons for `role` as the web UI posts them, under increasing
 * millisecond ids just before `now`. */
export function actionsOf(role, now, buttons) {
  const out = {};
  buttons.forEach((b, i) => {
    out[String(now - buttons.length + i)] = { button: { role, ...b } };
  });
  return out;
}

/** One project's cluster: each run's schedule is the next run's parent. */
export class Cluster {
  constructor({ runtime, now = T0, role = 'pyapp', options } = {}) {
    this.role = role;
    this.runtime = { [role]: { project_name: role, ...runtime } };
    this.now = now;
    this.parents = [];
    this.options = options;
    this.leader = 'alpha';
  }

  input(actions = {}) {
    return {
      now: this.now, current_host: this.leader, current_id: 'a1', parents: this.parents,
      actions, runtime: this.runtime, peers: PEERS, metrics: {},
    };
  }

  /** Runs the scheduler with these buttons (or raw `actions` object). */
  run(buttons = [], options = this.options) {
    const actions = Array.isArray(buttons) ? actionsOf(this.role, this.now, buttons) : buttons;
    const input = JSON.parse(JSON.stringify(this.input(actions)));
    const result = run(input, options);
    if (!result.schedule) throw new Error('scheduler failed:\n' + result.log);
    // A parent is what verwalter stored: plain JSON.
    this.parents = [JSON.parse(JSON.stringify(result.schedule))];
    this.last = result;
    return result;
  }

  later(ms) {
    this.now += ms;
    return this;
  }

  upload(tag, make = pyVersion, ago = 10 * MINUTE) {
    this.runtime[this.role][tag] = make(tag, this.now - ago);
    return this;
  }

  get schedule() { return this.parents[0]; }
  get state() { return this.parents[0].state[this.role]; }
  get roleOut() { return this.parents[0].roles[this.role]; }
  group(name = 'prod') { return this.state.groups[name]; }

  /** Runs once a minute until the update of `group` is at `step` (or over). */
  until(step, group = 'prod', limit = 200) {
    for (let i = 0; i < limit; i++) {
      const u = this.group(group) && this.group(group).update;
      if (!u || u.step === step) return this;
      this.later(MINUTE).run();
    }
    throw new Error('never reached ' + step);
  }
}

/** prod at `version` with site on alpha and beta (4 each), worker on gamma
 * (2) and the migration on gamma. */
export function withProd(c, version = 'v1.5.0') {
  c.run([{ action: 'create_group', group_name: 'prod', version }]);
  c.later(5 * SECOND).run([
    { action: 'add_daemon', group: 'prod', new_name: 'site', service: 'site', servers: ['alpha', 'beta'], number_per_server: 4, variables: { port: 8080 } },
    { action: 'add_daemon', group: 'prod', new_name: 'worker', service: 'worker', servers: ['gamma'], number_per_server: 2 },
    { action: 'add_daemon', group: 'prod', new_name: 'migrate', service: 'migrate', servers: ['gamma'], number_per_server: 1 },
  ]);
  return c;
}

export function pyCluster(options) {
  return new Cluster({
    runtime: {
      'v1.4.1': pyVersion('v1.4.1', T0 - 72 * HOUR),
      'v1.5.0': pyVersion('v1.5.0', T0 - 30 * HOUR),
    },
    options,
  });
}

/** `daemons` of a node's role as `{process: "version x instances"}`. */
export function placed(schedule, host, role = 'pyapp') {
  const node = schedule.nodes[host];
  const r = node && node.roles[role];
  const out = {};
  if (!r) return out;
  for (const [name, d] of Object.entries(r.daemons)) out[name] = `${d.version} x${d.instances}`;
  return out;
}
