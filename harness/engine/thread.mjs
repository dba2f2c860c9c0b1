// The engine thread: every QuickJS operation runs in a worker thread
// (worker.mjs), so that the time budget is a hard wall-clock cap. QuickJS's
// interrupt handler only fires while JavaScript runs, so one slow built-in
// call (`new Array(1e8).join("")` loops in C for seconds) keeps it from firing.
// Here, on the calling thread, a watchdog reads each operation's deadline
// from memory shared with the worker, and once a deadline is GRACE_MS past,
// terminates the worker and rejects with the same TimeoutError, carrying the
// console output so far (also in shared memory). The next job gets a new
// worker.
//
// One worker serves every loaded scheduler and runScript, one job at a time
// (as runs were when they ran on the calling thread). It holds no state from
// one job to the next: each job opens a fresh QuickJS instance. It is unref'd,
// so an idle worker never keeps the process alive.

import { Worker } from 'node:worker_threads';
import { EngineError } from './errors.mjs';
import { doingOf, timeoutError } from './failure.mjs';
import { budgetOf, CONSOLE_CAP_CHARS, CONSOLE_NOTICE_MAX_CHARS } from './options.mjs';
import { quickjsWasm } from './wasm.mjs';

// How long past its deadline an operation may go on before the worker is
// terminated. In the common case QuickJS's interrupt handler stops the
// operation within a few milliseconds of its deadline, with a clean error
// from inside the engine; the grace lets that happen first.
export const GRACE_MS = 250;

// Node's default for worker threads, stated: QuickJS's wasm frames share
// this native stack, and the stackBytes limits are measured against it
// (with the default 256 KiB QuickJS's own limit is reached first).
const STACK_SIZE_MB = 4;

// The shared control block: the running operation's deadline (Date.now()
// milliseconds, 0 when none runs), its phase, and the console output's length
// in UTF-16 code units (the text itself is in the log buffer).
export const PHASES = Object.freeze(['', 'load', 'call']);
export const PHASE = 0;
export const LOG_LENGTH = 1;
export function controlViews(control) {
  return { deadline: new BigInt64Array(control, 0, 1), cells: new Int32Array(control, 8, 2) };
}
const CONTROL_BYTES = 16;
// Grows as the console output does, up to what the console cap allows.
const LOG_INITIAL_BYTES = 64 * 1024;
export const LOG_MAX_BYTES = (CONSOLE_CAP_CHARS + CONSOLE_NOTICE_MAX_CHARS) * 2;

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

function readLog(logBuffer, cells) {
  const length = Atomics.load(cells, LOG_LENGTH);
  const chars = new Uint16Array(logBuffer, 0, length);
  let text = '';
  for (let at = 0; at < length; at += 8192) text += String.fromCharCode.apply(null, chars.subarray(at, at + 8192));
  return text;
}

