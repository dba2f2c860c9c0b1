// `npm run bench`: a steady tick of generated clusters (cluster.mjs) of
// each shape in the harness, against its floor in the same QuickJS build
// (floor.mjs) and the echo scheduler (the harness's own overhead), both
// with the example's toolbox loaded first as the tick has it. Before
// timing anything it checks that the cluster holds the groups, services,
// updates, kept versions and nodes its generator claims (check.mjs), and
// that the harness's schedule is the one Node computes.
//
//   npm run bench -- [--shape wide,dense] [--size S,M,L,XL] [--runs N] [--seed N] [--json]
//                    [--baseline BUNDLE] [--alarm [SIZES]]
//
// Timings are medians of --runs rounds after a warm-up; each round runs
// the floor, the echo scheduler and the example scheduler one after the
// other, and the ratios are taken round by round, so a machine shared with
// others slows all three alike. Ranges are the rounds' min and max.
// --baseline times the example scheduler with another build of the bundle
// in the same rounds (turn about with this build's), for a before/after on
// a busy machine. --alarm looks, per shape, for the most projects (at the
// versions x groups of each of SIZES, default L) whose steady tick stays
// under half of verwalter's 5 s alarm on this machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import { markdownTable } from 'markdown-table';
import { loadScheduler } from '../../harness/index.mjs';
import { checkRun } from './check.mjs';
import { SHAPES, SIZES } from './cluster.mjs';
import { measureFloor } from './floor.mjs';
import { positive, scriptOptions, shapes as shapeList, sizes as sizeList, whole } from '../support/script-args.mjs';
import { nodeScheduler, steadyTick } from './steady.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = path.join(root, 'test/example/scheduler/v1');
const ECHO = path.join(root, 'test/bench/echo');
const HARNESS = path.join(root, 'harness/bin/verwalter-harness.mjs');
const MiB = 1024 * 1024;

const opt = scriptOptions('bench', 'a scheduler run at cluster scale against the JSON floor', (p) => p
  .option('--shape <list>', 'cluster shapes, comma-separated', shapeList, Object.keys(SHAPES))
  .option('--size <list>', 'cluster sizes, comma-separated', sizeList, Object.keys(SIZES))
  .option('--runs <n>', 'rounds per size', positive, 5)
  .option('--seed <n>', "the cluster generator's seed", whole, 1)
  .option('--baseline <bundle>', 'another build of dist/verwalter-toolbox.js, timed in the same rounds', (file) => {
    if (!existsSync(file)) throw new InvalidArgumentError('no such file');
    return path.resolve(file);
  })
  .option('--alarm [sizes]', 'the most projects whose tick stays under 2.5 s, at these sizes\' versions x groups', sizeList)
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

// A scheduler's main.js beside a build of the bundle, in a directory of its
// own (removed at exit).
function withBundle(main, bundle) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vt-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(main, path.join(dir, 'main.js'));
  copyFileSync(bundle, path.join(dir, 'verwalter-toolbox.js'));
  return dir;
}
const BUNDLE = path.join(EXAMPLE, 'verwalter-toolbox.js');
// The floor and the echo scheduler load the toolbox the measured tick does.
const TOOLBOX = readFileSync(BUNDLE, 'utf8');
const ECHO_DIR = withBundle(path.join(ECHO, 'main.js'), BUNDLE);
const BASELINE = opt.baseline ? withBundle(path.join(EXAMPLE, 'main.js'), opt.baseline) : null;
const LIMITS = { timeoutMs: 120000, memoryBytes: 2047 * MiB };

