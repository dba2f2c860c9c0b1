// `npm run bench`: the api driver's cost on a large cluster, in QuickJS as
// the harness runs it, against the cost of parsing the same input and
// writing a schedule of the same size (the echo scheduler). The target is
// that the driver's own work costs no more than that baseline.
//
//   npm run bench -- [--projects N] [--versions N] [--groups N] [--runs N]
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { loadScheduler } from '../../harness/index.mjs';
import { makeCluster, NOW } from './cluster.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: opt } = parseArgs({
  options: {
    projects: { type: 'string', default: '200' },
    versions: { type: 'string', default: '30' },
    groups: { type: 'string', default: '20' },
    runs: { type: 'string', default: '7' },
  },
});
const size = { projects: +opt.projects, versions: +opt.versions, groups: +opt.groups };
const runs = +opt.runs;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

// Echo and example runs alternate, and the ratio is taken pair by pair, so
// that the machine's speed drifting during the benchmark moves both alike.
async function timePairs(base, full, input) {
  const pairs = [];
  let last;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await base.run(input);
    const b = performance.now() - t;
    t = performance.now();
    last = await full.run(input);
    const f = performance.now() - t;
    pairs.push({ base: b, full: f, ratio: (f - b) / b });
  }
  return {
    base: median(pairs.map((p) => p.base)),
    full: median(pairs.map((p) => p.full)),
    ratio: median(pairs.map((p) => p.ratio)),
    spread: [Math.min(...pairs.map((p) => p.ratio)), Math.max(...pairs.map((p) => p.ratio))],
    result: last,
  };
}

const cluster = makeCluster(size);
// The measured tick is a steady one: the previous run's schedule as parent.
const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const setup = T.log.wrapScheduler((i) => T.drivers.api.schedule(i, {}))(cluster.setupInput);
const input = cluster.input(NOW + 30000, [setup.schedule], {});
const inputBytes = JSON.stringify(input).length;

const limits = { timeoutMs: 60000, memoryBytes: 1024 * 1024 * 1024 };
const example = await loadScheduler(`${root}/test/example/scheduler/v1`, limits);
const echo = await loadScheduler(`${root}/test/bench/echo`, limits);
const m = await timePairs(echo, example, input);
const outBytes = JSON.stringify(m.result.schedule).length;

console.log(`cluster: ${size.projects} projects x ${size.versions} versions x ${size.groups} groups; input ${(inputBytes / 1e6).toFixed(1)} MB, schedule ${(outBytes / 1e6).toFixed(1)} MB; medians of ${runs} paired runs`);
console.log(`QuickJS, parse input + write schedule (echo scheduler): ${fmt(m.base)}`);
console.log(`QuickJS, example scheduler (api driver):                ${fmt(m.full)}`);
console.log(`driver's own work / the parse+write baseline: ${m.ratio.toFixed(2)} (min ${m.spread[0].toFixed(2)}, max ${m.spread[1].toFixed(2)}; target: <= 1.00)`);

// The same in Node (V8), for scale.
const sched = T.log.wrapScheduler((i) => T.drivers.api.schedule(i, {}));
const json = JSON.stringify(input);
const nodeRuns = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const r = sched(JSON.parse(json));
  JSON.stringify(r.schedule);
  nodeRuns.push(performance.now() - t);
}
console.log(`Node ${process.version}, parse + run + write: ${fmt(median(nodeRuns))}`);
