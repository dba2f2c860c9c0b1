// Random cluster histories for the api driver, from a seed: a cluster
// evolved tick by tick with random buttons (every kind, valid and
// malformed), uploads (downgrades, pre-releases, build metadata, 20-digit
// numbers), metadata deleted, projects briefly missing, peers lost,
// split-brains and odd names. Every tick is checked against INVARIANTS;
// the first one broken ends the history with the seed and tick, so that
// `npm run fuzz -- --seed S --ticks M` replays it.
import { createRequire } from 'node:module';
import { prng, shuffleKeys, resultText } from '../support/shuffle.mjs';
import { INVARIANTS } from './invariants.mjs';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');

export const ROLES = ['pyapp', '__proto__'];
const GROUPS = ['prod', 'stage', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a-b', 'ünï', ''];
const SERVICES = ['site', 'worker', 'migrate', '__proto__', 'toString', 'nope'];
const DAEMONS = ['site', 'worker', 'migrate', '__proto__', 'toString'];
const TAGS = ['v1.0.0', 'v1.1.0', 'v1.0-rc1', 'v2.0.0+build', 'v0.9.0', 'v12345678901234567890.1', 'v1.10.0', 'v10.8', 'v1.0.8', 'v2.0.0'];
const HOSTS = ['alpha', 'beta', 'gamma', '__proto__'];
const PEERS = { a1: { hostname: 'alpha', name: 'alpha' }, b2: { hostname: 'beta', name: 'beta' }, c3: { hostname: 'gamma', name: 'gamma' } };
const NUMBERS = [0, 1, 2, 3, 5, -1, 2.5, '2', null, 1e306, 10001];
const UPDATE_ACTIONS = ['pause', 'resume', 'revert', 'skip', 'proceed', 'ack', 'error', 'bogus'];
const STEPS = ['cmd_migrate', 'test_mode', 'quick_restart', 'smooth_restart', 'done', '__proto__'];
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

function put(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const json = (v) => JSON.parse(JSON.stringify(v));

// Version metadata like a real project's (a migration acked by the command,
// a smooth restart with a test mode, a quick one) plus daemons named like
// Object.prototype's keys; now and then unreadable.
function metadata(tag, uploadedMs, r) {
  if (r() < 0.05) return { timestamp: uploadedMs / 1000, daemons: 'broken' };
  const image = 'pyapp.' + tag.replace(/[^0-9a-z]/gi, '-');
  const daemons = {
    migrate: { image, config: '/c/migrate.yaml', update: { mode: 'run-with-ack', downgrade_mode: 'skip', duration: 60 } },
    site: { image, config: '/c/site.yaml', update: { restart: 'smooth', smooth_substeps: 4, warmup_sec: 15, test_mode_percent: 10 } },
    worker: { image, config: '/c/worker.yaml', update: { restart: 'quick', warmup_sec: 20 } },
    toString: { image, config: '/c/t.yaml' },
  };
  put(daemons, '__proto__', { image, config: '/c/p.yaml', update: { restart: 'quick', warmup_sec: 5, test_mode_percent: 30 } });
  return { timestamp: r() < 0.2 ? String(Math.floor(uploadedMs / 1000)) : uploadedMs / 1000, daemons, commands: { shell: { image, config: '/c/shell.yaml' } } };
}

/** One history's generator state. */
class World {
  constructor(seed) {
    this.r = prng(seed);
    this.now = T0;
    this.runtime = {};
    this.absent = Object.create(null);
    this.parents = [];
    this.history = [];
    for (const role of ROLES) {
      put(this.runtime, role, { project_name: role });
      this.upload(role, 'v1.0.0', T0 - 48 * HOUR);
      this.upload(role, 'v1.1.0', T0 - 30 * HOUR);
    }
  }

  int(n) { return Math.floor(this.r() * n); }
  pick(list) { return list[this.int(list.length)]; }
  chance(p) { return this.r() < p; }
  subset(list) { return list.filter(() => this.chance(0.5)); }

  project(role) {
    return own(this.runtime, role) ? this.runtime[role] : this.absent[role];
  }

  upload(role, tag, at = this.now - MINUTE) {
    put(this.project(role), tag, metadata(tag, at, this.r));
  }

  groupsOf(role) {
    const st = this.parents[0] && this.parents[0].state && this.parents[0].state[role];
    return st && st.groups && !Array.isArray(st.groups) ? Object.keys(st.groups) : [];
  }

  versionsOf(role) {
    return Object.keys(this.project(role)).filter((k) => /^v\d/.test(k));
  }

  group(role) {
    const known = this.groupsOf(role);
    return known.length && this.chance(0.8) ? this.pick(known) : this.pick(GROUPS);
  }

  button(role) {
    const g = this.group(role);
    const version = () => (this.chance(0.85) ? this.pick(this.versionsOf(role).concat([''])) : this.pick(TAGS));
    const kinds = [
      () => ({ action: 'create_group', group_name: this.chance(0.5) ? this.pick(GROUPS) : g, version: version() }),
      () => ({ action: 'delete_group', group: g }),
      () => ({ action: 'add_daemon', group: g, new_name: this.pick(SERVICES), service: this.chance(0.9) ? this.pick(DAEMONS) : this.pick(SERVICES),
        servers: this.chance(0.9) ? [this.pick(HOSTS)].concat(this.subset(HOSTS)) : this.subset(HOSTS), number_per_server: this.chance(0.8) ? 1 + this.int(4) : this.pick(NUMBERS) }),
      () => ({ action: 'add_daemon', group: g, new_name: this.pick(SERVICES), service: this.pick(DAEMONS), servers: [this.pick(HOSTS)], number_per_server: 1 + this.int(4) }),
      () => ({ action: 'delete_daemon', group: g, name: this.pick(SERVICES) }),
      () => ({ action: 'set_servers', group: g, service: this.pick(SERVICES), servers: this.subset(HOSTS) }),
      () => ({ action: 'set_number_per_server', group: g, service: this.pick(SERVICES), number_per_server: this.pick(NUMBERS) }),
      () => ({ action: 'enable_auto_update', group: g }),
      () => ({ action: 'disable_auto_update', group: g }),
      () => ({ action: 'force_version', group: g, to_version: version() }),
      () => ({ action: 'start_update', group: g, to_version: version() }),
      () => ({ action: 'start_update', group: g, to_version: version() }),
      () => {
        const b = { action: 'update_action', group: g, update_action: this.pick(UPDATE_ACTIONS) };
        if (this.chance(0.2)) b.step = this.pick(STEPS);
        if (this.chance(0.3)) b.error_message = this.pick(['boom', '', 'x'.repeat(2000)]);
        return b;
      },
    ];
    // Update actions are what moves updates: drawn more often.
    const b = this.chance(0.35) ? kinds[kinds.length - 1]() : this.pick(kinds)();
    const out = { button: { role, ...b } };
    // Malformed: a field broken, an unknown key, another role, no button.
    const m = this.r();
    if (m < 0.05) put(out.button, this.pick(['group', 'servers', 'action', '__proto__', 'extra']), this.pick([null, 5, 'x', [], {}]));
    else if (m < 0.07) out.button.role = 'elsewhere';
    else if (m < 0.08) return this.pick([null, 'text', [1], { other: 1 }]);
    return out;
  }

  actions() {
    const out = {};
    const n = this.chance(0.4) ? 0 : 1 + this.int(4);
    for (let i = 0; i < n; i++) {
      const role = this.chance(0.75) ? ROLES[0] : this.pick(ROLES);
      put(out, String(this.now - n + i), this.button(role));
    }
    if (n && this.chance(0.03)) put(out, this.pick(['abc', '-5', '1e3']), this.button(ROLES[0]));
    return out;
  }

  /** The next tick's input. */
  step() {
    const d = this.r();
    this.now += d < 0.75 ? this.int(2 * MINUTE) : d < 0.95 ? this.int(40 * MINUTE) : d < 0.99 ? 3 * HOUR : 25 * HOUR;
    for (const role of ROLES) {
      if (this.chance(0.08)) this.upload(role, this.pick(TAGS));
      const versions = this.versionsOf(role);
      // Old metadata cleaned up (sometimes one still in use).
      if (versions.length > 2 && this.chance(0.03)) delete this.project(role)[this.pick(versions)];
      if (own(this.absent, role)) {
        if (this.chance(0.3)) {
          put(this.runtime, role, this.absent[role]);
          delete this.absent[role];
        }
      } else if (this.chance(0.02)) {
        put(this.absent, role, this.runtime[role]);
        delete this.runtime[role];
      }
    }
    const peers = this.chance(0.05) ? Object.fromEntries(Object.entries(PEERS).filter(() => this.chance(0.5))) : PEERS;
    let parents = this.parents;
    if (this.history.length > 2 && this.chance(0.08)) parents = [parents[0], this.pick(this.history)];
    return json({
      now: this.now, current_host: this.chance(0.9) ? 'alpha' : 'beta', current_id: 'a1',
      parents, actions: this.actions(), runtime: this.runtime, peers, metrics: {},
    });
  }

  accept(schedule) {
    const copy = json(schedule);
    this.parents = [copy];
    this.history.push(copy);
    if (this.history.length > 20) this.history.shift();
  }
}

function scheduler(options) {
  return T.log.wrapScheduler((input) => T.drivers.api.schedule(input, options));
}

/** Runs one history; returns `{ok: true, stats}` or `{ok: false, seed,
 * tick, invariant, message}`. `invariants` defaults to INVARIANTS. */
export function runHistory(seed, ticks, { invariants = INVARIANTS } = {}) {
  const world = new World(seed);
  // A hook that fails (a string: an Error's stack would name this file's
  // frames, which differ between the two calls of a tick).
  const run = scheduler({ hooks: { update_done() { throw 'hook failed'; } } });
  const stats = { ticks: 0, actions: 0, ok: 0, refused: 0, updates: 0, done: 0, reverted: 0, groups: 0 };
  const memory = {};
  let previous = null;
  for (let t = 0; t < ticks; t++) {
    const input = world.step();
    const result = run(json(input));
    const shuffled = () => run(shuffleKeys(input, prng(seed * 7919 + t)));
    const tick = { t, input, result, previous, memory, shuffled, T, roles: ROLES };
    for (const inv of invariants) {
      let message;
      try {
        message = inv.check(tick);
      } catch (e) {
        message = `check threw: ${e && e.stack ? e.stack : e}`;
      }
      if (message) return { ok: false, seed, tick: t, invariant: inv.name, message, input };
    }
    tally(stats, result);
    world.accept(result.schedule);
    previous = tick;
  }
  return { ok: true, seed, stats };
}

function tally(stats, result) {
  stats.ticks += 1;
  for (const a of Object.values(result.actions)) {
    stats.actions += 1;
    if (a && a.ok === true) stats.ok += 1;
    else stats.refused += 1;
  }
  for (const role of Object.keys(result.schedule.state || {})) {
    const groups = Object.values(result.schedule.state[role].groups || {});
    stats.groups += groups.length;
    stats.updates += groups.filter((g) => g.update).length;
  }
  for (const c of result.schedule.changes || []) {
    if (/ done$/.test(c)) stats.done += 1;
    if (/reverted; staying at/.test(c)) stats.reverted += 1;
  }
}

export { resultText };
