// Clusters for the benchmarks, deterministic from a seed. A cluster is built
// the way a real one is: by pressing the web UI's buttons over several
// scheduler runs (two days ago the groups were created, an hour ago updates
// were started), so every group, service, update and node in the measured
// schedule went through the api driver's own checks. `plan` is what the
// generator meant to build, and `expected` the counts it implies, which
// check.mjs compares with what the driver actually built.
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
export const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);

// How a cluster is laid out beyond projects x versions x groups: its
// servers, shared by every project; its versions' uploads, spread over
// `uploadDays` days; each group's services (a site and a worker, and a
// migration in `migrateShare` of the groups: 2-3 services, or 3 with 1) on
// 2-`maxServers` servers each; the site's smooth substeps, with a test mode
// in every `testModeEvery`th version; and one group in `updatingEvery`
// mid-update. `wide` is many servers with few processes each, and a quarter
// of the versions uploaded in the last day. `dense` is the shape of a
// cluster measured independently (issue 21; its sizes come out within a few
// MB of that one's): a dozen servers for every project, 3 services per
// group, test mode on every third version, about a version a day, so that
// few versions are kept and the schedule is small for the groups it holds:
// the driver's own work is a larger share of a tick.
const WIDE = Object.freeze({ shape: 'wide', uploadDays: 4, migrateShare: 0.5, maxServers: 4, substeps: 10, testModeEvery: 1, updatingEvery: 5 });
const DENSE = Object.freeze({ shape: 'dense', hosts: 12, uploadDays: 30, migrateShare: 1, maxServers: 4, substeps: 10, testModeEvery: 3, updatingEvery: 10 });
const sized = (layout, sizes) => Object.freeze(Object.fromEntries(Object.entries(sizes).map(([name, size]) => [name, Object.freeze({ ...layout, ...size })])));

// projects x versions x groups, and the servers they share, per shape.
export const SHAPES = Object.freeze({
  wide: sized(WIDE, {
    S: { projects: 5, versions: 10, groups: 3, hosts: 6 },
    M: { projects: 50, versions: 20, groups: 10, hosts: 30 },
    L: { projects: 200, versions: 30, groups: 20, hosts: 100 },
    XL: { projects: 1000, versions: 20, groups: 5, hosts: 150 },
  }),
  dense: sized(DENSE, {
    S: { projects: 5, versions: 10, groups: 3 },
    M: { projects: 50, versions: 20, groups: 10 },
    L: { projects: 200, versions: 30, groups: 20 },
    XL: { projects: 1000, versions: 20, groups: 5 },
  }),
});
export const SIZES = SHAPES.wide;

// mulberry32: small and seedable, so a seed names one cluster.
function random(seed) {
  let state = seed | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list, k) => {
    const pool = list.slice();
    const out = [];
    while (out.length < k) out.push(pool.splice(int(0, pool.length - 1), 1)[0]);
    return out;
  };
  return { next, int, pick };
}

// A migration run once with an ack, a smooth-restart site (with a test
// mode when `testMode`), a quick-restart worker, and a command.
function versionMeta(project, tag, uploaded, testMode, substeps) {
  const image = `${project}.${tag}`;
  const site = { restart: 'smooth', smooth_substeps: substeps, warmup_sec: 6 };
  if (testMode) site.test_mode_percent = 5;
  return {
    timestamp: uploaded / 1000,
    daemons: {
      migrate: { image, config: `/config/${project}/migrate.yaml`, update: { mode: 'run-with-ack', downgrade_mode: 'skip' } },
      site: {
        image,
        config: `/config/${project}/site.yaml`,
        memory_limit: 1073741824,
        cpu_shares: 1024,
        update: site,
      },
      worker: { image, config: `/config/${project}/worker.yaml`, memory_limit: 536870912, update: { restart: 'quick', warmup_sec: 10 } },
    },
    commands: { shell: { image, config: `/config/${project}/shell.yaml` } },
  };
}

const tagOf = (v) => `v1.${Math.floor(v / 10)}.${v % 10}`;

// Upload times spread over `days` days, at most a day apart, oldest first; the
// jitter never reorders them.
function uploadTimes(rng, versions, days) {
  const step = DAY / Math.max(1, versions / days);
  return Array.from({ length: versions }, (_, v) => Math.round(NOW - (versions - v - 0.5) * step + (rng.next() - 0.5) * step * 0.8));
}

// One group's plan. Versions are indexes into the project's tags. A
// project's groups run one of its three newest versions uploaded before the
// last day (`base` and the two before), so that the tracking rules keep the
// last day's uploads and a few more, the rest going by age alone.
function planGroup(rng, { versions, hostnames, base, layout }, g, p) {
  const updating = (g + p) % layout.updatingEvery === 0;
  // Auto-updating groups follow the newest version, so they start nothing.
  const auto = !updating && (g + p) % 7 === 3;
  const version = auto ? versions - 1 : Math.max(0, base - rng.int(0, 2));
  const previous = !auto && version > 0 && rng.next() < 0.5 ? version - 1 : null;
  const target = updating ? rng.int(base + 1, versions - 1) : null;
  const services = { site: { n: rng.int(1, 4) }, worker: { n: rng.int(1, 2) } };
  if (layout.migrateShare >= 1 || rng.next() < layout.migrateShare) services.migrate = { n: 1 };
  for (const s of Object.values(services)) s.servers = rng.pick(hostnames, rng.int(2, Math.min(layout.maxServers, hostnames.length)));
  return { name: `g${g}`, version, previous, target, auto, services };
}

