// Typed failures of a scheduler run. Every one carries `log`: what the
// scheduler printed before it failed, since that is usually the only clue to
// why an endless loop or an allocation bomb happened.

export class HarnessError extends Error {
  constructor(message, { log = '', cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.log = log;
  }
}

// The scheduler directory could not be turned into a callable `scheduler`.
// `code`: NO_MAIN (no main.js or no directory), SYNTAX, NO_EXPORT, or EVAL
// (a module threw while being evaluated, e.g. a failed require).
export class LoadError extends HarnessError {
  constructor(message, { code, file, line, column, schedulerStack, ...rest } = {}) {
    super(message, rest);
    this.code = code;
    this.file = file;
    this.line = line;
    this.column = column;
    this.schedulerStack = schedulerStack;
  }
}

// `scheduler(input)` threw. `errorName`/`errorMessage` are the thrown value's,
// `file:line:column` its innermost frame inside the scheduler directory.
export class SchedulerError extends HarnessError {
  constructor(message, { errorName, errorMessage, file, line, column, schedulerStack, ...rest } = {}) {
    super(message, rest);
    this.errorName = errorName;
    this.errorMessage = errorMessage;
    this.file = file;
    this.line = line;
    this.column = column;
    this.schedulerStack = schedulerStack;
  }
}

// The scheduler returned, but not `{schedule: {...}, log: "...", actions?: {...}}`.
// Verwalter reports this as "invalid return value".
export class InvalidResultError extends HarnessError {
  constructor(message, { reason, ...rest } = {}) {
    super(message, rest);
    this.reason = reason;
  }
}

export class TimeoutError extends HarnessError {
  constructor(message, { timeoutMs, elapsedMs, ...rest } = {}) {
    super(message, rest);
    this.timeoutMs = timeoutMs;
    this.elapsedMs = elapsedMs;
  }
}

export class OutOfMemoryError extends HarnessError {
  constructor(message, { memoryBytes, ...rest } = {}) {
    super(message, rest);
    this.memoryBytes = memoryBytes;
  }
}

export class StackOverflowError extends HarnessError {
  constructor(message, { stackBytes, ...rest } = {}) {
    super(message, rest);
    this.stackBytes = stackBytes;
  }
}

// The input can't be given to a scheduler: not an object, a bad `now`, or
// nested deeper than the host can walk.
export class InputError extends HarnessError {}

// A result (or its JSON text) longer than a JavaScript string can hold.
// `chars`: how long it is, when known.
export class OutputTooLargeError extends HarnessError {
  constructor(message, { chars, ...rest } = {}) {
    super(message, rest);
    this.chars = chars;
  }
}

// The wasm engine itself failed in a way none of the limits explains
// (an abort inside QuickJS). The instance is discarded; the next run is fresh.
export class EngineError extends HarnessError {}

// Errors cross from the engine thread (worker.mjs) to the caller as plain
// data: the class by name, the message, the stack from where it was made,
// every own field and the cause. errorFromData rebuilds the same class with
// the same fields.
const HARNESS_CLASSES = {
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
};
const BUILTIN_CLASSES = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

export function errorToData(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: `uncaught ${String(error)}`, fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) if (key !== 'name') fields[key] = value;
  const data = { name: error.name, message: error.message, stack: error.stack, fields };
  if ('cause' in error) data.cause = errorToData(error.cause);
  return data;
}

export function errorFromData({ name, message, stack, fields, cause }) {
  const options = cause === undefined ? {} : { cause: errorFromData(cause) };
  let error;
  if (Object.hasOwn(HARNESS_CLASSES, name)) {
    error = new HARNESS_CLASSES[name](message, { ...fields, ...options });
  } else {
    error = new (Object.hasOwn(BUILTIN_CLASSES, name) ? BUILTIN_CLASSES[name] : Error)(message, options);
    if (error.name !== name) error.name = name;
    Object.assign(error, fields);
  }
  if (stack !== undefined) error.stack = stack;
  return error;
}
