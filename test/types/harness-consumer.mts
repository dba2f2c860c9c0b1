// A scheduler author's TypeScript using every export of the harness's
// programmatic API, as the README shows it. test/types/harness.test.mjs
// type-checks it (strict) against harness/index.d.mts under each module
// resolution, and against the installed package (test/package); it is
// never run.
import {
  loadScheduler, runScript, DEFAULT_OPTIONS, ES5_BUILTINS, ES2015_PLUS_BUILTINS,
  buildSchedulerWasm, WASM_DEFAULTS, WasmScheduler, WasmHostError,
  HarnessError, LoadError, SchedulerError, InvalidResultError, TimeoutError,
  OutOfMemoryError, StackOverflowError, EngineError, InputError, OutputTooLargeError,
} from 'verwalter-toolbox/harness/index.mjs';
import type {
  EngineOptions, LoadOptions, RunInput, RunResult, LoadedScheduler, ScriptOptions,
  WasmSettings, BuildWasmOptions, BuiltWasm, WasmCallResult, WasmWork,
  HarnessErrorOptions, LoadErrorCode, SourcePosition, MappedPosition,
} from 'verwalter-toolbox/harness/index.mjs';
import type { ApiSchedule, Json, Schedule, SchedulerInput } from 'verwalter-toolbox';

// `true` only for `any`: each use below fails if a declaration were `any`.
type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny = <T,>(value: T, isAny: IsAny<T>): T => (isAny ? value : value);

declare const input: SchedulerInput;

export async function loading(): Promise<void> {
  const options: LoadOptions = { timeoutMs: 1000, loadTimeoutMs: 10000, memoryBytes: 64 * 1024 * 1024, stackBytes: 256 * 1024, es5: true };
  const scheduler: LoadedScheduler<ApiSchedule> = await loadScheduler<ApiSchedule>('scheduler/v1', options);
  const dir: string = scheduler.dir;
  const result: RunResult<ApiSchedule> = await scheduler.run(input);
  const hosts: string[] = Object.keys(result.schedule.nodes);
  const version: string = result.schedule.state['app'].groups['prod'].version;
  const answers: { [id: string]: Json } = result.actions;
  const log: string = result.log + result.schedulerLog;
  const duration: number = result.duration;
  const warning: string | undefined = result.warning;
  scheduler.dispose();

  // The default schedule type is the bundle's Schedule; any JSON object
  // (or part of a SchedulerInput) is an input.
  const plain = await loadScheduler('scheduler/v1');
  const broken: RunResult = await plain.run({ now: 0, runtime: null });
  const schedule: Schedule = notAny(broken.schedule, false);
  const partial: Partial<SchedulerInput> = { now: 5 };
  const inputs: RunInput[] = [input, partial, {}, { actions: { '1': { button: { role: 'app' } } } }];
  await plain.run(inputs[0]);

  const wasm = await loadScheduler<ApiSchedule>('scheduler/v1', { engine: 'wasm', budget: 3000, memoryBytes: 64 * 1024 * 1024 });
  const file = await loadScheduler('scheduler/v1', { engine: 'scheduler/v1/scheduler.wasm' });
  const quickjs = await loadScheduler('scheduler/v1', { engine: 'quickjs' });
  void [dir, hosts, version, answers, log, duration, warning, schedule, wasm, file, quickjs];
}

export async function scripts(bundle: string): Promise<void> {
  const options: ScriptOptions = { now: Date.UTC(2026, 0, 5), bundleName: 'bundle.js', scriptName: 'check.js', es5: true, timeoutMs: 1000 };
  const value = notAny(await runScript(bundle, 'VerwalterToolbox.version.compare("v1", "v2")', options), false);
  const compared: number = typeof value === 'number' ? value : NaN;
  const engine: Readonly<EngineOptions> = DEFAULT_OPTIONS;
  const timeout: number = DEFAULT_OPTIONS.timeoutMs;
  const es5: boolean = DEFAULT_OPTIONS.es5;
  const kept: readonly string[] = ES5_BUILTINS.global;
  const arrayMethods: readonly string[] | undefined = ES5_BUILTINS['Array.prototype'];
  const removed: boolean = ES2015_PLUS_BUILTINS.indexOf('Map') >= 0;
  void [compared, engine, timeout, es5, kept, arrayMethods, removed];
}

