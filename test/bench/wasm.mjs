// scheduler.wasm's time per run, at several cluster sizes: in V8 (this
// process), and in verwalter's own engine, wasmi 0.4.0, when a runner built
// beside the project is given (--wasmi, or VERWALTER_WASMI). verwalter ends
// its whole process when a run takes over 5 s; the table says which clusters
// stay under half of that.
//
// The runs are verwalter's: the example scheduler built into scheduler.wasm
// (its default budget off, so that the time is measured rather than cut), an
// input with sorted keys, and each run's parent the previous run's schedule
// ("steady"), `now` 5 s later each time. The first run of an instance also
// loads the modules and reads the whole input.
//
// A wasmi runner is any program taking `<file.wasm> <input.json> <runs>
// --steady` that calls the module as verwalter 0.13.4's src/daemon/wasm.rs
// does (one instance, alloc/scheduler/dealloc, the parent replaced by the
// last schedule and `now` + 5000 from the second run on) and prints one line
// `run <i>: <ms> ms` per run. It is not part of this repository: build
// wasmi 0.4.0 (paritytech/wasmi) outside it.
//
//   npm run bench:wasm [-- --wasmi PATH] [--projects 2,5,10,20] [--runs 4]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from 'markdown-table';
import { buildModule, UNIT, WASM_DEFAULTS } from '../../harness/wasm/build.mjs';
import { WasmScheduler } from '../../harness/wasm/host.mjs';
import { sortKeys } from '../../harness/json.mjs';
import { checkRun, countsOf } from './check.mjs';
import { steadyTick } from './steady.mjs';
import { positive, scriptOptions } from '../support/script-args.mjs';

const ALARM_MS = 5000;
const EXAMPLE = fileURLToPath(new URL('../example/scheduler/v1', import.meta.url));

const opt = scriptOptions('bench:wasm', "scheduler.wasm's time per run in V8 and in wasmi 0.4.0", (p) => p
  .option('--wasmi <runner>', 'a wasmi 0.4.0 runner built outside the repository (see the top of this file)', process.env.VERWALTER_WASMI)
  .option('--projects <list>', 'cluster sizes: projects of 10 groups, 20 versions each, on 12 hosts', (t) => t.split(',').map(positive), [2, 5, 10, 20])
  .option('--runs <n>', 'runs per instance (the first is the cold one)', positive, 4));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const ms = (value) => (value === undefined ? '-' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;

// The runs in V8: [{ms, units, text}] of each, through verwalter's call sequence.
function v8Runs(bytes, firstText, runs) {
  const host = new WasmScheduler(bytes);
  const out = [];
  let text = firstText;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = host.call(text);
    out.push({ ms: performance.now() - started, work: host.lastWork, result });
    if (result.schedule === null) throw new Error(`run ${i + 1} failed in scheduler.wasm: ${result.log}`);
    const next = JSON.parse(text);
    next.parents = [result.schedule];
    next.now += 5000;
    next.actions = {};
    text = JSON.stringify(sortKeys(next));
  }
  return out;
}

function wasmiRuns(runner, file, inputFile, runs) {
  const output = execFileSync(runner, [file, inputFile, String(runs), '--steady'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const times = [...output.matchAll(/^run (\d+): ([\d.]+) ms/gm)].map((m) => Number(m[2]));
  if (times.length !== runs) throw new Error(`the wasmi runner printed ${times.length} run times, not ${runs}:\n${output}`);
  return times;
}

const { bytes } = buildModule(EXAMPLE, { budget: 0 });
const work = mkdtempSync(path.join(tmpdir(), 'bench-wasm-'));
const wasmFile = path.join(work, 'scheduler.wasm');
writeFileSync(wasmFile, bytes);
const rows = [];
const fits = [];
// Each wasmi run's time beside the work scheduler.wasm counted in it.
const samples = [];
try {
  for (const projects of opt.projects) {
    const shape = { projects, versions: 20, groups: 10, hosts: 12 };
    const { input, cluster } = steadyTick(shape);
    const text = JSON.stringify(sortKeys(input));
    const v8 = v8Runs(bytes, text, opt.runs);
    // It measures what it claims: the cluster the generator planned, and
    // every button of the measured run carried out, in scheduler.wasm too.
    checkRun(`${projects} projects, scheduler.wasm`, v8[0].result, cluster.expected);
    const counts = countsOf(v8.at(-1).result.schedule);
    let wasmi;
    if (opt.wasmi) {
      const inputFile = path.join(work, `input-${projects}.json`);
      writeFileSync(inputFile, text);
      wasmi = wasmiRuns(opt.wasmi, wasmFile, inputFile, opt.runs);
    }
    if (wasmi) wasmi.forEach((time, i) => samples.push({ time, ...v8[i].work }));
    const steadyWasmi = wasmi && median(wasmi.slice(1));
    if (steadyWasmi !== undefined && steadyWasmi < ALARM_MS / 2) fits.push(projects);
    rows.push([
      `${projects} x 10 x 20`,
      `${counts.groups} / ${counts.services} / ${counts.updates} / ${counts.nodes}`,
      kb(text.length),
      kb(v8.at(-1).result.text.length),
      String(v8[0].work.units),
      String(median(v8.slice(1).map((r) => r.work.units))),
      ms(v8[0].ms),
      ms(median(v8.slice(1).map((r) => r.ms))),
      ms(wasmi?.[0]),
      ms(steadyWasmi),
    ]);
    console.error(`${projects} projects done`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`scheduler.wasm of the example scheduler: ${kb(bytes.length)}; ${opt.runs} runs per instance, the first cold, the rest steady (medians)\n`);
console.log(markdownTable([
  ['cluster (projects x groups x versions)', 'groups / services / updates / nodes', 'input', 'output', 'units, first', 'units, steady', 'V8 first', 'V8 steady', 'wasmi first', 'wasmi steady'],
  ...rows,
]));
if (opt.wasmi) {
  console.log(`\nsteady runs under half of verwalter's ${ALARM_MS / 1000} s alarm in wasmi: ${fits.length ? `up to ${Math.max(...fits)} projects of those measured` : 'none of those measured'}`);
} else {
  console.log('\n(no wasmi runner given: --wasmi PATH or VERWALTER_WASMI; see the top of test/bench/wasm.mjs)');
}
console.log(`default budget: ${WASM_DEFAULTS.budget} units`);
if (samples.length) {
  // Units are meant to be about a millisecond of wasmi each: how near.
  const ratios = samples.map((x) => x.time / x.units);
  console.log(`\nwasmi ms per unit on this machine: median ${median(ratios).toFixed(2)}, from ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)} ` +
    `(units from ${UNIT.unitsPerCheck} per interrupt check, a unit per ${UNIT.parsedPerUnit} bytes parsed and per ${UNIT.writtenPerUnit} written)`);
  console.log(`units/ms of each run: ${samples.map((x) => `${x.units}/${Math.round(x.time)}`).join(' ')}`);
}
