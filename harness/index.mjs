// The harness's programmatic API, for scheduler authors' own tests. Its
// types are index.d.mts beside it (kept in step by test/types/harness.test.mjs).

export { loadScheduler, runScript } from './engine/scheduler.mjs';
export { DEFAULT_OPTIONS } from './engine/options.mjs';
export { ES5_BUILTINS, ES2015_PLUS_BUILTINS } from './engine/es5env.mjs';
export { buildSchedulerWasm, WASM_DEFAULTS } from './wasm/build.mjs';
export { WasmScheduler, WasmHostError } from './wasm/host.mjs';
export {
  HarnessError,
  LoadError,
  SchedulerError,
  InvalidResultError,
  TimeoutError,
  OutOfMemoryError,
  StackOverflowError,
  EngineError,
  InputError,
  OutputTooLargeError,
} from './engine/errors.mjs';
