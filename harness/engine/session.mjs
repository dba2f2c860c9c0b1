// One run: a fresh sandbox with the prelude installed, the host functions it
// calls back (console output, module resolution and compilation), and the
// conversion of every failure into a typed error. Sessions live in an engine
// thread (worker.mjs); `monitor` lets the main thread watch each operation's
// deadline and see the console output so far (thread.mjs).

import { ES5_BUILTINS } from './es5env.mjs';
import { constants } from 'node:buffer';
import { LoadError, OutputTooLargeError } from './errors.mjs';
import { failureError, readException, topFrame } from './failure.mjs';
import { adjustColumn, checkSyntax } from './loader.mjs';
import { budgetOf, CONSOLE_CAP_CHARS } from './options.mjs';
import { PRELUDE_FILE, PRELUDE_SOURCE } from './prelude.mjs';
import { newSandbox } from './sandbox.mjs';

const ALLOWED_JSON = JSON.stringify(ES5_BUILTINS);

// `mirror(text)` sees every piece as it is appended.
function consoleBuffer(mirror) {
  const lines = [];
  let size = 0;
  let full = false;
  const push = (text) => {
    lines.push(text);
    mirror(text);
  };
  return {
    append(line) {
      if (full) return;
      if (size + line.length >= CONSOLE_CAP_CHARS) {
        full = true;
        push(`[harness: console output truncated after ${size} characters]\n`);
        return;
      }
      push(`${line}\n`);
      size += line.length + 1;
    },
    text: () => lines.join(''),
    // A kept engine (a simulation) starts each run's output afresh.
    clear() {
      lines.length = 0;
      size = 0;
      full = false;
    },
  };
}

// No module loading for runScript: the bundle is a plain script there.
const NO_MODULES = {
  resolve(_from, request) {
    throw new Error(`require(${JSON.stringify(request)}): there are no modules here; the bundle is loaded as a plain script`);
  },
};

function ignore() {}
const UNWATCHED = { clock: ignore, log: ignore };

