// The QuickJS build the harness runs (quickjs-emscripten's release-sync
// variant): what its linking imposes on the limits, and its compiled module.
// No quickjs-emscripten import here: the calling thread needs only this,
// the engine thread (worker.mjs) the rest.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const MiB = 1024 * 1024;

// The prebuilt variant is linked with INITIAL_MEMORY=16 MiB, 5 MiB of which is
// the C stack QuickJS runs on, and its heap growth gives up above 2 GiB.
export const INITIAL_BYTES = 16 * MiB;
// 2048 MiB is the whole 32-bit wasm address space: an out-of-memory there
// ends as an uncaught `null` and a stuck engine thread, so the range stops
// one MiB short, where it is still reported as an OutOfMemoryError.
export const MEMORY_BYTES_RANGE = Object.freeze({ min: 24 * MiB, max: 2047 * MiB });
// QuickJS's stack limit must stay inside the 5 MiB C stack, or deep recursion
// silently overwrites the heap instead of failing.
export const STACK_BYTES_RANGE = Object.freeze({ min: 64 * 1024, max: 4 * MiB });

let compiledWasm;
// The compiled module is shareable: the calling thread compiles it once and
// hands it to every engine thread, which then skips compiling.
export function quickjsWasm() {
  if (!compiledWasm) {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    compiledWasm = readFile(path).then((bytes) => WebAssembly.compile(bytes));
  }
  return compiledWasm;
}

export function useCompiledWasm(module) {
  compiledWasm = Promise.resolve(module);
}
