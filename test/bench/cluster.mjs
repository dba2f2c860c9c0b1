// A large, steady cluster for the benchmarks: `projects` projects with
// `versions` versions each (an hour apart) and `groups` groups per project,
// each group running three services on a few of `hosts` servers, a fifth of
// them in the middle of an update. `parent` is one previous run's schedule,
// so the measured run sees what a leader sees every few seconds.
const HOUR = 3600 * 1000;
export const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);

function versionMeta(project, tag, uploaded) {
  const image = `${project}.${tag}`;
  return {
    timestamp: uploaded / 1000,
    daemons: {
      migrate: { image, config: `/config/${project}/migrate.yaml`, update: { mode: 'run-with-ack', downgrade_mode: 'skip' } },
      site: { image, config: `/config/${project}/site.yaml`, memory_limit: 1073741824, cpu_shares: 1024, update: { restart: 'smooth', smooth_substeps: 10, warmup_sec: 6, test_mode_percent: 5 } },
      worker: { image, config: `/config/${project}/worker.yaml`, memory_limit: 536870912, update: { restart: 'quick', warmup_sec: 10 } },
    },
    commands: { shell: { image, config: `/config/${project}/shell.yaml` } },
  };
}

export function makeCluster({ projects = 200, versions = 30, groups = 20, hosts = 50 } = {}) {
  const runtime = {};
  const actions = {};
  const hostnames = Array.from({ length: hosts }, (_, i) => `node${String(i + 1).padStart(3, '0')}`);
  const peers = Object.fromEntries(hostnames.map((h, i) => [`peer${i}`, { hostname: h, name: h, addr: `10.0.${i >> 8}.${i & 255}:8379` }]));
  let seq = 0;
  for (let p = 0; p < projects; p++) {
    const project = `project${String(p).padStart(3, '0')}`;
    const rt = { project_name: project };
    const tags = [];
    for (let v = 0; v < versions; v++) {
      const tag = `v1.${Math.floor(v / 10)}.${v % 10}`;
      tags.push(tag);
      rt[tag] = versionMeta(project, tag, NOW - (versions - v) * HOUR);
    }
    runtime[project] = rt;
    for (let g = 0; g < groups; g++) {
      const group = `g${g}`;
      const at = (id) => String(NOW - 10000 + (seq++) + id * 0);
      const servers = (k) => [0, 1, 2].map((i) => hostnames[(p * 7 + g * 3 + k + i) % hosts]);
      const btn = (b) => ({ button: { role: project, ...b } });
      actions[at()] = btn({ action: 'create_group', group_name: group, version: tags[versions - 2 - (g % 5)] });
      actions[at()] = btn({ action: 'add_daemon', group, new_name: 'site', service: 'site', servers: servers(0), number_per_server: 4 });
      actions[at()] = btn({ action: 'add_daemon', group, new_name: 'worker', service: 'worker', servers: servers(1), number_per_server: 2 });
      actions[at()] = btn({ action: 'add_daemon', group, new_name: 'migrate', service: 'migrate', servers: servers(2), number_per_server: 1 });
      if (g % 5 === 0) actions[at()] = btn({ action: 'start_update', group, to_version: tags[versions - 1] });
    }
  }
  const input = (now, parents, acts) => ({ now, current_host: hostnames[0], current_id: 'peer0', parents, actions: acts, runtime, peers, metrics: {} });
  return { runtime, peers, hostnames, setupInput: input(NOW, [], actions), input };
}
