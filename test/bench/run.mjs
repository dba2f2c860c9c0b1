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
    runs: { type: 'string', default: '5' },
  },
});
const size = { projects: +opt.projects, versions: +opt.versions, groups: +opt.groups };
const runs = +opt.runs;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

async function timeRuns(sched, input) {
  const wall = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await sched.run(input);
    wall.push(performance.now() - t);
  }
  return { wall: median(wall), inside: median([last.duration]), result: last };
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
const base = await timeRuns(echo, input);
const full = await timeRuns(example, input);
const outBytes = JSON.stringify(full.result.schedule).length;
const driver = full.wall - base.wall;

console.log(`cluster: ${size.projects} projects x ${size.versions} versions x ${size.groups} groups; input ${(inputBytes / 1e6).toFixed(1)} MB, schedule ${(outBytes / 1e6).toFixed(1)} MB; median of ${runs} runs`);
console.log(`QuickJS, parse input + write schedule (echo scheduler): ${fmt(base.wall)}`);
console.log(`QuickJS, example scheduler (api driver):                ${fmt(full.wall)}`);
console.log(`driver's own work: ${fmt(driver)} = ${(driver / base.wall).toFixed(2)} x the parse+write baseline (target: <= 1.00)`);

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
