// A Node host that calls a scheduler.wasm exactly as verwalter 0.13.4 does
// (its src/daemon/wasm.rs): the imports it offers, with their semantics;
// alloc, write the input, scheduler, dealloc the input; ONE JSON value read
// at the returned pointer, what follows it ignored; dealloc of that pointer;
// and after a trap or a failed alloc/dealloc, a fresh instance on the next
// call. What verwalter would log or fail with is reported the same way.

import { readFileSync } from 'node:fs';
import { describeModule, settingsOf } from './binary.mjs';
import { sortKeys } from '../json.mjs';

// verwalter's import resolver: env.log_panic and a few math functions, whose
// results depend on the argument types of the import's signature.
function mathImport(name, { params }) {
  const [a, b] = params;
  const float = (t) => t === 'f32' || t === 'f64';
  const f32 = (x) => Math.fround(x);
  const round = (t, x) => (t === 'f32' ? f32(x) : x);
  switch (name) {
    case 'pow':
      if (a === 'i32' && b === 'i32') return (x, y) => Number(BigInt.asIntN(32, BigInt(x) ** BigInt(y >>> 0)));
      if (a === 'i64' && b === 'i32') return (x, y) => BigInt.asIntN(64, x ** BigInt(y >>> 0));
      if (float(a)) return (x, y) => round(a, Math.pow(x, Number(y)));
      break;
    case 'fmod':
      if (float(a) && a === b) return (x, y) => round(a, x % y);
      break;
    case 'exp2':
    case 'exp2f':
      return (x) => round(a, 2 ** Number(x));
    case 'ldexp':
    case 'ldexpf':
      // (float, i32) is a * 2^b; (float, float) is verwalter's exp2(a * b).
      if (float(a) && b === 'i32') return (x, y) => round(a, x * 2 ** y);
      if (float(a) && a === b) return (x, y) => round(a, 2 ** round(a, x * y));
      break;
    case 'log10':
    case 'log10f':
      return (x) => round(a, Math.log10(Number(x)));
    default:
      return null;
  }
  return () => {
    throw new WebAssembly.RuntimeError(`invalid arguments for ${name}`);
  };
}

const MATH = new Set(['pow', 'fmod', 'exp2', 'exp2f', 'ldexp', 'ldexpf', 'log10', 'log10f']);

// What verwalter refuses at load: anything but these functions of `env`.
export function importProblem(imports) {
  for (const entry of imports) {
    if (entry.module !== 'env' || entry.kind !== 'function') return `import ${entry.module}.${entry.name} (${entry.kind}) not found`;
    if (entry.name === 'log_panic') {
      const { params, results } = entry.type;
      if (params.length !== 5 || params.some((t) => t !== 'i32') || results.length) return 'import env.log_panic expects an invalid signature';
    } else if (!MATH.has(entry.name)) return `import env.${entry.name} not found`;
    else if (entry.type.params.length !== (entry.name.startsWith('pow') || entry.name.startsWith('fmod') || entry.name.startsWith('ldexp') ? 2 : 1)) {
      return `import env.${entry.name} expects an invalid signature`;
    }
  }
  return null;
}

export class WasmHostError extends Error {
  constructor(message, { trapped = false, panics = [] } = {}) {
    super(message);
    this.name = 'WasmHostError';
    this.trapped = trapped;
    this.panics = panics;
  }
}

