// Turns whatever stopped a run (a QuickJS exception, a host exception out of
// the wasm, an expired clock) into one of the typed errors of errors.mjs.

import {
  EngineError,
  LoadError,
  OutOfMemoryError,
  SchedulerError,
  StackOverflowError,
  TimeoutError,
} from './errors.mjs';
import { budgetOf, formatBytes } from './options.mjs';

// Reads name/message/stack off a thrown QuickJS value without JSON: after an
// out-of-memory error there may be no memory left to serialize it. Returns
// null when even that fails.
export function readException(vm, handle) {
  try {
    const type = vm.typeof(handle);
    if (type !== 'object' || vm.sameValue(handle, vm.null)) return { name: '', message: String(vm.dump(handle)), stack: '' };
    const read = (key) => {
      const value = vm.getProp(handle, key);
      try {
        return vm.typeof(value) === 'string' ? vm.getString(value) : undefined;
      } finally {
        value.dispose();
      }
    };
    const name = read('name');
    const message = read('message');
    if (name === undefined && message === undefined) {
      return { name: '', message: JSON.stringify(vm.dump(handle)) ?? 'undefined', stack: '' };
    }
    return { name: name ?? 'Error', message: message ?? '', stack: read('stack') ?? '' };
  } catch {
    return null;
  }
}

// The innermost frame in a file of the scheduler's own (not the harness's).
// scheduler.wasm's QuickJS (2021-03-27) writes no column, and no line for a
// function written on one line: those parts are left out.
export function topFrame(stack, isOwnFile) {
  for (const line of stack.split('\n')) {
    const match = /at (?:.*\()?([^():\s]+)(?::(\d+))?(?::(\d+))?\)?\s*$/.exec(line);
    if (match && isOwnFile(match[1])) {
      const frame = { file: match[1] };
      if (match[2] !== undefined) frame.line = Number(match[2]);
      if (match[3] !== undefined) frame.column = Number(match[3]);
      return frame;
    }
  }
  return {};
}

// "file:line:column" of a frame, with what it has.
export function frameText(frame) {
  return ['file', 'line', 'column'].map((key) => frame[key]).filter((part) => part !== undefined).join(':');
}

function isStackOverflow(message) {
  return /stack overflow|Maximum call stack size exceeded/i.test(message);
}

export function doingOf(phase) {
  return phase === 'load' ? 'loading the scheduler' : 'the scheduler run';
}

// Both ways a run can run out of time end here: QuickJS's interrupt handler
// (or an operation that returned past its deadline) inside the engine
// thread, and the main thread's watchdog terminating that thread.
// `timeoutMs` is the budget of the phase that ran out: loading has its own
// (limits.loadTimeoutMs), apart from the run's.
export function timeoutError({ phase, timeoutMs, log, elapsedMs }) {
  const budget = phase === 'load' ? `load time budget of ${timeoutMs} ms (loadTimeoutMs, --load-timeout; verwalter allows loading 10 s)` : `time budget of ${timeoutMs} ms`;
  return new TimeoutError(`${doingOf(phase)} exceeded its ${budget}`, { timeoutMs, elapsedMs, log });
}

function outOfMemory(doing, memoryBytes, log) {
  return new OutOfMemoryError(`${doing} ran out of memory (budget ${formatBytes(memoryBytes)})`, { memoryBytes, log });
}

// `phase` is 'load' (evaluating modules) or 'call' (the scheduler function).
// `exception` is what readException gave (null: unreadable), `hostError` an
// exception that came out of the wasm itself; `frameOf(stack)` finds the
// scheduler's own innermost frame.
export function failureError({ phase, exception, hostError, interrupted, memoryExhausted, limits, log, frameOf }) {
  const { memoryBytes, stackBytes } = limits;
  const doing = doingOf(phase);
  const timeout = () => timeoutError({ phase, timeoutMs: budgetOf(limits, phase), log });
  if (interrupted) return timeout();
  if (hostError) {
    if (hostError instanceof RangeError && isStackOverflow(hostError.message)) {
      return new StackOverflowError(
        `${doing} overflowed the stack (Node's native stack ran out before QuickJS's limit of ${formatBytes(stackBytes)})`,
        { stackBytes, log, cause: hostError },
      );
    }
    if (memoryExhausted) return outOfMemory(doing, memoryBytes, log);
    return new EngineError(`${doing} crashed the engine: ${hostError.message}`, { log, cause: hostError });
  }
  if (!exception) {
    if (memoryExhausted) return outOfMemory(doing, memoryBytes, log);
    return new EngineError(`${doing} failed with an exception that cannot be read`, { log });
  }
  const { name, message, stack } = exception;
  if (name === 'InternalError' && message === 'out of memory') return outOfMemory(doing, memoryBytes, log);
  if (name === 'InternalError' && message === 'interrupted') return timeout();
  if (isStackOverflow(message)) {
    return new StackOverflowError(`${doing} overflowed the stack (limit ${formatBytes(stackBytes)})`, { stackBytes, log });
  }
  // With the heap at its cap QuickJS may not even manage to build its error
  // and throws null, or the scheduler's code fails in odd ways first.
  if (memoryExhausted) return outOfMemory(doing, memoryBytes, log);
  const frame = frameOf(stack);
  if (phase === 'load') {
    const code = name === 'SyntaxError' && frame.file ? 'SYNTAX' : 'EVAL';
    const { where, thrown } = headline(exception, frame);
    return new LoadError(`${where}loading the scheduler failed: ${thrown}`, { code, ...frame, schedulerStack: stack, log });
  }
  return schedulerError(exception, frame, log);
}

// "file:line:column: " (or nothing) and "Name: message".
function headline({ name, message }, frame) {
  return {
    where: frame.file ? `${frameText(frame)}: ` : '',
    thrown: name ? `${name}: ${message}` : `uncaught ${message}`,
  };
}

// The scheduler threw {name, message, stack}; `frame` is its innermost own
// frame ({file, line, column} or {}).
export function schedulerError(exception, frame, log) {
  const { name, message, stack } = exception;
  const { where, thrown } = headline(exception, frame);
  return new SchedulerError(`${where}${thrown}`, { errorName: name, errorMessage: message, ...frame, schedulerStack: stack, log });
}
