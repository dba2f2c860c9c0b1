// One run: a fresh sandbox with the prelude installed, the host functions it
// calls back (console output, module resolution and compilation), and the
// conversion of every failure into a typed error.

import { ES5_BUILTINS } from './es5env.mjs';
import { LoadError } from './errors.mjs';
import { failureError, readException, topFrame } from './failure.mjs';
import { adjustColumn } from './loader.mjs';
import { PRELUDE_FILE, PRELUDE_SOURCE } from './prelude.mjs';
import { newSandbox } from './sandbox.mjs';

const ALLOWED_JSON = JSON.stringify(ES5_BUILTINS);
// Console output lives in Node's heap, outside the memory budget, so it gets
// a cap of its own: a scheduler printing in a loop must not take the host down.
const CONSOLE_CAP_CHARS = 16 * 1024 * 1024;

function consoleBuffer() {
  const lines = [];
  let size = 0;
  let full = false;
  return {
    append(line) {
      if (full) return;
      if (size + line.length >= CONSOLE_CAP_CHARS) {
        full = true;
        lines.push(`[harness: console output truncated after ${size} characters]\n`);
        return;
      }
      lines.push(`${line}\n`);
      size += line.length + 1;
    },
    text: () => lines.join(''),
  };
}

// No module loading for runScript: the bundle is a plain script there.
const NO_MODULES = {
  resolve(_from, request) {
    throw new Error(`require(${JSON.stringify(request)}): there are no modules here; the bundle is loaded as a plain script`);
  },
};

// `modules` as made by loader.mjs's directoryModules (or null), `limits` the
// normalized options, `now` and `seed` what determinism.mjs derived.
export async function openSession({ modules, limits, now, seed }) {
  const sandbox = await newSandbox(limits);
  const { vm } = sandbox;
  const output = consoleBuffer();
  const source = modules ?? NO_MODULES;
  const wrapped = new Set();
  const scripts = new Set();
  const owned = [];
  const own = (handle) => {
    owned.push(handle);
    return handle;
  };
  // A LoadError thrown by compile() reaches QuickJS as a plain Error; this
  // keeps the original (with its file and line) to rethrow on the host side.
  let compileFailure = null;

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
    if (compileFailure && exception?.message === compileFailure.message) {
      compileFailure.log = log;
      return compileFailure;
    }
    if (exception) exception.stack = cleanStack(exception.stack);
    const { interrupted, memoryExhausted } = sandbox;
    return failureError({ phase, exception, hostError, interrupted, memoryExhausted, limits, log, frameOf });
  }

  // Runs one QuickJS operation under the time budget; returns its value
  // handle, or throws the typed error for whatever stopped it.
  function guarded(phase, operation) {
    sandbox.startClock(limits.timeoutMs);
    let result;
    try {
      result = operation();
    } catch (hostError) {
      sandbox.poison();
      throw failure(phase, { hostError });
    }
    if (result.error) {
      const exception = readException(vm, result.error);
      try {
        result.error.dispose();
      } catch {
        // Nothing left to free it with after an out-of-memory error.
      }
      throw failure(phase, { exception });
    }
    return own(result.value);
  }

  const host = own(vm.newObject());
  const hostFunctions = {
    log: (text) => output.append(vm.getString(text)),
    resolve: (from, request) => {
      const name = vm.typeof(request) === 'string' ? vm.getString(request) : undefined;
      return vm.newString(source.resolve(vm.getString(from), name));
    },
    compile: (idHandle) => {
      const id = vm.getString(idHandle);
      let code;
      try {
        code = source.wrappedSource(id);
      } catch (error) {
        if (error instanceof LoadError) compileFailure = error;
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
  const entry = (name) => own(vm.getProp(api, name));
  try {
    const prelude = guarded('load', () => vm.evalCode(PRELUDE_SOURCE, PRELUDE_FILE));
    const args = [vm.global, host, own(vm.newNumber(now)), own(vm.newNumber(seed)), limits.es5 ? own(vm.newString(ALLOWED_JSON)) : vm.null];
    api = guarded('load', () => vm.callFunction(prelude, vm.undefined, ...args));
  } catch (error) {
    sandbox.dispose();
    throw error;
  }
  const [loadFn, callFn, jsonFn] = ['load', 'call', 'json'].map(entry);

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

    // The prelude's verdict on scheduler(input): {ok: {...}} or {invalid, log}.
    call(inputJson) {
      const input = own(vm.newString(inputJson));
      return JSON.parse(vm.getString(guarded('call', () => vm.callFunction(callFn, api, input))));
    },

    // A plain (non-module) script; its completion value, through JSON.
    evalScript(code, file, phase) {
      scripts.add(file);
      const value = guarded(phase, () => vm.evalCode(code, file));
      const json = guarded(phase, () => vm.callFunction(jsonFn, api, value));
      return vm.typeof(json) === 'string' ? JSON.parse(vm.getString(json)) : undefined;
    },

    close() {
      // A poisoned instance is dropped whole; calling into it again is unsafe.
      if (sandbox.poisoned) return;
      try {
        for (const handle of owned.reverse()) if (handle.alive) handle.dispose();
      } catch {
        // After an out-of-memory error freeing can fail too; the instance goes anyway.
      }
      sandbox.dispose();
    },
  };
}
