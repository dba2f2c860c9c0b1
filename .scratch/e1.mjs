import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire('/work/main/harness/x.mjs');
const wasmPath = require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
let t = performance.now();
const wasmModule = await WebAssembly.compile(readFileSync(wasmPath));
console.log('compile', performance.now() - t);
async function fresh(maxBytes) {
  const mem = new WebAssembly.Memory({ initial: 256, maximum: maxBytes / 65536 });
  const v = newVariant(RELEASE_SYNC, { wasmModule, wasmMemory: mem });
  const m = await newQuickJSWASMModuleFromVariant(v);
  return { m, mem };
}
for (let i = 0; i < 3; i++) { t = performance.now(); await fresh(256 << 20); console.log('inst', performance.now() - t); }
const { m, mem } = await fresh(32 << 20);
const rt = m.newRuntime();
const ctx = rt.newContext();
const names = ctx.dump(ctx.unwrapResult(ctx.evalCode(`
var out = {};
function own(o){ return Object.getOwnPropertyNames(o).join(' '); }
out.global = own(globalThis);
['Object','Function','Array','String','Number','Boolean','Math','JSON','Date','RegExp','Error'].forEach(function(n){ out[n]=own(globalThis[n]); if (globalThis[n].prototype) out[n+'.prototype']=own(globalThis[n].prototype)});
out;
`)));
console.log(names);