// `size`: projects, versions, groups, hosts and the layout's fields (see
// WIDE, whose fields are the default).
export function makeCluster(size, seed = 1) {
  const layout = { ...WIDE, ...size };
  const { projects, versions, groups, hosts } = layout;
  if (versions < 2) throw new Error('a cluster needs at least two versions per project');
  const rng = random(seed);
  const hostnames = Array.from({ length: hosts }, (_, i) => `node${String(i + 1).padStart(3, '0')}`);
  const peers = Object.fromEntries(hostnames.map((h, i) => [`peer${i}`, { hostname: h, name: h, addr: `10.0.${i >> 8}.${i & 255}:8379` }]));
  const runtime = {};
  const plan = [];
  for (let p = 0; p < projects; p++) {
    const project = `project${String(p).padStart(4, '0')}`;
    const uploaded = uploadTimes(rng, versions, layout.uploadDays);
    const tags = uploaded.map((_, v) => tagOf(v));
    const rt = { project_name: project };
    tags.forEach((tag, v) => {
      rt[tag] = versionMeta(project, tag, uploaded[v], v % layout.testModeEvery === 0, layout.substeps);
    });
    runtime[project] = rt;
    const recent = uploaded.filter((t) => NOW - t < DAY).length;
    const base = Math.max(0, versions - 1 - Math.max(1, recent));
    const groupPlans = Array.from({ length: groups }, (_, g) => planGroup(rng, { versions, hostnames, base, layout }, g, p));
    plan.push({ project, tags, uploaded, groups: groupPlans });
  }
  return { runtime, peers, hostnames, plan, ticks: setupTicks(plan), expected: expectedCounts(plan, versions) };
}

// Actions get increasing millisecond ids just before the run that sees them.
function actionsAt(at) {
  const actions = {};
  let seq = 0;
  return {
    actions,
    press(role, button) {
      actions[String(at - 60000 + seq++)] = { button: { role, ...button } };
    },
  };
}

// The runs that build the cluster, oldest first: {now, actions}. The last
// one, without actions, makes the steady parent of the measured run.
function setupTicks(plan) {
  const created = actionsAt(NOW - 2 * DAY);
  const started = actionsAt(NOW - HOUR);
  for (const { project, tags, groups } of plan) {
    for (const g of groups) {
      const group = g.name;
      created.press(project, { action: 'create_group', group_name: group, version: tags[g.previous ?? g.version] });
      for (const [name, s] of Object.entries(g.services)) {
        created.press(project, { action: 'add_daemon', group, new_name: name, service: name, servers: s.servers, number_per_server: s.n });
      }
      if (g.previous !== null) created.press(project, { action: 'force_version', group, to_version: tags[g.version] });
      if (g.auto) {
        started.press(project, { action: 'enable_auto_update', group });
      }
      if (g.target !== null) started.press(project, { action: 'start_update', group, to_version: tags[g.target] });
    }
  }
  return [
    { now: NOW - 2 * DAY, actions: created.actions },
    { now: NOW - HOUR, actions: started.actions },
    { now: NOW - 5000, actions: {} },
  ];
}

// The counts the plan implies, by the tracking rules (docs/tracking.md, "Rules"):
// uploaded in the last day, the latest and (when some group runs it) the
// one before, every group's version, previous version and update target.
// Deploys all happened two days ago, except auto-updating groups switching
// to the latest, which the latest rule keeps anyway.
function expectedCounts(plan, versions) {
  let groups = 0;
  let services = 0;
  let updates = 0;
  let kept = 0;
  const servers = new Set();
  for (const { uploaded, groups: gs } of plan) {
    const keep = new Set([versions - 1]);
    uploaded.forEach((t, v) => {
      if (NOW - t < DAY) keep.add(v);
    });
    for (const g of gs) {
      groups++;
      services += Object.keys(g.services).length;
      if (g.target !== null) updates++;
      for (const v of [g.version, g.previous, g.target]) if (v !== null) keep.add(v);
      if (g.version === versions - 1) keep.add(versions - 2);
      for (const s of Object.values(g.services)) for (const h of s.servers) servers.add(h);
    }
    kept += keep.size;
  }
  return { groups, services, updates, kept, nodes: servers.size };
}

// The scheduler input of a run at `now` after `parents`.
export function inputOf(cluster, { now, actions }, parents) {
  return {
    now,
    current_host: cluster.hostnames[0],
    current_id: 'peer0',
    parents,
    actions,
    runtime: cluster.runtime,
    peers: cluster.peers,
    metrics: {},
  };
}

// A few buttons pressed just before the measured run, none of which changes
// the counts: a pause, a resume and a new instance count.
export function measuredActions(cluster) {
  const { actions, press } = actionsAt(NOW);
  const updating = cluster.plan.flatMap(({ project, groups }) => groups.filter((g) => g.target !== null).map((g) => ({ project, g })));
  const still = cluster.plan.flatMap(({ project, groups }) => groups.filter((g) => g.target === null).map((g) => ({ project, g })));
  if (updating[0]) press(updating[0].project, { action: 'update_action', group: updating[0].g.name, update_action: 'pause' });
  if (still[0]) press(still[0].project, { action: 'set_number_per_server', group: still[0].g.name, service: 'site', number_per_server: 3 });
  if (still[1]) press(still[1].project, { action: 'disable_auto_update', group: still[1].g.name });
  return actions;
}
