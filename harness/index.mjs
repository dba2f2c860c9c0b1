// The harness's programmatic API, for scheduler authors' own tests.

export { loadScheduler, runScript } from './engine.mjs';
export { DEFAULT_OPTIONS } from './options.mjs';
export { ES5_BUILTINS, ES2015_PLUS_BUILTINS } from './es5env.mjs';
export {
  HarnessError,
  LoadError,
  SchedulerError,
  InvalidResultError,
  TimeoutError,
  OutOfMemoryError,
  StackOverflowError,
  EngineError,
} from './errors.mjs';
