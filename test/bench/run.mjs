// `npm run bench`: a steady tick of generated clusters (cluster.mjs) in the
// harness, against its floor in the same QuickJS build (floor.mjs) and the
// echo scheduler (the harness's own overhead). Before timing anything it
// checks that the cluster holds the groups, services, updates, kept
// versions and nodes its generator claims (check.mjs), and that the
// harness's schedule is the one Node computes.
//
//   npm run bench -- [--size S,M,L,XL] [--runs N] [--seed N] [--json]
//
// Timings are medians of --runs rounds after a warm-up; each round runs
// the floor, the echo scheduler and the example scheduler one after the
// other, and the ratios are taken round by round, so a machine shared with
// others slows all three alike. Ranges are the rounds' min and max.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from 'markdown-table';
import { loadScheduler } from '../../harness/index.mjs';
import { checkRun } from './check.mjs';
import { SIZES } from './cluster.mjs';
import { measureFloor } from './floor.mjs';
import { positive, scriptOptions, sizes as sizeList, whole } from '../support/script-args.mjs';
import { nodeScheduler, steadyTick } from './steady.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = path.join(root, 'test/example/scheduler/v1');
const ECHO = path.join(root, 'test/bench/echo');
const HARNESS = path.join(root, 'harness/bin/verwalter-harness.mjs');
const MiB = 1024 * 1024;

const opt = scriptOptions('bench', 'a scheduler run at cluster scale against the JSON floor', (p) => p
  .option('--size <list>', 'cluster sizes, comma-separated', sizeList, Object.keys(SIZES))
  .option('--runs <n>', 'rounds per size', positive, 5)
  .option('--seed <n>', "the cluster generator's seed", whole, 1)
  .option('--json', 'the figures as JSON on stdout'));
const sizes = opt.size;
const runs = opt.runs;
const seed = opt.seed;
const say = (text) => {
  if (!opt.json) process.stderr.write(`${text}\n`);
};

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const stats = (xs) => ({ median: sorted(xs)[Math.floor(xs.length / 2)], min: Math.min(...xs), max: Math.max(...xs) });
const time = async (f) => {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
};

// The peak RSS (bytes) of the CLI's `run` of this input, where
// /usr/bin/time can say; a process of its own, so nothing else counts.
function cliPeakRss(inputText) {
  if (!existsSync('/usr/bin/time')) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'vt-bench-'));
  try {
    const file = path.join(dir, 'input.json');
    const report = path.join(dir, 'rss');
    writeFileSync(file, inputText);
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', report, process.execPath, HARNESS, 'run', '--timeout', '600000', '--memory', '2047', EXAMPLE, file], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`the CLI run of the ${(inputText.length / 1e6).toFixed(1)} MB input failed (status ${r.status})`);
    return Number(execFileSync('tail', ['-n', '1', report], { encoding: 'utf8' })) * 1024;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureSize(name) {
  const { cluster, input } = steadyTick(SIZES[name], seed);
  const inputText = JSON.stringify(input);
  const reference = nodeScheduler(JSON.parse(inputText));
  const scheduleText = JSON.stringify(reference.schedule);
  say(`${name}: ${JSON.stringify(cluster.expected)}; input ${(inputText.length / 1e6).toFixed(1)} MB, schedule ${(scheduleText.length / 1e6).toFixed(1)} MB`);

  const limits = { timeoutMs: 120000, memoryBytes: 2047 * MiB };
  const example = await loadScheduler(EXAMPLE, limits);
  const echo = await loadScheduler(ECHO, limits);
  // The warm-up, and the check that the harness computes what Node does.
  const first = await example.run(input);
  checkRun(`${name}, the measured run (harness)`, first, cluster.expected);
  if (JSON.stringify(first.schedule) !== scheduleText) throw new Error(`${name}: the harness's schedule differs from Node's`);
  await echo.run(input);
  await measureFloor(inputText, scheduleText);

  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const floor = await measureFloor(inputText, scheduleText);
    const e = await time(() => echo.run(input));
    const x = await time(() => example.run(input));
    rounds.push({ floor, echo: e.ms, tick: x.ms, inside: x.value.duration });
    say(`  round ${i + 1}: floor ${floor.total.toFixed(0)} ms, echo ${e.ms.toFixed(0)} ms, tick ${x.ms.toFixed(0)} ms`);
  }

  const nodeRuns = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    JSON.stringify(nodeScheduler(JSON.parse(inputText)).schedule);
    if (i > 0) nodeRuns.push(performance.now() - t);
  }

  const of = (key) => rounds.map((r) => r.floor[key]);
  return {
    size: name,
    shape: SIZES[name],
    counts: cluster.expected,
    inputBytes: inputText.length,
    scheduleBytes: scheduleText.length,
    tickMs: stats(rounds.map((r) => r.tick)),
    schedulerCallMs: stats(rounds.map((r) => r.inside)),
    floorMs: stats(of('total')),
    floorPartsMs: { copyIn: stats(of('copyIn')).median, parse: stats(of('parse')).median, stringify: stats(of('stringify')).median, copyOut: stats(of('copyOut')).median },
    echoMs: stats(rounds.map((r) => r.echo)),
    echoPerFloor: stats(rounds.map((r) => r.echo / r.floor.total)),
    tickPerFloor: stats(rounds.map((r) => r.tick / r.floor.total)),
    floorWasmBytes: rounds[0].floor.wasmBytes,
    cliPeakRssBytes: cliPeakRss(inputText),
    nodeTickMs: stats(nodeRuns),
  };
}

// The least-squares slope of log(tick) against log(input bytes).
function exponent(rows) {
  if (rows.length < 2) return null;
  const xs = rows.map((r) => Math.log(r.inputBytes));
  const ys = rows.map((r) => Math.log(r.tickMs.median));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const rows = [];
for (const name of sizes) rows.push(await measureSize(name));
const scaling = exponent(rows);

if (opt.json) {
  process.stdout.write(`${JSON.stringify({ runs, seed, node: process.version, rows, exponent: scaling }, null, 2)}\n`);
} else {
  const mb = (bytes) => (bytes === null ? '-' : (bytes / 1e6).toFixed(1));
  const ms = ({ median, min, max }) => `${median.toFixed(0)} (${min.toFixed(0)}-${max.toFixed(0)})`;
  const x = ({ median, min, max }) => `${median.toFixed(2)} (${min.toFixed(2)}-${max.toFixed(2)})`;
  const table = [
    ['size', 'input MB', 'schedule MB', 'tick ms', 'floor ms', 'echo ms', 'tick/floor', 'echo/floor', 'floor wasm MB', 'CLI peak RSS MB', 'Node tick ms'],
    ...rows.map((r) => [
      r.size, mb(r.inputBytes), mb(r.scheduleBytes), ms(r.tickMs), ms(r.floorMs), ms(r.echoMs), x(r.tickPerFloor), x(r.echoPerFloor),
      mb(r.floorWasmBytes), mb(r.cliPeakRssBytes), ms(r.nodeTickMs),
    ]),
  ];
  console.log(`Steady tick, medians of ${runs} rounds (min-max), seed ${seed}, Node ${process.version}`);
  console.log(markdownTable(table, { align: ['l', ...table[0].slice(1).map(() => 'r')] }));
  if (scaling !== null) console.log(`scaling exponent of the tick against input bytes (${rows[0].size} to ${rows[rows.length - 1].size}): ${scaling.toFixed(2)}`);
}