async function measureSize(shape, name) {
  const size = SHAPES[shape][name];
  const { cluster, input } = steadyTick(size, seed);
  const inputText = JSON.stringify(input);
  // A run is given the input's text, as \`run\` and \`replay\` give the
  // file's (readInputText), and the floor starts from it too.
  const given = { inputJson: inputText };
  const reference = nodeScheduler(JSON.parse(inputText));
  const scheduleText = JSON.stringify(reference.schedule);
  say(`${shape} ${name}: ${JSON.stringify(cluster.expected)}; input ${(inputText.length / 1e6).toFixed(1)} MB, schedule ${(scheduleText.length / 1e6).toFixed(1)} MB`);

  const example = await loadScheduler(EXAMPLE, LIMITS);
  const echo = await loadScheduler(ECHO_DIR, LIMITS);
  const base = BASELINE === null ? null : await loadScheduler(BASELINE, LIMITS);
  // The warm-up, and the check that the harness computes what Node does.
  const first = await example.run(input, given);
  checkRun(`${shape} ${name}, the measured run (harness)`, first, cluster.expected);
  if (JSON.stringify(first.schedule) !== scheduleText) throw new Error(`${shape} ${name}: the harness's schedule differs from Node's`);
  await echo.run(input, given);
  await measureFloor(inputText, scheduleText, { code: TOOLBOX });
  let sameAsBaseline = null;
  if (base !== null) {
    const b = await base.run(input, given);
    sameAsBaseline = JSON.stringify(b.schedule) === scheduleText && JSON.stringify(b.actions) === JSON.stringify(first.actions) && b.log === first.log;
  }

  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const floor = await measureFloor(inputText, scheduleText, { code: TOOLBOX });
    const e = await time(() => echo.run(input, given));
    // This build and the baseline take turns at going first.
    const b1 = base !== null && i % 2 === 1 ? await time(() => base.run(input, given)) : null;
    const x = await time(() => example.run(input, given));
    const b = b1 ?? (base !== null ? await time(() => base.run(input, given)) : null);
    rounds.push({ floor, echo: e.ms, tick: x.ms, inside: x.value.duration, baseline: b?.ms });
    say(`  round ${i + 1}: floor ${floor.total.toFixed(0)} ms, echo ${e.ms.toFixed(0)} ms, tick ${x.ms.toFixed(0)} ms${b ? `, baseline ${b.ms.toFixed(0)} ms` : ''}`);
  }

  const nodeRuns = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    JSON.stringify(nodeScheduler(JSON.parse(inputText)).schedule);
    if (i > 0) nodeRuns.push(performance.now() - t);
  }

  const of = (key) => rounds.map((r) => r.floor[key]);
  return {
    shape,
    size: name,
    dimensions: size,
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
    ...(base !== null && {
      baselineMs: stats(rounds.map((r) => r.baseline)),
      baselinePerFloor: stats(rounds.map((r) => r.baseline / r.floor.total)),
      tickPerBaseline: stats(rounds.map((r) => r.tick / r.baseline)),
      sameAsBaseline,
    }),
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

// Half of verwalter's alarm: a scheduler run of more than 5 s ends the
// whole verwalter process (exit 91).
const ALARM_MS = 5000;
const WITHIN_MS = ALARM_MS / 2;

// The steady tick's median (of at most 3 rounds after a warm-up) at
// `projects` projects, the other dimensions those of `base`.
async function tickAt(example, base, projects) {
  const size = { ...base, projects };
  const { cluster, input } = steadyTick(size, seed);
  const given = { inputJson: JSON.stringify(input) };
  const first = await example.run(input, given);
  checkRun(`${size.shape} ${projects} x ${size.versions} x ${size.groups}`, first, cluster.expected);
  const ticks = [];
  for (let i = 0; i < Math.min(runs, 3); i++) ticks.push((await time(() => example.run(input, given))).ms);
  return { projects, inputBytes: given.inputJson.length, tickMs: stats(ticks) };
}

// The most projects (to within 5%) whose tick stays under WITHIN_MS:
// doubling from a few until one does not, then halving the gap.
async function largestWithin(shape, name) {
  const base = SHAPES[shape][name];
  const example = await loadScheduler(EXAMPLE, LIMITS);
  const probes = [];
  const probe = async (projects) => {
    const p = await tickAt(example, base, projects);
    probes.push(p);
    say(`  ${shape} ${projects} x ${base.versions} x ${base.groups}: input ${(p.inputBytes / 1e6).toFixed(1)} MB, tick ${p.tickMs.median.toFixed(0)} ms`);
    return p.tickMs.median < WITHIN_MS ? p : null;
  };
  let fits = null;
  let over = null;
  for (let projects = 10; over === null && projects <= 10000; projects *= 2) {
    const p = await probe(projects);
    if (p === null) over = projects;
    else fits = p;
  }
  while (fits !== null && over !== null && over - fits.projects > Math.max(1, Math.floor(fits.projects / 20))) {
    const middle = Math.floor((fits.projects + over) / 2);
    const p = await probe(middle);
    if (p === null) over = middle;
    else fits = p;
  }
  return { shape, size: name, versions: base.versions, groups: base.groups, hosts: base.hosts, withinMs: WITHIN_MS, largest: fits, smallestOver: over, probes };
}

const rows = [];
for (const shape of opt.shape) for (const name of sizes) rows.push(await measureSize(shape, name));
const scaling = Object.fromEntries(opt.shape.map((shape) => [shape, exponent(rows.filter((r) => r.shape === shape))]));
const alarm = [];
if (opt.alarm) {
  const bases = opt.alarm === true ? ['L'] : opt.alarm;
  for (const shape of opt.shape) for (const name of bases) alarm.push(await largestWithin(shape, name));
}

if (opt.json) {
  process.stdout.write(`${JSON.stringify({ runs, seed, node: process.version, baseline: opt.baseline ?? null, rows, exponent: scaling, alarm }, null, 2)}\n`);
} else {
  const mb = (bytes) => (bytes === null ? '-' : (bytes / 1e6).toFixed(1));
  const ms = ({ median, min, max }) => `${median.toFixed(0)} (${min.toFixed(0)}-${max.toFixed(0)})`;
  const x = ({ median, min, max }) => `${median.toFixed(2)} (${min.toFixed(2)}-${max.toFixed(2)})`;
  const withBase = opt.baseline !== undefined;
  const table = [
    ['shape', 'size', 'input MB', 'schedule MB', 'tick ms', 'floor ms', 'echo ms', 'tick/floor', 'echo/floor',
      ...(withBase ? ['baseline ms', 'baseline/floor', 'tick/baseline', 'same output'] : []), 'floor wasm MB', 'CLI peak RSS MB', 'Node tick ms'],
    ...rows.map((r) => [
      r.shape, r.size, mb(r.inputBytes), mb(r.scheduleBytes), ms(r.tickMs), ms(r.floorMs), ms(r.echoMs), x(r.tickPerFloor), x(r.echoPerFloor),
      ...(withBase ? [ms(r.baselineMs), x(r.baselinePerFloor), x(r.tickPerBaseline), r.sameAsBaseline ? 'yes' : 'NO'] : []),
      mb(r.floorWasmBytes), mb(r.cliPeakRssBytes), ms(r.nodeTickMs),
    ]),
  ];
  console.log(`Steady tick, medians of ${runs} rounds (min-max), seed ${seed}, Node ${process.version}${withBase ? `; baseline ${opt.baseline}` : ''}`);
  console.log(markdownTable(table, { align: ['l', 'l', ...table[0].slice(2).map(() => 'r')] }));
  for (const shape of opt.shape) {
    const own = rows.filter((r) => r.shape === shape);
    if (scaling[shape] !== null) console.log(`${shape}: scaling exponent of the tick against input bytes (${own[0].size} to ${own[own.length - 1].size}): ${scaling[shape].toFixed(2)}`);
  }
  for (const a of alarm) {
    const dims = (projects) => `${projects} x ${a.versions} x ${a.groups} (${a.hosts} hosts)`;
    console.log(a.largest === null
      ? `${a.shape}: even ${dims(a.probes[0].projects)} takes ${(a.probes[0].tickMs.median / 1000).toFixed(2)} s, over ${a.withinMs / 1000} s`
      : `${a.shape}: the largest cluster whose steady tick stays under ${a.withinMs / 1000} s (half of verwalter's alarm) here: ${dims(a.largest.projects)}, input ${mb(a.largest.inputBytes)} MB, tick ${(a.largest.tickMs.median / 1000).toFixed(2)} s${a.smallestOver === null ? '' : `; ${a.smallestOver} projects took longer`}`);
  }
}
