// One QuickJS instance with the three limits applied. Every run gets its own
// WebAssembly instance and memory: a run that ends in an abort or a host stack
// overflow leaves the instance in an undefined state, and a fresh one costs
// about 2 ms, so nothing is ever reused.

import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import { INITIAL_BYTES, quickjsWasm } from './wasm.mjs';

const PAGE = 64 * 1024;

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
    // Returns the deadline (Date.now() milliseconds).
    startClock(ms) {
      deadline = Date.now() + ms;
      interrupted = false;
      return deadline;
    },
    // Called when an operation returns: a deadline that passed while QuickJS
    // was busy in one long built-in call, where the interrupt handler never
    // got to see it, still counts as interrupted, since the budget is for
    // the whole operation. The deadline itself stays, so scheduler code run
    // while the host reads the outcome (a getter on a thrown object) is
    // still bounded by it.
    checkClock() {
      if (Date.now() > deadline) interrupted = true;
      return interrupted;
    },
    get interrupted() {
      return interrupted;
    },
    // How far the wasm heap has grown (it never shrinks).
    get memoryBytes() {
      return memory.buffer.byteLength;
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