// The end of the one JSON value starting at `at` (after white space), as
// serde_json's stream reader finds it; -1 when it never ends.
function valueEnd(bytes, at) {
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  const first = bytes[at];
  if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
    let end = at;
    while (end < bytes.length && /[-+.\w]/.test(String.fromCharCode(bytes[end]))) end++;
    return end;
  }
  let depth = 0;
  let inString = false;
  for (let i = at; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

const U64 = /^(0|[1-9][0-9]*)$/;

// verwalter's SchedulerResult: schedule any JSON, log a string, actions an
// optional map whose keys are u64.
function schedulerResult(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('invalid type: expected struct SchedulerResult');
  if (!('schedule' in value)) throw new Error('missing field `schedule`');
  if (typeof value.log !== 'string') throw new Error(value.log === undefined ? 'missing field `log`' : 'invalid type for `log`: expected a string');
  const actions = value.actions ?? {};
  if (typeof actions !== 'object' || Array.isArray(actions)) throw new Error('invalid type for `actions`: expected a map');
  for (const key of Object.keys(actions)) {
    if (!U64.test(key) || BigInt(key) >= 2n ** 64n) throw new Error(`invalid value: actions key ${JSON.stringify(key)} is not a u64`);
  }
  return { schedule: value.schedule, log: value.log, actions };
}

// One scheduler.wasm, instantiated as verwalter does; `file` a path or the bytes.
export class WasmScheduler {
  constructor(file) {
    this.bytes = typeof file === 'string' ? readFileSync(file) : Buffer.from(file);
    const shape = describeModule(this.bytes);
    const problem = importProblem(shape.imports);
    if (problem) throw new WasmHostError(`error instantiating wasm: ${problem}`);
    if (!shape.exports.some((e) => e.name === 'memory' && e.kind === 'memory')) throw new WasmHostError('no memory exported');
    this.module = new WebAssembly.Module(this.bytes);
    this.imports = shape.imports;
    this.panics = [];
    this.instances = 0;
    this.instantiate();
  }

  instantiate() {
    const env = {};
    for (const entry of this.imports) {
      env[entry.name] = entry.name === 'log_panic' ? (...args) => this.logPanic(...args) : mathImport(entry.name, entry.type);
    }
    this.instance = new WebAssembly.Instance(this.module, { env });
    this.exports = this.instance.exports;
    this.failed = false;
    this.instances++;
  }

  text(at, length) {
    if (!length) return null;
    return Buffer.from(this.exports.memory.buffer, at >>> 0, length >>> 0).toString('utf8');
  }

  logPanic(payloadAt, payloadLength, fileAt, fileLength, line) {
    const payload = this.text(payloadAt, payloadLength) ?? '<non-str payload>';
    const file = this.text(fileAt, fileLength) ?? '<unknown file>';
    this.panics.push(`Scheduler panicked at ${JSON.stringify(file)}:${line >>> 0}: ${JSON.stringify(payload)}`);
  }

  // An export call; a trap marks the instance failed, as verwalter does.
  invoke(name, ...args) {
    try {
      return { value: this.exports[name](...args) };
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) && !(error instanceof RangeError)) throw error;
      this.failed = true;
      return { trap: error };
    }
  }

  // Runs the scheduler on `input` (JSON text, or a value verwalter would
  // serialize: keys sorted, as serde_json's maps are). Resolves to
  // {schedule, log, actions, text, panics}; throws WasmHostError where
  // verwalter's run fails ("Scheduling failed: ...").
  call(input) {
    const text = typeof input === 'string' ? input : JSON.stringify(sortKeys(input));
    if (this.failed) this.instantiate();
    this.panics = [];
    const fail = (message, trap) => new WasmHostError(message, { trapped: Boolean(trap), panics: this.panics });
    const bytes = Buffer.from(text, 'utf8');
    const allocated = this.invoke('alloc', bytes.length);
    if (allocated.trap) throw fail(`failed to allocate memory: ${allocated.trap.message}`, allocated.trap);
    const at = allocated.value >>> 0;
    if (at + bytes.length > this.exports.memory.buffer.byteLength) throw fail('failed to write memory: out of bounds');
    new Uint8Array(this.exports.memory.buffer, at, bytes.length).set(bytes);
    const returned = this.invoke('scheduler', at, bytes.length);
    const freed = this.invoke('dealloc', at);
    if (freed.trap) throw fail(`failed to deallocate memory: ${freed.trap.message}`, freed.trap);
    if (returned.trap) throw fail(`bad scheduler result: ${returned.trap.message}`, returned.trap);
    const resultAt = returned.value >>> 0;
    const memory = new Uint8Array(this.exports.memory.buffer);
    if (resultAt >= memory.length) throw fail(`scheduler returned offset ${resultAt} but memory size is ${memory.length}`);
    const end = valueEnd(memory, resultAt);
    if (end < 0) throw fail('failed to deserialize scheduler result: EOF while parsing a value');
    const resultText = Buffer.from(memory.subarray(resultAt, end)).toString('utf8');
    let value;
    try {
      value = schedulerResult(JSON.parse(resultText));
    } catch (error) {
      throw fail(`failed to deserialize scheduler result: ${error.message}`);
    }
    const freedResult = this.invoke('dealloc', resultAt);
    if (freedResult.trap) throw fail(`failed to deallocate memory: ${freedResult.trap.message}`, freedResult.trap);
    return { ...value, text: resultText, panics: this.panics };
  }

  // What the last run counted against its budget: {units, checks (of
  // QuickJS's interrupt handler), parsed, compared, written (bytes)}.
  get lastWork() {
    const { last_units: units, last_checks: checks, last_parsed: parsed, last_compared: compared, last_written: written } = settingsOf(Buffer.from(this.exports.memory.buffer));
    return { units, checks, parsed, compared, written };
  }

  get memoryBytes() {
    return this.exports.memory.buffer.byteLength;
  }
}
