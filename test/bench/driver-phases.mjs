// Where the api driver's time goes inside QuickJS, for one generated
// cluster: a copy of the built bundle with its main functions wrapped in
// timers (inclusive times; a host clock), run on the steady tick's input in
// this process. The timers cost a little, so compare rows with each other,
// not with the benchmark.
//
//   node test/bench/driver-phases.mjs [--size L] [--shape wide] [--seed 1]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTable } from 'markdown-table';
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import { quickjsWasm } from '../../harness/engine/wasm.mjs';
import { SHAPES } from './cluster.mjs';
import { steadyTick } from './steady.mjs';
import { scriptOptions, shape as shapeName, size as sizeName, whole } from '../support/script-args.mjs';

const TIMED = [
  'wrapScheduler', 'fromState', 'splitVersions', 'actions', 'parentStates', 'prepare', 'run', 'mergeParents', 'runActions',
  'autoUpdate', 'runUpdates', 'pruneWith', 'usedVersions', 'usedVersionsOfRole', 'versionInfo', 'groupPipeline', 'placeNodes', 'answerUnrouted', 'mergeOutput',
  ...(process.env.TIMED ? process.env.TIMED.split(',') : []),
];

const opt = scriptOptions('driver-phases', "the api driver's phases inside QuickJS, one cold run", (p) => p
  .option('--size <size>', 'cluster size', sizeName, 'L')
  .option('--shape <shape>', 'cluster shape (wide, dense)', shapeName, 'wide')
  .option('--seed <n>', "the cluster generator's seed", whole, 1));
const size = opt.size;

let bundle = readFileSync(fileURLToPath(new URL('../../dist/verwalter-toolbox.js', import.meta.url)), 'utf8');
for (const name of TIMED) {
  const declaration = `    function ${name}(`;
  if (!bundle.includes(declaration)) throw new Error(`no function ${name} in the bundle`);
  bundle = bundle.replace(declaration, `    function ${name}() { return __time('${name}', ${name}__raw, this, arguments); }\n    function ${name}__raw(`);
}
const TIMER = `var __spent = {}, __calls = {};
function __time(name, fn, self, args) {
  var t = __clock();
  try { return fn.apply(self, args); } finally {
    __spent[name] = (__spent[name] || 0) + __clock() - t;
    __calls[name] = (__calls[name] || 0) + 1;
  }
}`;

const { input } = steadyTick(SHAPES[opt.shape][size], opt.seed);
const inputText = JSON.stringify(input);

const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: 32768 });
const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule: await quickjsWasm(), wasmMemory }));
const vm = quickjs.newContext();
vm.newFunction('__clock', () => vm.newNumber(performance.now())).consume((fn) => vm.setProp(vm.global, '__clock', fn));
vm.unwrapResult(vm.evalCode(TIMER)).dispose();
vm.unwrapResult(vm.evalCode(bundle, 'verwalter-toolbox.js')).dispose();
const tick = vm.unwrapResult(vm.evalCode(`(function (text) {
  var t0 = __clock();
  var input = JSON.parse(text);
  var t1 = __clock();
  var T = VerwalterToolbox;
  var result = T.log.wrapScheduler(function (i) { return T.drivers.api.schedule(i, { template: 'example/v1' }); })(input);
  var t2 = __clock();
  var out = JSON.stringify(result);
  var t3 = __clock();
  return JSON.stringify({ parse: t1 - t0, scheduler: t2 - t1, stringify: t3 - t2, bytes: out.length, spent: __spent, calls: __calls });
})`));
const text = vm.newString(inputText);
const report = JSON.parse(vm.getString(vm.unwrapResult(vm.callFunction(tick, vm.undefined, text))));
const rows = [
  ['JSON.parse of the input', report.parse, 1],
  ['the scheduler (wrapScheduler)', report.scheduler, 1],
  ['JSON.stringify of the result', report.stringify, 1],
  ...TIMED.filter((n) => n !== 'wrapScheduler').map((n) => [n, report.spent[n] ?? 0, report.calls[n] ?? 0]),
];
console.log(`${opt.shape} ${size}: input ${(inputText.length / 1e6).toFixed(1)} MB, result ${(report.bytes / 1e6).toFixed(1)} MB, wasm memory ${(wasmMemory.buffer.byteLength / 1e6).toFixed(0)} MB; QuickJS, inclusive ms`);
console.log(markdownTable([['function', 'ms', 'calls'], ...rows.map(([n, ms, c]) => [n, ms.toFixed(0), String(c)])], { align: ['l', 'r', 'r'] }));
