// `npm run bench:simulate`: how long `simulate` takes for the two
// targets, a day of 5-second ticks (17,280) of a 5 projects x 10 versions x
// 3 groups cluster (target: under 3 minutes), and an hour (720 ticks) of a
// 50 x 20 x 10 cluster (target: under 5 minutes), with the example scheduler
// in a kept engine and the usual sample of ticks checked in a fresh one.
// First it checks that the cluster and the run are what they claim.
//
//   npm run bench:simulate -- [--only day|hour] [--runs N]
import { Option } from 'commander';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { simulate } from '../../harness/simulate/simulation.mjs';
import * as clusters from './cluster.mjs';
import { positive, scriptOptions } from '../support/script-args.mjs';

// The generator that builds its clusters through the driver's own buttons
// and says what it built (SIZES, inputOf, cluster.ticks, cluster.expected).
if (!clusters.inputOf || !clusters.SIZES) {
  console.error('bench:simulate needs the cluster generator of the benchmark rewrite (test/bench/cluster.mjs with SIZES and inputOf)');
  process.exit(1);
}
const { inputOf, makeCluster, SIZES } = clusters;

const root = fileURLToPath(new URL('../..', import.meta.url));
const opt = scriptOptions('bench:simulate', "simulate's two speed targets: a day at S, an hour at M", (p) => p
  .addOption(new Option('--only <target>', 'one target only').choices(['day', 'hour']))
  .option('--runs <n>', 'runs per target', positive, 1));
const runs = opt.runs;
const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const TICK_MS = 5000;

const targets = [
  { name: 'day', size: SIZES.S, ticks: 17280, limitS: 180 },
  { name: 'hour', size: SIZES.M, ticks: 720, limitS: 300 },
].filter((t) => !opt.only || t.name === opt.only);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function check(what, actual, expected) {
  if (actual !== expected) throw new Error(`the benchmark does not measure what it claims: ${what} is ${actual}, not ${expected}`);
}

for (const target of targets) {
  const { size } = target;
  const cluster = makeCluster(size);
  // A steady start: the schedule the generator's setup runs leave (groups
  // created two days ago, updates started an hour ago, waiting for their
  // migrations' acks).
  const sched = T.log.wrapScheduler((i) => T.drivers.api.schedule(i, {}));
  let parents = [];
  for (const tick of cluster.ticks) parents = [sched(JSON.parse(JSON.stringify(inputOf(cluster, tick, parents)))).schedule];
  const last = cluster.ticks[cluster.ticks.length - 1];
  const start = inputOf(cluster, { now: last.now + TICK_MS, actions: {} }, parents);
  const state = parents[0].state;
  check('projects', Object.keys(cluster.runtime).length, size.projects);
  for (const project of Object.keys(cluster.runtime)) check(`versions of ${project}`, Object.keys(cluster.runtime[project]).filter((k) => /^v\d/.test(k)).length, size.versions);
  const groups = Object.values(state).flatMap((r) => Object.values(r.groups));
  check('groups', groups.length, size.projects * size.groups);
  check('groups', groups.length, cluster.expected.groups);
  const updating = groups.filter((g) => g.update).length;
  check('groups mid-update', updating, cluster.expected.updates);
  const nodes = Object.keys(parents[0].nodes).length;
  check('nodes', nodes, cluster.expected.nodes);
  const scenario = { name: target.name, start, tick_ms: TICK_MS, duration_ms: (target.ticks - 1) * TICK_MS, actions: [], uploads: [], peers: [], split_brain: [] };

  const totals = [];
  const perTick = [];
  for (let run = 0; run < runs; run++) {
    const stamps = [];
    const t0 = performance.now();
    const result = await simulate(`${root}/test/example/scheduler/v1`, scenario, {
      engineOptions: { timeoutMs: 60000, memoryBytes: 1024 * 1024 * 1024 },
      onTick: () => stamps.push(performance.now()),
    });
    const seconds = (performance.now() - t0) / 1000;
    if (result.failure) throw result.failure;
    check('ticks run', result.ticks, target.ticks);
    check('groups at the end', Object.keys(result.groups).filter((k) => result.groups[k].version).length, groups.length);
    if (result.globals.length) throw new Error(result.globals[0].message);
    totals.push(seconds);
    perTick.push(median(stamps.slice(1).map((t, i) => t - stamps[i])));
    console.log(`  run ${run + 1}: ${seconds.toFixed(1)} s, ${(target.ticks / seconds).toFixed(0)} ticks/s, checked ticks ${result.checked_ticks.join(', ')}`);
  }
  const total = median(totals);
  console.log(
    `${target.name}: ${target.ticks} ticks of ${TICK_MS / 1000} s, ${size.projects} projects x ${size.versions} versions x ${size.groups} groups ` +
      `(${groups.length} groups, ${updating} mid-update, ${nodes} nodes): median of ${runs} run(s) ${total.toFixed(1)} s ` +
      `(target < ${target.limitS} s: ${total < target.limitS ? 'met' : 'NOT met'}), median tick ${median(perTick).toFixed(2)} ms`,
  );
}