// `modules` as made by loader.mjs's directoryModules (or null), `limits` the
// normalized options, `now` and `seed` what determinism.mjs derived.
// `monitor.clock(phase, deadline)` is told when an operation starts (its
// Date.now() deadline) and ends (0); `monitor.log(text)` each piece of
// console output.
export async function openSession({ modules, limits, now, seed, monitor = UNWATCHED }) {
  // A number, or a function giving it when Math.random is first called.
  const seedOf = typeof seed === 'function' ? seed : () => seed;
  const sandbox = await newSandbox(limits);
  const { vm } = sandbox;
  const output = consoleBuffer(monitor.log);
  const source = modules ?? NO_MODULES;
  const wrapped = new Set();
  const scripts = new Set();
  // A LoadError thrown by compile() or an OutputTooLargeError by piece()
  // reaches QuickJS as a plain Error; this keeps the original (with its file
  // and line, or size) to rethrow on the host side.
  let hostFailure = null;
  // Where call() sends the schedule's pieces (see prelude.mjs's written).
  let pieceSink = null;

  // The scheduler's stack as its author knows it: without the harness's own
  // frames, and with the columns module wrappers shift on line 1 undone.
  const cleanStack = (stack) =>
    stack
      .split('\n')
      .filter((frame) => !frame.includes(`${PRELUDE_FILE}:`))
      .join('\n')
      .replace(/([^()\s]+):(\d+):(\d+)/g, (all, file, line, column) =>
        wrapped.has(file) ? `${file}:${line}:${adjustColumn(Number(line), Number(column))}` : all,
      );
  const frameOf = (stack) => topFrame(stack, (file) => wrapped.has(file) || scripts.has(file));

  function failure(phase, { exception = null, hostError = null }) {
    const log = output.text();
    if (hostFailure && exception?.message === hostFailure.message) {
      hostFailure.log = log;
      return hostFailure;
    }
    if (exception) exception.stack = cleanStack(exception.stack);
    const { interrupted, memoryExhausted } = sandbox;
    return failureError({ phase, exception, hostError, interrupted, memoryExhausted, limits, log, frameOf });
  }

  // Runs one QuickJS operation under its phase's time budget; returns its value
  // handle, or throws the typed error for whatever stopped it. The monitor
  // watches until the outcome has been read, scheduler getters included.
  function guarded(phase, operation) {
    monitor.clock(phase, sandbox.startClock(budgetOf(limits, phase)));
    try {
      let result;
      try {
        result = operation();
      } catch (hostError) {
        sandbox.poison();
        sandbox.checkClock();
        throw failure(phase, { hostError });
      }
      sandbox.checkClock();
      if (result.error) {
        const exception = readException(vm, result.error);
        try {
          result.error.dispose();
        } catch {
          // Nothing left to free it with after an out-of-memory error.
        }
        throw failure(phase, { exception });
      }
      const value = result.value;
      // Finished, but only after its deadline (one long built-in call).
      if (sandbox.interrupted) throw failure(phase, {});
      return value;
    } finally {
      monitor.clock(phase, 0);
    }
  }

  // A JSON text QuickJS wrote that is too long for a V8 string.
  function tooLarge(handle, what) {
    const chars = vm.getProp(handle, 'length').consume((length) => vm.getNumber(length));
    return new OutputTooLargeError(`${what} is ${chars} characters, more than the ${constants.MAX_STRING_LENGTH} a JavaScript string can hold`, {
      chars,
      log: output.text(),
    });
  }

  const host = vm.newObject();
  const hostFunctions = {
    log: (text) => output.append(vm.getString(text)),
    seed: () => vm.newNumber(seedOf()),
    resolve: (from, request) => {
      const name = vm.typeof(request) === 'string' ? vm.getString(request) : undefined;
      return vm.newString(source.resolve(vm.getString(from), name));
    },
    piece: (text, nested) => {
      try {
        pieceSink(vm.getString(text), vm.dump(nested) === true);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        hostFailure = tooLarge(text, 'the JSON text of a member of the schedule');
        throw hostFailure;
      }
    },
    // eval and Function's source, in ES5 mode (prelude.mjs).
    checkSource: (sourceHandle, kindHandle) => {
      checkSyntax(vm.getString(sourceHandle), `<${vm.getString(kindHandle)}>`, limits);
    },
    compile: (idHandle) => {
      const id = vm.getString(idHandle);
      let code;
      try {
        code = source.wrappedSource(id);
      } catch (error) {
        if (error instanceof LoadError) hostFailure = error;
        throw error;
      }
      wrapped.add(id);
      return vm.evalCode(code, id);
    },
  };
  for (const [name, implementation] of Object.entries(hostFunctions)) {
    vm.newFunction(name, implementation).consume((fn) => vm.setProp(host, name, fn));
  }

  let api;
  const entry = (name) => vm.getProp(api, name);
  try {
    const prelude = guarded('load', () => vm.evalCode(PRELUDE_SOURCE, PRELUDE_FILE));
    const args = [vm.global, host, vm.newNumber(now), limits.es5 ? vm.newString(ALLOWED_JSON) : vm.null];
    api = guarded('load', () => vm.callFunction(prelude, vm.undefined, ...args));
  } catch (error) {
    sandbox.dispose();
    throw error;
  }
  const [loadFn, callFn, jsonFn, tickFn, verdictFn] = ['load', 'call', 'json', 'tick', 'verdict'].map(entry);

  // Runs fn(name, argJson) of an extension; the handles go at once, since a
  // kept engine makes many calls.
  function invoke(entries, name, argJson) {
    output.clear();
    const fn = vm.getProp(entries, name);
    const arg = vm.newString(argJson);
    try {
      const value = guarded('call', () => vm.callFunction(fn, entries, arg));
      const text = vm.getString(value);
      value.dispose();
      return text;
    } finally {
      if (fn.alive) fn.dispose();
      if (arg.alive) arg.dispose();
    }
  }

  return {
    consoleText: () => output.text(),

    // Evaluates main.js (and what it requires); throws unless it exports
    // a scheduler function.
    load() {
      const exported = vm.getString(guarded('load', () => vm.callFunction(loadFn, api)));
      if (exported) {
        throw new LoadError(`main.js must export a scheduler function (module.exports.scheduler is ${exported})`, {
          code: 'NO_EXPORT',
          file: 'main.js',
          log: output.text(),
        });
      }
    },

    // The JSON text of the prelude's answer to scheduler(input): {ok: {...}},
    // {pieces: n, ok: {log, actions}} with the schedule's n pieces given to
    // onPiece(text, nested) as they were written, or {invalid, log}.
    call(inputJson, onPiece) {
      if (typeof onPiece !== 'function') throw new TypeError('call(inputJson, onPiece): onPiece takes the pieces of the schedule');
      const input = vm.newString(inputJson);
      pieceSink = onPiece;
      const answer = guarded('call', () => vm.callFunction(callFn, api, input));
      try {
        return vm.getString(answer);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        throw tooLarge(answer, "the result's JSON text");
      }
    },

    // The in-engine half of a simulation (harness/simulate/): `source` is an
    // ES5 function expression, called once with the prelude's tick(input,
    // now, seedOf) and verdict(result) and returning an object of functions from JSON text to
    // JSON text. Resolves to call(name, argJson); each call starts the
    // console output afresh. Call load() first.
    extend(source, file) {
      scripts.add(file);
      const factory = guarded('load', () => vm.evalCode(source, file));
      const entries = guarded('load', () => vm.callFunction(factory, vm.undefined, tickFn, verdictFn));
      return (name, argJson) => invoke(entries, name, argJson);
    },

    // A plain (non-module) script; the JSON text of its completion value
    // (undefined when that is undefined).
    evalScript(code, file, phase) {
      scripts.add(file);
      const value = guarded(phase, () => vm.evalCode(code, file));
      const json = guarded(phase, () => vm.callFunction(jsonFn, api, value));
      return vm.typeof(json) === 'string' ? vm.getString(json) : undefined;
    },

    // Whether a host exception tore the instance (see sandbox.poison).
    get poisoned() {
      return sandbox.poisoned;
    },

    get memoryBytes() {
      return sandbox.memoryBytes;
    },

    // The instance goes whole, with the wasm memory that is its own
    // (sandbox.mjs), when nothing refers to this session any more: freeing
    // its heap object by object first gave nothing back (a wasm memory
    // never shrinks) and held up the answer (a tenth of a second for a
    // 30 MB input).
    close() {},
  };
}
