import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const wasmModule = await WebAssembly.compile(readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
async function fresh(maxBytes) {
  const mem = new WebAssembly.Memory({ initial: 256, maximum: maxBytes / 65536 });
  const m = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule, wasmMemory: mem }));
  return { m, mem };
}
async function trial(name, code, { max = 32 << 20, limit, stack, timeout = 2000 } = {}) {
  const { m, mem } = await fresh(max);
  const rt = m.newRuntime();
  if (limit) rt.setMemoryLimit(limit);
  if (stack !== undefined) rt.setMaxStackSize(stack);
  const deadline = Date.now() + timeout;
  let fired = false;
  rt.setInterruptHandler(() => (fired = Date.now() > deadline));
  const ctx = rt.newContext();
  const t = performance.now();
  try {
    const r = ctx.evalCode(code, 'x.js');
    if (r.error) { const e = ctx.dump(r.error); console.log(name, 'ERR', JSON.stringify(e).slice(0, 300)); r.error.dispose(); }
    else { console.log(name, 'OK', JSON.stringify(ctx.dump(r.value)).slice(0,200)); r.value.dispose(); }
  } catch (e) { console.log(name, 'HOST THROW', e.constructor.name, e.message.slice(0, 200)); }
  console.log('  ms', (performance.now() - t).toFixed(0), 'mem MiB', mem.buffer.byteLength / 1048576, 'fired', fired);
  try { ctx.dispose(); rt.dispose(); } catch (e) { console.log('  dispose throw', e.message.slice(0, 100)); }
}
await trial('loop', 'for(;;){}', { timeout: 300 });
await trial('loopcatch', 'for(;;){ try { for(;;){} } catch(e) {} }', { timeout: 300 });
await trial('bomb-nolimit', 'var a=[]; for(;;) a.push({x: a.length, s: "abc"+a.length});');
await trial('bomb-limit', 'var a=[]; for(;;) a.push({x: a.length, s: "abc"+a.length});', { limit: 32 << 20 });
await trial('strbomb', 'var s="x"; for(;;) s = s + s;');
await trial('arrbomb', 'var a=[]; a.length=1e9; for(var i=0;;i++) a[i]=i;');
await trial('bigarr', 'new Array(1e8).join("x")');
await trial('recur-default', 'function f(n){return f(n+1)+1} f(0)');
await trial('recur-1M', 'function f(n){return f(n+1)+1} f(0)', { stack: 1 << 20 });
await trial('recur-0', 'function f(n){return f(n+1)+1} f(0)', { stack: 0 });
await trial('recur-8M', 'function f(n){return f(n+1)+1} f(0)', { stack: 8 << 20 });
await trial('stackmsg', 'var d=0; function f(n){d=n; return f(n+1)+1} try { f(0) } catch(e) { [String(e), e.stack.slice(0,100), d] }', { stack: 1 << 20 });
await trial('syntax', 'var x = ;\n', {});
await trial('throw', 'function g(){ throw new TypeError("boom") }\ng()', {});
