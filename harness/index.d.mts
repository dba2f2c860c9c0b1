// Types of the harness's programmatic API (harness/index.mjs), written by
// hand: test/types/harness.test.mjs checks that every runtime export is
// declared here and nothing else, and that a strict consumer type-checks.
// Wire formats are the bundle's own types (dist/types, from src/types.ts).
// No Node types are needed: bytes are declared as Uint8Array (Node's Buffer
// is one).
import type { Json, Schedule } from '../dist/types/index.js';

// ---- loadScheduler, runScript ----------------------------------------------

/** The QuickJS engine's limits for one load or run. */
export interface EngineOptions {
  /** The time budget of a call, in ms (1 ms to 24 h). */
  timeoutMs: number;
  /** The time budget of loading main.js and what it requires, in ms (1 ms
   * to 24 h; verwalter allows 10 s), apart from the call's. */
  loadTimeoutMs: number;
  /** The memory budget in bytes (rounded down to 64 KiB pages). */
  memoryBytes: number;
  /** QuickJS's stack limit in bytes. */
  stackBytes: number;
  /** ES5.1 only, as verwalter's engine (false: for experiments only). */
  es5: boolean;
}

/** `{timeoutMs: 5000, loadTimeoutMs: 10000, memoryBytes: 256 MiB, stackBytes: 256 KiB, es5: true}`. */
export declare const DEFAULT_OPTIONS: Readonly<EngineOptions>;

/** `loadScheduler`'s options: an unknown one is a TypeError, one out of
 * range a RangeError. */
export interface LoadOptions extends Partial<EngineOptions> {
  /** `'quickjs'` (the default); `'wasm'` builds scheduler.wasm from the
   * directory in memory and runs through it; any other string is the path
   * of a scheduler.wasm to run. */
  engine?: 'quickjs' | 'wasm' | (string & {});
  /** With `engine: 'wasm'`: the work budget built into the module. */
  budget?: number;
}

/** What `run` takes: any JSON object, a `SchedulerInput` or part of one
 * (a missing `now` is 0). */
export interface RunInput {
  now?: number;
  [field: string]: unknown;
}

/** A run's result. `S`: what the scheduler's `schedule` is, `ApiSchedule`
 * for a scheduler made with the api driver. */
export interface RunResult<S extends object = Schedule> {
  schedule: S;
  /** Answers by action id; `{}` when the scheduler gave none. */
  actions: { [actionId: string]: Json };
  /** The console output followed by the returned log. */
  log: string;
  /** The returned log alone. */
  schedulerLog: string;
  /** The call's milliseconds. */
  duration: number;
  /** Set when the call took more than half of `timeoutMs` (QuickJS only). */
  warning?: string;
}

/** A loaded scheduler directory. */
export interface LoadedScheduler<S extends object = Schedule> {
  readonly dir: string;
  /** Rejects with one of the harness's errors, or an `InputError` for an
   * input that is not an object. `options.inputJson`: the JSON text `input`
   * was parsed from (a file as read), given to QuickJS as it is instead of
   * written again; the wasm engine ignores it. */
  run(input: RunInput, options?: { inputJson?: string }): Promise<RunResult<S>>;
  /** The scheduler is not used again: a later `run` rejects. */
  dispose(): void;
}

/** Resolves once `dir/main.js` has loaded and exports `scheduler`, or
 * rejects with a `LoadError`. */
export declare function loadScheduler<S extends object = Schedule>(dir: string, options?: LoadOptions): Promise<LoadedScheduler<S>>;

export interface ScriptOptions extends Partial<EngineOptions> {
  /** `Date`'s time in the engine, ms since the epoch (default 0). */
  now?: number;
  /** The bundle's file name in messages (default `verwalter-toolbox.js`). */
  bundleName?: string;
  /** The script's file name in messages (default `script.js`). */
  scriptName?: string;
}

/** Evaluates a built bundle as a plain script (the global
 * `VerwalterToolbox`), then `scriptSource`, in a fresh engine; resolves to
 * the script's completion value through JSON (`undefined` stays so). */
export declare function runScript(bundleSource: string, scriptSource: string, options?: ScriptOptions): Promise<Json | undefined>;

/** Built-in names by object (`global`, `Object`, `Array.prototype`, ...):
 * what the ES5 environment keeps. */
export declare const ES5_BUILTINS: {
  readonly global: readonly string[];
  readonly [object: string]: readonly string[];
};

/** The notable ES2015+ built-ins it removes (`Map`, `Object.assign`, ...). */
export declare const ES2015_PLUS_BUILTINS: readonly string[];

// ---- scheduler.wasm --------------------------------------------------------

export interface WasmSettings {
  /** The module's memory limit in bytes (16 MiB to 3 GiB). */
  memoryBytes: number;
  /** The work budget of a run (about a millisecond a unit in wasmi). */
  budget: number;
  /** QuickJS's stack limit in bytes. */
  stackBytes: number;
  /** A run that changes its input fails (the harness's own builds). */
  checkInput: boolean;
}

/** `{memoryBytes: 1 GiB, budget: 3000, stackBytes: 256 KiB, checkInput: false}`. */
export declare const WASM_DEFAULTS: Readonly<WasmSettings>;

export interface BuildWasmOptions extends Partial<WasmSettings> {
  /** Where to write (default `scheduler.wasm` in the directory). */
  out?: string;
}