class EngineThread {
  constructor() {
    this.control = new SharedArrayBuffer(CONTROL_BYTES);
    this.logBuffer = new SharedArrayBuffer(LOG_INITIAL_BYTES, { maxByteLength: LOG_MAX_BYTES });
    ({ deadline: this.deadline, cells: this.cells } = controlViews(this.control));
    this.dead = false;
    this.job = null;
    this.worker = new Worker(WORKER_URL, {
      workerData: { control: this.control, logBuffer: this.logBuffer },
      resourceLimits: { stackSizeMb: STACK_SIZE_MB },
    });
    this.worker.on('message', (message) => (message.piece === undefined ? this.job?.settle(message) : this.piece(message)));
    this.worker.on('messageerror', (error) => this.crashed(error));
    this.worker.on('error', (error) => this.crashed(error));
    this.worker.on('exit', (code) => this.crashed(new Error(`the thread exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the thread again.
    this.worker.unref();
    // The thread starts while the module compiles; it arrives before any job.
    this.ready = quickjsWasm().then((wasmModule) => this.worker.postMessage({ kind: 'init', wasmModule }));
    this.ready.catch(() => {}); // dispatch() reports it
  }

  // A piece of a run's schedule. Should taking it fail, the run fails, and
  // the thread, still writing the rest, goes with it.
  piece({ piece, nested }) {
    const { job } = this;
    if (!job) return;
    try {
      job.onPiece(piece, nested);
    } catch (error) {
      this.retire();
      job.fail(error);
    }
  }

  phase() {
    return PHASES[Atomics.load(this.cells, PHASE)] || 'call';
  }

  log() {
    return readLog(this.logBuffer, this.cells);
  }

  retire() {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate().catch(() => {});
  }

  // The worker died on its own (an uncaught error, its V8 heap exhausted,
  // a failure to start).
  crashed(error) {
    const wasDead = this.dead;
    this.dead = true;
    this.failure ??= error;
    if (!this.job || wasDead) return;
    const message = `${doingOf(this.phase())} crashed the engine thread: ${error.message}`;
    this.job.fail(new EngineError(message, { log: this.log(), cause: error }));
  }

  // Resolves to the worker's reply; rejects with a TimeoutError when the
  // watchdog had to terminate the worker, or an EngineError when it died.
  // `onPiece(text, nested)` takes the pieces of a run's schedule as they come.
  request(job, onPiece) {
    const { limits } = job;
    // The shorter of the load and call budgets: no deadline falls due sooner.
    const shortest = Math.min(budgetOf(limits, 'load'), budgetOf(limits, 'call'));
    if (this.dead) {
      const reason = this.failure?.message ?? 'it was stopped';
      return Promise.reject(new EngineError(`the engine thread is gone: ${reason}`, { cause: this.failure }));
    }
    return new Promise((resolve, reject) => {
      let timer;
      const done = (settle) => (value) => {
        clearTimeout(timer);
        this.job = null;
        settle(value);
      };
      this.job = { settle: done(resolve), fail: done(reject), onPiece };
      // Wakes at the running operation's deadline plus the grace; with none
      // running, no deadline can fall due before the shortest budget from now.
      const watch = () => {
        const deadline = Number(Atomics.load(this.deadline, 0));
        const now = Date.now();
        if (deadline !== 0 && now >= deadline + GRACE_MS) {
          const phase = this.phase();
          const timeoutMs = budgetOf(limits, phase);
          const error = timeoutError({ phase, timeoutMs, log: this.log(), elapsedMs: now - (deadline - timeoutMs) });
          this.retire();
          this.job.fail(error);
          return;
        }
        timer = setTimeout(watch, (deadline !== 0 ? deadline : now + shortest) + GRACE_MS - now);
      };
      timer = setTimeout(watch, shortest + GRACE_MS);
      try {
        this.worker.postMessage(job);
      } catch (error) {
        this.job.fail(error);
      }
    });
  }
}

function ignore() {}

let current = null;
let queue = Promise.resolve();

// Starts the engine thread unless it is running, so that it boots while the
// caller prepares its first job.
export function startEngineThread() {
  if (!current || current.dead) current = new EngineThread();
  return current;
}

async function dispatch(job, onPiece) {
  const thread = startEngineThread();
  await thread.ready;
  const reply = await thread.request(job, onPiece);
  // After an out-of-memory error or an engine failure the worker goes, and
  // with it at once whatever memory it still holds.
  if (reply.recycle) thread.retire();
  return reply;
}

// Runs one job (see worker.mjs) in the engine thread, after those before it.
// Resolves to the reply {ok, value | error, sources}. A run's schedule may
// come in pieces, each given to `onPiece(text, nested)` as it arrives, while the
// engine thread writes the next (see prelude.mjs's written).
export function inEngineThread(job, onPiece = ignore) {
  const reply = queue.then(() => dispatch(job, onPiece));
  queue = reply.catch(() => {});
  return reply;
}
