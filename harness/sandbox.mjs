// One QuickJS instance with the three limits applied. Every run gets its own
// WebAssembly instance and memory: a run that ends in an abort or a host stack
// overflow leaves the instance in an undefined state, and a fresh one costs
// about 2 ms, so nothing is ever reused.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';

const PAGE = 64 * 1024;
const MiB = 1024 * 1024;

// The prebuilt variant is linked with INITIAL_MEMORY=16 MiB, 5 MiB of which is
// the C stack QuickJS runs on, and its heap growth gives up above 2 GiB.
const INITIAL_BYTES = 16 * MiB;
export const MEMORY_BYTES_RANGE = Object.freeze({ min: 24 * MiB, max: 2048 * MiB });
// QuickJS's stack limit must stay inside the 5 MiB C stack, or deep recursion
// silently overwrites the heap instead of failing.
export const STACK_BYTES_RANGE = Object.freeze({ min: 64 * 1024, max: 4 * MiB });

let compiledWasm;
function quickjsWasm() {
  if (!compiledWasm) {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    compiledWasm = readFile(path).then((bytes) => WebAssembly.compile(bytes));
  }
  return compiledWasm;
}

function ignore() {}

export async function newSandbox({ memoryBytes, stackBytes }) {
  // The hard memory cap: QuickJS's own accounting (setMemoryLimit) cannot see
  // real allocation sizes in this build and undercounts about threefold, but
  // the wasm heap cannot grow past `maximum`, so malloc fails and QuickJS
  // throws its ordinary "out of memory".
  const memory = new WebAssembly.Memory({ initial: INITIAL_BYTES / PAGE, maximum: memoryBytes / PAGE });
  // Emscripten retries a failed growth with less headroom, so only the last
  // attempt tells whether the heap is really at its cap.
  let lastGrowFailed = false;
  const grow = memory.grow;
  memory.grow = function growOrRecord(pages) {
    lastGrowFailed = true;
    const previous = grow.call(memory, pages);
    lastGrowFailed = false;
    return previous;
  };
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, {
      wasmModule: await quickjsWasm(),
      wasmMemory: memory,
      // Emscripten prints aborts itself; the harness reports them as errors.
      emscriptenModule: { print: ignore, printErr: ignore },
    }),
  );
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(stackBytes);
  let deadline = Infinity;
  let interrupted = false;
  runtime.setInterruptHandler(() => {
    if (!interrupted && Date.now() > deadline) interrupted = true;
    return interrupted;
  });
  const vm = runtime.newContext();
  let poisoned = false;

  return {
    vm,
    startClock(ms) {
      deadline = Date.now() + ms;
      interrupted = false;
    },
    get interrupted() {
      return interrupted;
    },
    // Whether the wasm heap's last attempt to grow hit the cap.
    get memoryExhausted() {
      return lastGrowFailed;
    },
    // A host exception unwound through wasm frames: QuickJS's state is torn.
    poison() {
      poisoned = true;
    },
    get poisoned() {
      return poisoned;
    },
    dispose() {
      if (poisoned) return;
      try {
        vm.dispose();
        runtime.dispose();
      } catch {
        // A leaked handle after a failed run; the instance is dropped anyway.
      }
    },
  };
}