export interface BuiltWasm {
  /** The file written. */
  file: string;
  bytes: Uint8Array;
  /** The module ids built in, sorted (`main.js`, `lib/util.js`, ...). */
  modules: string[];
  settings: WasmSettings;
}

/** Builds and writes `scheduler.wasm` as the `wasm` command does; throws a
 * `LoadError` for a scheduler that cannot be built, a `RangeError` for a
 * setting out of range. */
export declare function buildSchedulerWasm(dir: string, options?: BuildWasmOptions): BuiltWasm;

/** One run of a scheduler.wasm; a failed run is `schedule: null` with the
 * reason in `log`. */
export interface WasmCallResult {
  schedule: Json;
  log: string;
  actions: { [actionId: string]: Json };
  /** The JSON text the module returned. */
  text: string;
  /** The panics the module logged during the run. */
  panics: string[];
}

/** What the last run counted against its budget. */
export interface WasmWork {
  units: number;
  /** Checks by QuickJS's interrupt handler. */
  checks: number;
  /** Bytes of input parsed. */
  parsed: number;
  /** Bytes of input compared (`checkInput`). */
  compared: number;
  /** Bytes of output written. */
  written: number;
}

/** A scheduler.wasm instantiated as verwalter 0.13 does; the instance is
 * kept between calls, and made anew after a trap. */
export declare class WasmScheduler {
  /** A path, or the module's bytes; throws a `WasmHostError` for a module
   * verwalter refuses to load. */
  constructor(fileOrBytes: string | Uint8Array);
  readonly bytes: Uint8Array;
  /** How many instances were made (one more after each trap). */
  readonly instances: number;
  /** Runs `input` (JSON text, or a value written with its keys sorted, as
   * verwalter writes it); throws a `WasmHostError` where verwalter's run
   * fails. */
  call(input: string | RunInput): WasmCallResult;
  /** For a module the harness built. */
  readonly lastWork: WasmWork;
  /** The instance's memory size now. */
  readonly memoryBytes: number;
}

/** Where verwalter's wasm host fails a load or a run ("Scheduling failed: ...").
 * Not a HarnessError: `loadScheduler` with a wasm engine turns it into one. */
export declare class WasmHostError extends Error {
  constructor(message: string, options?: { trapped?: boolean; panics?: string[] });
  /** The module trapped: the next call gets a fresh instance. */
  trapped: boolean;
  panics: string[];
}

// ---- errors ----------------------------------------------------------------

export interface HarnessErrorOptions {
  log?: string;
  cause?: unknown;
}

/** Every failure of a load or run; `log`: the run's log up to the failure. */
export declare class HarnessError extends Error {
  constructor(message: string, options?: HarnessErrorOptions);
  log: string;
}

/** NO_MAIN: no directory, main.js or scheduler.wasm; SYNTAX: a syntax
 * error or non-ES5.1 syntax; NO_EXPORT: no `scheduler` function exported;
 * EVAL: a module threw while loading; MISSING: a required module is not
 * there (`buildSchedulerWasm`). */
export type LoadErrorCode = 'NO_MAIN' | 'SYNTAX' | 'NO_EXPORT' | 'EVAL' | 'MISSING';

/** Where in the scheduler's files: relative to the scheduler directory. */
export interface SourcePosition {
  file?: string;
  line?: number;
  column?: number;
}

/** A position in the source a source map names (the TypeScript of a
 * compiled scheduler). */
export interface MappedPosition {
  file: string;
  line: number;
  column?: number;
}

export declare class LoadError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & SourcePosition & { code?: LoadErrorCode; schedulerStack?: string });
  code: LoadErrorCode | undefined;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  schedulerStack: string | undefined;
  /** Where the source has `file:line:column`, when a source map is beside
   * the file (the message then leads with it). */
  source?: MappedPosition;
}

/** `scheduler(input)` threw; `file:line:column` is its innermost frame in
 * the scheduler's files. */
export declare class SchedulerError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & SourcePosition & { errorName?: string; errorMessage?: string; schedulerStack?: string });
  /** The thrown value's `name` and `message`. */
  errorName: string | undefined;
  errorMessage: string | undefined;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  schedulerStack: string | undefined;
  /** Where the source has `file:line:column`, when a source map is beside
   * the file (the message then leads with it). */
  source?: MappedPosition;
}

/** The result is not `{schedule: {...}, log: "...", actions?: {...}}`. */
export declare class InvalidResultError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & { reason?: string });
  reason: string | undefined;
}

export declare class TimeoutError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & { timeoutMs?: number; elapsedMs?: number });
  /** Not set for scheduler.wasm's work budget. */
  timeoutMs: number | undefined;
  /** Set when the watchdog had to stop the engine thread. */
  elapsedMs: number | undefined;
}

export declare class OutOfMemoryError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & { memoryBytes?: number });
  memoryBytes: number | undefined;
}

export declare class StackOverflowError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & { stackBytes?: number });
  stackBytes: number | undefined;
}

/** QuickJS failed in a way no limit explains, or the engine thread died. */
export declare class EngineError extends HarnessError {}

/** The input is not an object, its `now` not a finite number, or it is
 * nested deeper than the host can walk. */
export declare class InputError extends HarnessError {}

/** A result, or its JSON text, longer than a JavaScript string can hold. */
export declare class OutputTooLargeError extends HarnessError {
  constructor(message: string, options?: HarnessErrorOptions & { chars?: number });
  /** How long it is, when known. */
  chars: number | undefined;
}
