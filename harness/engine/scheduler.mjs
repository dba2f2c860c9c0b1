// Loading a scheduler directory and running it, as verwalter's JS engine
// would. Every run gets a fresh QuickJS instance and evaluates the modules
// anew, so no state survives between runs and equal inputs give equal results.
// The instances live in the engine thread (thread.mjs, worker.mjs), which
// makes the time budget a hard wall-clock cap; values cross as JSON text.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { nowOf } from './determinism.mjs';
import { errorFromData, InputError, LoadError } from './errors.mjs';
import { withEs5Hint } from './es5hint.mjs';
import { isJsonObject } from '../json.mjs';
import { checkSyntax, directoryModules } from './loader.mjs';
import { withSourcePositions } from './sourcemap.mjs';
import { normalizeOptions, slowRunWarning } from './options.mjs';
import { answerOf, checkResult } from './result.mjs';
import { inEngineThread, startEngineThread } from './thread.mjs';
import { loadWasmScheduler } from '../wasm/scheduler.mjs';

// Runs a job in the engine thread; `sources` (a loaded scheduler's files
// already read and checked, id -> wrapped source) goes along and takes in
// what the job read.
async function engine(job, sources = null, onPiece = undefined) {
  const reply = await inEngineThread(sources ? { ...job, sources: [...sources] } : job, onPiece);
  if (sources) for (const [id, source] of reply.sources) sources.set(id, source);
  if (!reply.ok) throw errorFromData(reply.error);
  return reply.value;
}

function checkInput(input) {
  if (!isJsonObject(input)) {
    throw new InputError('the scheduler input must be an object (what /v1/scheduler_input serves)');
  }
}

function actionIdsOf(input) {
  return new Set(isJsonObject(input.actions) ? Object.keys(input.actions) : []);
}

// The input as JSON text, with its `now` and action ids: an input nested
// deeper than the host's stack can walk is an InputError, not a RangeError.
// Nothing else of the input object is needed afterwards.
// `inputJson`: the text `input` was parsed from, when the caller has it.
function prepareInput(input, inputJson) {
  checkInput(input);
  const now = nowOf(input);
  const actionIds = actionIdsOf(input);
  if (inputJson !== undefined && typeof inputJson !== 'string') throw new TypeError('run(input, {inputJson}): inputJson is the JSON text of the input');
  try {
    return { now, actionIds, inputJson: inputJson ?? JSON.stringify(input) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new InputError(`the scheduler input is nested too deeply for the host to read (${error.message})`);
  }
}

// Verwalter runs scheduler/v1/main.js of its config directory; a project
// root or the scheduler/ folder is the usual near miss.
const SCHEDULER_SUBDIR = path.join('scheduler', 'v1');
function noMainHint(dir) {
  for (const candidate of [path.join(dir, SCHEDULER_SUBDIR), path.join(dir, 'v1')]) {
    if (existsSync(path.join(candidate, 'main.js'))) return `; did you mean ${candidate}?`;
  }
  return ` (the scheduler directory is the one holding main.js, usually ${SCHEDULER_SUBDIR}${path.sep})`;
}

// Resolves once main.js has been loaded and found to export `scheduler`, so
// a broken scheduler fails here rather than on its first run.
// `options.engine`: 'quickjs' (the default), or 'wasm' / the path of a
// scheduler.wasm to run the runs through verwalter's wasm interface
// (harness/wasm/scheduler.mjs).
export async function loadScheduler(dir, options = {}) {
  const { engine: kind = 'quickjs', budget, ...rest } = options;
  const limits = normalizeOptions(rest);
  if (kind !== 'quickjs') return loadWasmScheduler(dir, kind, { ...rest, budget });
  const modules = directoryModules(dir, limits);
  if (!modules.exists('main.js')) {
    throw new LoadError(`${dir}: no main.js in the scheduler directory${noMainHint(dir)}`, { code: 'NO_MAIN', file: path.join(dir, 'main.js') });
  }
  const { root } = modules;
  // Each file is read and syntax-checked once per loaded scheduler.
  const sources = new Map();
  // Names the ES2015+ built-in behind a bare "not a function", and tells
  // the position in the TypeScript a source map names.
  const explained = (error) => withSourcePositions(limits.es5 ? withEs5Hint(error, (id) => sources.get(id)) : error, dir);
  await engine({ kind: 'load', root, limits }, sources).catch((error) => {
    throw explained(error);
  });
  let disposed = false;

  async function runPrepared({ now, actionIds, inputJson }) {
    try {
      // Each piece of the schedule is parsed as it arrives, while the engine
      // thread writes the next.
      const pieces = [];
      const { answerJson, consoleText, duration } = await engine({ kind: 'run', root, limits, now, inputJson }, sources, (text, nested) => pieces.push({ part: JSON.parse(text), nested }));
      // `warning`: a run past half its time budget, close to verwalter's alarm.
      const warning = slowRunWarning(duration, limits.timeoutMs);
      return { ...checkResult(answerOf(answerJson, pieces), consoleText, actionIds), duration, ...(warning ? { warning } : {}) };
    } catch (error) {
      throw explained(error);
    }
  }

  return {
    dir,
    options: limits,
    // Resolves to {schedule, actions, log, schedulerLog, duration, warning?} or rejects
    // with one of the typed errors. Not itself async: an async function's
    // suspended frame would hold the input object for the whole run, where
    // only its JSON text is needed (a caller that drops the object, as the
    // CLI does, leaves it to the collector).
    // `options.inputJson`: the JSON text `input` was parsed from (a file as
    // read), sent to the engine as it is instead of written again (a third
    // of a second for a 30 MB input).
    run(input, { inputJson } = {}) {
      let prepared;
      try {
        if (disposed) throw new Error(`the scheduler from ${dir} was disposed`);
        prepared = prepareInput(input, inputJson);
      } catch (error) {
        return Promise.reject(error);
      }
      return runPrepared(prepared);
    },
    dispose() {
      disposed = true;
    },
  };
}

// Evaluates a built bundle as a plain script (the UMD sets the global
// VerwalterToolbox) in a fresh, by default ES5-only, context, then
// `scriptSource`; resolves to the script's completion value through JSON.
export async function runScript(bundleSource, scriptSource, options = {}) {
  const { now = 0, bundleName = 'verwalter-toolbox.js', scriptName = 'script.js', ...rest } = options;
  const limits = normalizeOptions(rest);
  // Boots while acorn checks the sources.
  startEngineThread();
  checkSyntax(bundleSource, bundleName, limits);
  checkSyntax(scriptSource, scriptName, limits);
  const valueJson = await engine({ kind: 'script', limits, now, bundleSource, bundleName, scriptSource, scriptName });
  return valueJson === undefined ? undefined : JSON.parse(valueJson);
}
