// Writes the example scheduler's recordings: each case's input.json is what
// verwalter would serve at that moment of a scripted cluster history, the
// previous run's schedule being its parent. Expectations are then written
// by `verwalter-harness replay --update` and reviewed by hand in git diff.
//
//   node test/example/make-recordings.mjs && npm run replay -- --update
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const T = createRequire(import.meta.url)('./scheduler/v1/verwalter-toolbox.js');
const out = join(here, 'recordings');
const scheduler = createRequire(import.meta.url)('./scheduler/v1/main.js').scheduler;

const HOUR = 3600 * 1000;
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0); // a Monday morning
const PEERS = {
  '0d690419cd304aaab59eff4252d24001': { hostname: 'alpha', name: 'alpha', addr: '10.0.0.1:8379' },
  '83b26e29eb614c97b623ce5cbb886002': { hostname: 'beta', name: 'beta', addr: '10.0.0.2:8379' },
  'a0a48b51df67403c988eda77ac89b003': { hostname: 'gamma', name: 'gamma', addr: '10.0.0.3:8379' },
};

// A Python web app: a migration acked by the command itself, a web site
// with a 10% test mode and a smooth restart, and a worker restarted at once.
function version(tag, uploaded, extra = {}) {
  const image = `pyapp.${tag.replace(/^v/, '').replace(/\./g, '-')}`;
  return {
    timestamp: String(uploaded / 1000),
    daemons: {
      migrate: { image, config: '/config/lithos-migrate.yaml', update: { mode: 'run-with-ack', downgrade_mode: 'skip', duration: 60 } },
      site: { image, config: '/config/lithos-site.yaml', update: { restart: 'smooth', smooth_substeps: 4, warmup_sec: 15, test_mode_percent: 10 } },
      worker: { image, config: '/config/lithos-worker.yaml', update: { restart: 'quick', warmup_sec: 20 } },
    },
    commands: { shell: { image, config: '/config/lithos-shell.yaml' } },
    ...extra,
  };
}

class Cluster {
  constructor(runtime, now) {
    this.runtime = runtime;
    this.now = now;
    this.parents = [];
    this.leader = 'alpha';
    this.seq = 0;
  }
  input(actions = {}) {
    return {
      now: this.now, current_host: this.leader, current_id: Object.keys(PEERS).find((id) => PEERS[id].hostname === this.leader),
      parents: this.parents, actions, runtime: this.runtime, peers: PEERS, metrics: {},
    };
  }
  // One scheduler run; its schedule becomes the next run's parent.
  run(actions = {}) {
    const input = this.input(actions);
    const result = scheduler(JSON.parse(JSON.stringify(input)));
    if (!result.schedule) throw new Error('scheduler failed:\n' + result.log);
    this.parents = [result.schedule];
    return { input, result };
  }
  button(button, offset = 1) {
    return { [String(this.now - offset)]: { button: { role: 'pyapp', ...button } } };
  }
  later(ms) { this.now += ms; return this; }
  record(name, actions = {}) {
    const { input, result } = this.run(actions);
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'input.json'), JSON.stringify(input, null, 2) + '\n');
    return result;
  }
  group() { return this.parents[0].state.pyapp.groups.prod; }
  // Runs until the update reaches `step` (or ends), one run a minute.
  until(step, limit = 200) {
    for (let i = 0; i < limit; i++) {
      const u = this.group().update;
      if (!u || u.step === step) return this;
      this.later(60 * 1000).run();
    }
    throw new Error('never reached ' + step);
  }
}

const runtime = () => ({
  pyapp: {
    'v1.4.1': version('v1.4.1', T0 - 72 * HOUR),
    'v1.5.0': version('v1.5.0', T0 - 30 * HOUR),
    project_name: 'pyapp',
  },
});

function withGroup(c) {
  c.run(c.button({ action: 'create_group', group_name: 'prod', version: 'v1.5.0' }));
  c.run({
    ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'site', service: 'site', servers: ['alpha', 'beta'], number_per_server: 4, variables: { port: 8080 } }, 3),
    ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'worker', service: 'worker', servers: ['gamma'], number_per_server: 2 }, 2),
    ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'migrate', service: 'migrate', servers: ['gamma'], number_per_server: 1 }, 1),
  });
  return c;
}

function uploaded(c, tag, ago = 10 * 60 * 1000) {
  c.runtime.pyapp[tag] = version(tag, c.now - ago);
  return c;
}

