// The engine thread's side (see thread.mjs): takes one job at a time, runs it
// in a fresh QuickJS session, and replies. Each operation's deadline and the
// console output are mirrored into memory shared with the calling thread,
// whose watchdog terminates this thread if an operation overruns its budget
// where QuickJS's interrupt handler cannot stop it.
//
// First comes {kind: 'init', wasmModule}, the compiled QuickJS. Jobs:
// {kind: 'load', root, limits, sources}, {kind: 'run', root, limits,
// sources, now, inputJson}, {kind: 'script', limits, now, bundleSource,
// bundleName, scriptSource, scriptName}. `sources` are the [id, wrapped
// source] pairs the scheduler has already read. Replies: {ok: true, value} or
// {ok: false, error} (errors.mjs's errorToData), with `sources`, the pairs
// read during this job, and `recycle`, whether this thread should go. A run
// sends the pieces of its schedule ({piece, nested}) before its reply.

import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { seedFor } from './determinism.mjs';
import { EngineError, errorToData } from './errors.mjs';
import { modulesAt } from './loader.mjs';
import { openSession } from './session.mjs';
import { controlViews, LOG_LENGTH, PHASE, PHASES } from './thread.mjs';
import { useCompiledWasm } from './wasm.mjs';

const { control, logBuffer } = workerData;
const { deadline, cells } = controlViews(control);
// A fixed-length view, made again when the buffer grows: V8 writes through
// it several times faster than through a length-tracking one.
let chars = new Uint16Array(logBuffer, 0, logBuffer.byteLength / 2);
let logLength = 0;

const monitor = {
  clock(phase, at) {
    Atomics.store(cells, PHASE, PHASES.indexOf(phase));
    Atomics.store(deadline, 0, BigInt(Math.ceil(at)));
  },
  log(text) {
    const bytes = (logLength + text.length) * 2;
    if (bytes > logBuffer.byteLength) {
      if (bytes > logBuffer.maxByteLength) return;
      logBuffer.grow(Math.min(logBuffer.maxByteLength, Math.max(bytes, logBuffer.byteLength * 2)));
      chars = new Uint16Array(logBuffer, 0, logBuffer.byteLength / 2);
    }
    for (let i = 0; i < text.length; i++) chars[logLength + i] = text.charCodeAt(i);
    logLength += text.length;
    Atomics.store(cells, LOG_LENGTH, logLength);
  },
};

// The run's seed: of the input as the scheduler reads it (its JSON text,
// whatever the key order), derived only when the scheduler first calls
// Math.random (the prelude keeps it from then on): most never do, and it
// walks the whole input.
function seedOfText(inputJson) {
  return () => {
    try {
      return seedFor(JSON.parse(inputJson));
    } catch {
      throw new Error('the random seed could not be derived from the input');
    }
  };
}

// A thread whose last instance grew its wasm memory past this goes after
// the job: that memory is freed only when this thread's collector gets to
// it, which an idle thread may never do, and a CLI run of a large input
// would write its result beside a dead instance's heap.
const RECYCLE_AFTER_BYTES = 128 * 1024 * 1024;

// Whether this thread should go once it has replied.
let recycle = false;
async function withSession(params, body) {
  const session = await openSession({ ...params, monitor });
  try {
    return body(session);
  } finally {
    recycle = session.poisoned || session.memoryBytes > RECYCLE_AFTER_BYTES;
    session.close();
  }
}

function perform(job, sources) {
  const { limits } = job;
  if (job.kind === 'load') {
    const modules = modulesAt(job.root, limits, sources);
    return withSession({ modules, limits, now: 0, seed: 0 }, (session) => session.load());
  }
  if (job.kind === 'run') {
    const modules = modulesAt(job.root, limits, sources);
    return withSession({ modules, limits, now: job.now, seed: seedOfText(job.inputJson) }, (session) => {
      session.load();
      const started = performance.now();
      // The schedule's pieces go out as they are written (see thread.mjs).
      const answerJson = session.call(job.inputJson, (piece, nested) => parentPort.postMessage({ piece, nested }));
      const duration = performance.now() - started;
      return { answerJson, consoleText: session.consoleText(), duration };
    });
  }
  if (job.kind === 'script') {
    return withSession({ modules: null, limits, now: job.now, seed: 0 }, (session) => {
      session.evalScript(job.bundleSource, job.bundleName, 'load');
      return session.evalScript(job.scriptSource, job.scriptName, 'call');
    });
  }
  throw new Error(`unknown job ${JSON.stringify(job.kind)}`);
}

parentPort.on('message', async (job) => {
  if (job.kind === 'init') {
    useCompiledWasm(job.wasmModule);
    return;
  }
  monitor.clock('', 0);
  logLength = 0;
  Atomics.store(cells, LOG_LENGTH, 0);
  recycle = false;
  const known = new Map(job.sources ?? []);
  const sources = new Map(known);
  let reply;
  try {
    reply = { ok: true, value: await perform(job, sources) };
  } catch (error) {
    reply = { ok: false, error: errorToData(error) };
  }
  reply.sources = [...sources].filter(([id]) => !known.has(id));
  reply.recycle = recycle || (!reply.ok && ['OutOfMemoryError', 'EngineError'].includes(reply.error.name));
  try {
    parentPort.postMessage(reply);
  } catch (error) {
    const unsent = new EngineError(`the engine thread could not send its answer: ${error.message}`);
    parentPort.postMessage({ ok: false, error: errorToData(unsent), sources: [], recycle: true });
  }
});