export function wasmModules(bytes: Uint8Array): void {
  const options: BuildWasmOptions = { out: 'build/scheduler.wasm', budget: WASM_DEFAULTS.budget, memoryBytes: 16 * 1024 * 1024, stackBytes: 256 * 1024, checkInput: false };
  const built: BuiltWasm = buildSchedulerWasm('scheduler/v1', options);
  const settings: WasmSettings = built.settings;
  const modules: string[] = built.modules;
  const written: string = built.file;
  const size: number = built.bytes.length;
  const host = new WasmScheduler(built.file);
  const again = new WasmScheduler(bytes);
  let call: WasmCallResult;
  try {
    call = host.call(input);
    call = again.call(JSON.stringify(input));
  } catch (error) {
    if (error instanceof WasmHostError) {
      const trapped: boolean = error.trapped;
      const panics: string[] = error.panics;
      void [trapped, panics];
    }
    throw error;
  }
  const schedule: Json = notAny(call.schedule, false);
  const text: string = call.text + call.log + call.panics.join('');
  const answers: { [id: string]: Json } = call.actions;
  const work: WasmWork = host.lastWork;
  const units: number = work.units + work.checks + work.parsed + work.compared + work.written;
  const memory: number = host.memoryBytes + host.instances + host.bytes.length;
  const defaults: Readonly<WasmSettings> = WASM_DEFAULTS;
  void [settings, modules, written, size, schedule, text, answers, units, memory, defaults, new WasmHostError('no memory exported', { trapped: false, panics: [] })];
}

// What each typed error carries, as a test reads it.
export function explain(error: unknown): string {
  if (!(error instanceof HarnessError)) return String(error);
  const log: string = error.log;
  const name: string = error.name;
  if (error instanceof LoadError) {
    const code: LoadErrorCode | undefined = error.code;
    const where: SourcePosition = { file: error.file, line: error.line, column: error.column };
    const mapped: MappedPosition | undefined = error.source;
    return `${code} ${where.file}:${where.line}:${where.column} ${mapped ? mapped.file : ''} ${error.schedulerStack ?? ''}`;
  }
  if (error instanceof SchedulerError) {
    const line: number | undefined = error.line;
    const column: number | undefined = error.source?.column;
    return `${error.errorName}: ${error.errorMessage} at ${error.file}:${line}:${error.column} (${error.source?.file}:${error.source?.line}:${column}) ${error.schedulerStack}`;
  }
  if (error instanceof InvalidResultError) return error.reason ?? '';
  if (error instanceof TimeoutError) return `${error.timeoutMs} ${error.elapsedMs}`;
  if (error instanceof OutOfMemoryError) return `${error.memoryBytes}`;
  if (error instanceof StackOverflowError) return `${error.stackBytes}`;
  if (error instanceof OutputTooLargeError) return `${error.chars}`;
  if (error instanceof EngineError || error instanceof InputError) return error.message;
  return `${name}: ${log}`;
}

// Tests may make the errors themselves (a stub engine, say).
const options: HarnessErrorOptions = { log: 'started\n', cause: new Error('inner') };
export const made: HarnessError[] = [
  new HarnessError('failed', options),
  new LoadError('main.js:1:1: syntax error', { code: 'SYNTAX', file: 'main.js', line: 1, column: 1, log: '' }),
  new SchedulerError('main.js:3:5: TypeError: x', { errorName: 'TypeError', errorMessage: 'x', file: 'main.js', line: 3, column: 5, schedulerStack: '' }),
  new InvalidResultError('invalid return value: log must be a string', { reason: 'log must be a string' }),
  new TimeoutError('the scheduler run exceeded its time budget of 5 ms', { timeoutMs: 5, elapsedMs: 6 }),
  new OutOfMemoryError('out of memory', { memoryBytes: 1024 }),
  new StackOverflowError('overflowed the stack', { stackBytes: 1024 }),
  new EngineError('crashed'),
  new InputError('the scheduler input must be an object'),
  new OutputTooLargeError('too long', { chars: 1e9 }),
];
