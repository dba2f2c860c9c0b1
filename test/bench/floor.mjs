// The floor of a tick: what any scheduler in this QuickJS build pays to read
// its input and hand back its schedule, with no harness around it. Copying
// the input text into QuickJS, JSON.parse of it, JSON.stringify of the
// schedule, copying that text out; each in a fresh instance with the wasm
// memory set up as the harness sets it, in this process, after evaluating
// `code` (the toolbox a scheduler loads): QuickJS collects garbage each time
// its heap has grown by half, so what was allocated before the input decides
// where those collections fall while it is parsed, and a parse in a bare
// context took up to twice as long as the same parse in a tick's (dense L:
// 2.2 s against 1.1 s).
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import { quickjsWasm } from '../../harness/engine/wasm.mjs';

const MiB = 1024 * 1024;
const PAGE = 64 * 1024;

// {copyIn, parse, stringify, copyOut, total} in ms.
export async function measureFloor(inputText, scheduleText, { code = null, memoryBytes = 2047 * MiB } = {}) {
  const wasmMemory = new WebAssembly.Memory({ initial: (16 * MiB) / PAGE, maximum: memoryBytes / PAGE });
  // Compiled once, as the harness does, so that V8's optimized code for it
  // carries over from one measurement to the next.
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule: await quickjsWasm(), wasmMemory }));
  const runtime = quickjs.newRuntime();
  const vm = runtime.newContext();
  const handles = [];
  const keep = (h) => (handles.push(h), h);
  const fn = (code) => keep(vm.unwrapResult(vm.evalCode(code)));
  try {
    if (code !== null) vm.unwrapResult(vm.evalCode(code, 'toolbox.js')).dispose();
    const parse = fn('(function (text) { return JSON.parse(text); })');
    const stringify = fn('(function (value) { return JSON.stringify(value); })');
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - t;
      t = now;
      return ms;
    };
    const text = keep(vm.newString(inputText));
    const copyIn = lap();
    // The input stays alive while the schedule is written, as in a tick.
    keep(vm.unwrapResult(vm.callFunction(parse, vm.undefined, text)));
    const parsed = lap();
    // The schedule as a value to write, made off the clock and after the
    // input, as a scheduler makes it (QuickJS's collector walks whatever is
    // alive, so what exists while the input is parsed matters).
    const schedule = keep(vm.unwrapResult(vm.callFunction(parse, vm.undefined, keep(vm.newString(scheduleText)))));
    lap();
    const written = keep(vm.unwrapResult(vm.callFunction(stringify, vm.undefined, schedule)));
    const stringified = lap();
    const out = vm.getString(written);
    const copyOut = lap();
    if (out.length !== scheduleText.length) throw new Error(`the floor wrote ${out.length} characters of a ${scheduleText.length}-character schedule`);
    return { copyIn, parse: parsed, stringify: stringified, copyOut, total: copyIn + parsed + stringified + copyOut, wasmBytes: wasmMemory.buffer.byteLength };
  } finally {
    for (const h of handles.reverse()) h.dispose();
    vm.dispose();
    runtime.dispose();
  }
}