const cases = {
  '01-empty-cluster': () => new Cluster(runtime(), T0).record('01-empty-cluster'),
  '02-create-group': () => { const c = new Cluster(runtime(), T0); c.run(); c.later(5000).record('02-create-group', c.button({ action: 'create_group', group_name: 'prod', version: 'v1.5.0' })); },
  '03-add-services': () => {
    const c = new Cluster(runtime(), T0); c.run(c.button({ action: 'create_group', group_name: 'prod', version: 'v1.5.0' }));
    c.later(5000).record('03-add-services', {
      ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'site', service: 'site', servers: ['alpha', 'beta'], number_per_server: 4, variables: { port: 8080 } }, 3),
      ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'worker', service: 'worker', servers: ['gamma'], number_per_server: 2 }, 2),
      ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'migrate', service: 'migrate', servers: ['gamma'], number_per_server: 1 }, 1),
    });
  },
  '04-start-update': () => { const c = uploaded(withGroup(new Cluster(runtime(), T0)).later(HOUR), 'v1.6.0'); c.record('04-start-update', c.button({ action: 'start_update', group: 'prod', to_version: 'v1.6.0' })); },
  '05-migration-waits-for-ack': () => { const c = startedUpdate(); c.later(5 * 60 * 1000).record('05-migration-waits-for-ack'); },
  '06-migration-acked': () => { const c = startedUpdate(); c.later(60 * 1000).record('06-migration-acked', c.button({ action: 'update_action', group: 'prod', update_action: 'ack', step: 'cmd_migrate' })); },
  '07-test-mode-proceed': () => { const c = acked(); c.until('test_mode').later(60 * 1000).record('07-test-mode-proceed', c.button({ action: 'update_action', group: 'prod', update_action: 'proceed', step: 'test_mode' })); },
  '08-quick-restart-by-time': () => { const c = acked(); c.until('test_mode').run(c.button({ action: 'update_action', group: 'prod', update_action: 'proceed', step: 'test_mode' })); c.until('quick_restart'); c.later(25 * 1000).record('08-quick-restart-by-time'); },
  '09-smooth-restart-substep': () => { const c = acked(); c.until('test_mode').run(c.button({ action: 'update_action', group: 'prod', update_action: 'proceed', step: 'test_mode' })); c.until('smooth_restart').later(20 * 1000).run(); c.later(20 * 1000).record('09-smooth-restart-substep'); },
  '10-update-done': () => { const c = acked(); c.until('test_mode').run(c.button({ action: 'update_action', group: 'prod', update_action: 'proceed', step: 'test_mode' })); c.until('smooth_restart'); for (let i = 0; i < 3; i++) c.later(20 * 1000).run(); c.later(20 * 1000).record('10-update-done'); },
  '11-pause': () => { const c = acked(); c.until('test_mode').later(30 * 1000).record('11-pause', c.button({ action: 'update_action', group: 'prod', update_action: 'pause' })); },
  '12-resume': () => { const c = acked(); c.until('test_mode').run(c.button({ action: 'update_action', group: 'prod', update_action: 'pause' })); c.later(10 * 60 * 1000).record('12-resume', c.button({ action: 'update_action', group: 'prod', update_action: 'resume' })); },
  // Reverted halfway through the smooth restart: it walks back part by part.
  '13-revert': () => { const c = smoothHalfway(); c.record('13-revert', c.button({ action: 'update_action', group: 'prod', update_action: 'revert' })); },
  '14-revert-done': () => { const c = smoothHalfway(); c.run(c.button({ action: 'update_action', group: 'prod', update_action: 'revert' })); c.until('revert_done'); c.later(60 * 1000).record('14-revert-done'); },
  '15-ack-error': () => { const c = startedUpdate(); c.later(60 * 1000).record('15-ack-error', c.button({ action: 'update_action', group: 'prod', update_action: 'error', step: 'cmd_migrate', error_message: 'alembic: relation "users" already exists' })); },
  '16-error-auto-revert': () => { const c = startedUpdate(); c.later(60 * 1000).run(c.button({ action: 'update_action', group: 'prod', update_action: 'error', step: 'cmd_migrate', error_message: 'migration failed' })); c.later(31 * 60 * 1000).record('16-error-auto-revert'); },
  '17-auto-update': () => { const c = withGroup(new Cluster(runtime(), T0)); c.run(c.button({ action: 'enable_auto_update', group: 'prod' })); uploaded(c.later(HOUR), 'v1.6.0'); c.record('17-auto-update'); },
  '18-split-brain': () => {
    const c = withGroup(new Cluster(runtime(), T0)); c.later(HOUR);
    const base = c.parents[0];
    c.run(c.button({ action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: 6 }));
    const a = c.parents[0];
    c.parents = [base];
    c.leader = 'beta';
    c.run(c.button({ action: 'create_group', group_name: 'staging', version: 'v1.4.1' }));
    const b = c.parents[0];
    c.parents = [a, b];
    c.leader = 'alpha';
    c.later(30 * 1000).record('18-split-brain');
  },
  '19-lua-era-parent': () => {
    const c = new Cluster(runtime(), T0);
    // What the Lua toolbox wrote mid-update: `[]` for empty objects, string
    // timestamps, no `nodes` content.
    c.parents = [{
      state: { pyapp: { groups: { prod: {
        version: 'v1.4.1', auto_update: false, last_deployed: { 'v1.4.1': String(T0 - 50 * HOUR) },
        services: { worker: { service: 'worker', servers: ['gamma'], number_per_server: 2 } },
        update: {
          pipeline: [{ name: 'quick_restart', kind: 'restart', forward_mode: 'time', forward_time: 20, backward_mode: 'time', backward_time: 20, processes: ['worker'] }],
          source_ver: 'v1.4.1', source_extra: [], target_ver: 'v1.5.0', target_extra: [],
          step: 'quick_restart', direction: 'forward', downgrade: false,
          start_ts: T0 - 10000, step_ts: T0 - 10000, change_ts: T0 - 10000, auto: false,
        },
      } } } },
      roles: { pyapp: { frontend: { kind: 'api' }, versions: ['v1.5.0', 'v1.4.1'], version_info: [], images: [] } },
      nodes: [], changes: [], owner_hostname: 'beta',
    }];
    c.later(5000).record('19-lua-era-parent');
  },
  '20-downgrade': () => {
    const c = withGroup(new Cluster(runtime(), T0)).later(HOUR);
    c.record('20-downgrade', c.button({ action: 'start_update', group: 'prod', to_version: 'v1.4.1' }));
  },
  '21-retention-after-24h': () => {
    const c = withGroup(new Cluster(runtime(), T0)).later(HOUR);
    uploaded(c, 'v1.6.0', 0);
    c.run(c.button({ action: 'force_version', group: 'prod', to_version: 'v1.6.0' }));
    uploaded(c, 'v1.7.0', 0);
    c.later(25 * HOUR).record('21-retention-after-24h');
  },
  '22-bad-actions': () => {
    const c = withGroup(new Cluster(runtime(), T0)).later(HOUR);
    c.record('22-bad-actions', {
      ...c.button({ action: 'add_daemon', group: 'prod', new_name: 'x', service: 'site', servers: 'alpha', number_per_server: '2' }, 5),
      ...c.button({ action: 'start_update', group: 'nope', to_version: 'v1.4.1' }, 4),
      ...c.button({ action: 'update_action', group: 'prod', update_action: 'ack' }, 3),
      ...c.button({ action: 'launch_rockets' }, 2),
      [String(c.now - 1)]: { button: { role: 'unknown-project', action: 'create_group', group_name: 'g', version: 'v1' } },
    });
  },
};

function startedUpdate() {
  const c = uploaded(withGroup(new Cluster(runtime(), T0)).later(HOUR), 'v1.6.0');
  c.run(c.button({ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }));
  return c;
}

function acked() {
  const c = startedUpdate();
  c.later(60 * 1000).run(c.button({ action: 'update_action', group: 'prod', update_action: 'ack', step: 'cmd_migrate' }));
  return c;
}

// Two of the smooth restart's four parts switched.
function smoothHalfway() {
  const c = acked();
  c.until('test_mode').run(c.button({ action: 'update_action', group: 'prod', update_action: 'proceed', step: 'test_mode' }));
  c.until('smooth_restart').later(15 * 1000).run();
  return c.later(5 * 1000);
}

rmSync(out, { recursive: true, force: true });
for (const [name, make] of Object.entries(cases)) make();
console.log(`wrote ${Object.keys(cases).length} cases to ${out}`);
