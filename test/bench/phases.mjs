// Where a harness tick's time goes, phase by phase, for one generated
// cluster (cluster.mjs): the harness's own steps, timed in this process
// with the harness's modules (no engine thread; the copies to and from it
// are timed as structured clones of the same text), the scheduler call
// split by marks its console output carries (phases/main.js), and with
// --profile, the driver's hottest functions under Node's sampling profiler.
//
//   node test/bench/phases.mjs [--size L] [--shape wide] [--runs 3] [--seed 1] [--profile]
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from 'markdown-table';
import { nowOf, seedFor } from '../../harness/engine/determinism.mjs';
import { directoryModules } from '../../harness/engine/loader.mjs';
import { normalizeOptions } from '../../harness/engine/options.mjs';
import { answerOf, checkResult } from '../../harness/engine/result.mjs';
import { openSession } from '../../harness/engine/session.mjs';
import { SHAPES } from './cluster.mjs';
import { nodeScheduler, steadyTick } from './steady.mjs';
import { positive, scriptOptions, shape as shapeName, size as sizeName, whole } from '../support/script-args.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const opt = scriptOptions('phases', "where a harness run's time goes, phase by phase", (p) => p
  .option('--size <size>', 'cluster size', sizeName, 'L')
  .option('--shape <shape>', 'cluster shape (wide, dense)', shapeName, 'wide')
  .option('--runs <n>', 'rounds', positive, 3)
  .option('--seed <n>', "the cluster generator's seed", whole, 1)
  .option('--profile', 'write a CPU profile'));
const size = opt.size;
const runs = opt.runs;

// The phase scheduler beside a copy of the built bundle.
const dir = mkdtempSync(path.join(tmpdir(), 'vt-phases-'));
copyFileSync(path.join(root, 'dist/verwalter-toolbox.js'), path.join(dir, 'verwalter-toolbox.js'));
copyFileSync(path.join(root, 'test/bench/phases/main.js'), path.join(dir, 'main.js'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const { input } = steadyTick(SHAPES[opt.shape][size], opt.seed);
const INPUT_JSON = JSON.stringify(input);
const limits = normalizeOptions({ timeoutMs: 120000, memoryBytes: 2047 * 1024 * 1024 });

// The engine thread derives the seed from the input's text only when the
// scheduler first calls Math.random (worker.mjs), which the api driver never
// does; here it is timed on its own and left out of the total.
const PARALLEL = 'engine: the seed, if Math.random is called (not in the total)';

// One tick as scheduler.mjs, worker.mjs and session.mjs take it, lap by lap.
async function tick() {
  const laps = {};
  let t = performance.now();
  const lap = (name) => {
    const now = performance.now();
    laps[name] = (laps[name] ?? 0) + now - t;
    t = now;
  };
  // run and replay send the input file's text as read (readInputText).
  const inputJson = INPUT_JSON;
  structuredClone(inputJson);
  lap('host: input text to the engine thread (a clone)');
  const seed = seedFor(JSON.parse(inputJson));
  lap(PARALLEL);
  const marks = [];
  const monitor = { clock() {}, log: (text) => marks.push([text.trim(), performance.now()]) };
  const session = await openSession({ modules: directoryModules(dir, limits), limits, now: nowOf(input), seed, monitor });
  lap('engine: new QuickJS instance, prelude');
  session.load();
  lap('engine: loading main.js and the bundle');
  const pieceTexts = [];
  const answerJson = session.call(inputJson, (text, nested) => pieceTexts.push({ text, nested }));
  const parsed = marks.find(([text]) => text === 'parsed')[1];
  const scheduled = marks.find(([text]) => text === 'scheduled')[1];
  laps['engine: input into QuickJS and JSON.parse'] = parsed - t;
  laps['engine: the scheduler (api driver)'] = scheduled - parsed;
  t = scheduled;
  lap('engine: JSON.stringify of the result, text out');
  const consoleText = session.consoleText();
  // The instance is dropped, not freed (session.close).
  session.close();
  structuredClone([answerJson, pieceTexts]);
  lap('host: answer text from the engine thread (clones)');
  // In the harness each piece is parsed as it arrives, while the engine
  // thread writes the next; here one after the other.
  checkResult(answerOf(answerJson, pieceTexts.map(({ text, nested }) => ({ part: JSON.parse(text), nested }))), consoleText, new Set(Object.keys(input.actions ?? {})));
  lap('host: JSON.parse of the answer, checks');
  const answerChars = pieceTexts.reduce((sum, { text }) => sum + text.length, answerJson.length);
  return { laps, bytes: { input: inputJson.length, answer: answerChars, wasm: null } };
}

await tick();
const all = [];
for (let i = 0; i < runs; i++) all.push(await tick());
const names = Object.keys(all[0].laps);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = names.map((name) => {
  const xs = all.map((r) => r.laps[name]);
  return [name, median(xs).toFixed(0), `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`];
});
const totals = all.map((r) => Object.entries(r.laps).reduce((sum, [name, ms]) => (name === PARALLEL ? sum : sum + ms), 0));
rows.push(['total', median(totals).toFixed(0), `${Math.min(...totals).toFixed(0)}-${Math.max(...totals).toFixed(0)}`]);
console.log(`${opt.shape} ${size}: input ${(all[0].bytes.input / 1e6).toFixed(1)} MB, answer ${(all[0].bytes.answer / 1e6).toFixed(1)} MB; medians of ${runs} runs after a warm-up (ms)`);
console.log(markdownTable([['phase', 'ms', 'range'], ...rows], { align: ['l', 'r', 'r'] }));

if (opt.profile) {
  // The driver under V8: self time by function, over `runs` ticks.
  const text = JSON.stringify(input);
  nodeScheduler(JSON.parse(text));
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
  for (let i = 0; i < runs; i++) JSON.stringify(nodeScheduler(JSON.parse(text)).schedule);
  const { profile } = await inspector.post('Profiler.stop');
  inspector.disconnect();
  const self = new Map();
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + timeDeltas[i] / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`\nNode ${process.version}, ${runs} ticks (parse, driver, stringify): ${total.toFixed(0)} ms sampled; self time by function`);
  console.log(markdownTable([['function', 'ms', '%'], ...top.map(([k, ms]) => [k, ms.toFixed(0), ((100 * ms) / total).toFixed(1)])], { align: ['l', 'r', 'r'] }));
}
