// The engine thread's side (see thread.mjs): takes one job at a time, runs it
// in a fresh QuickJS session, and replies. Each operation's deadline and the
// console output are mirrored into memory shared with the calling thread,
// whose watchdog terminates this thread if an operation overruns its budget
// where QuickJS's interrupt handler cannot stop it.
//
// First comes {kind: 'init', wasmModule}, the compiled QuickJS. Jobs:
// {kind: 'load', root, limits, sources}, {kind: 'run', root, limits,
// sources, now, inputJson} (its seed is asked for when needed, and comes
// through shared memory), {kind: 'script', limits, now, bundleSource,
// bundleName, scriptSource, scriptName}. `sources` are the [id, wrapped
// source] pairs the scheduler has already read. Replies: {ok: true, value} or
// {ok: false, error} (errors.mjs's errorToData), with `sources`, the pairs
// read during this job, and `recycle`, whether this thread should go.

import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError, errorToData } from './errors.mjs';
import { modulesAt } from './loader.mjs';
import { openSession } from './session.mjs';
import { controlViews, LOG_LENGTH, PHASE, PHASES, SEED, SEED_FAILED, SEED_PENDING, SEED_STATE, SEED_WANTED } from './thread.mjs';
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

// The run's seed, derived by the calling thread when this one asks (the
// first Math.random of a run; the prelude keeps it from then on).
function publishedSeed() {
  if (Atomics.load(cells, SEED_STATE) === SEED_PENDING) parentPort.postMessage(SEED_WANTED);
  Atomics.wait(cells, SEED_STATE, SEED_PENDING);
  if (Atomics.load(cells, SEED_STATE) === SEED_FAILED) throw new Error('the random seed could not be derived from the input');
  return Atomics.load(cells, SEED);
}

let poisoned = false;
async function withSession(params, body) {
  const session = await openSession({ ...params, monitor });
  try {
    return body(session);
  } finally {
    poisoned = session.poisoned;
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
    return withSession({ modules, limits, now: job.now, seed: publishedSeed }, (session) => {
      session.load();
      const started = performance.now();
      const answerJson = session.call(job.inputJson);
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
  poisoned = false;
  const known = new Map(job.sources ?? []);
  const sources = new Map(known);
  let reply;
  try {
    reply = { ok: true, value: await perform(job, sources) };
  } catch (error) {
    reply = { ok: false, error: errorToData(error) };
  }
  reply.sources = [...sources].filter(([id]) => !known.has(id));
  reply.recycle = poisoned || (!reply.ok && ['OutOfMemoryError', 'EngineError'].includes(reply.error.name));
  try {
    parentPort.postMessage(reply);
  } catch (error) {
    const unsent = new EngineError(`the engine thread could not send its answer: ${error.message}`);
    parentPort.postMessage({ ok: false, error: errorToData(unsent), sources: [], recycle: true });
  }
});
