// Loading a scheduler directory and running it, as verwalter's JS engine
// would. Every run gets a fresh QuickJS instance and evaluates the modules
// anew, so no state survives between runs and equal inputs give equal results.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { nowOf, seedFor } from './determinism.mjs';
import { LoadError } from './errors.mjs';
import { isJsonObject } from './json.mjs';
import { checkSyntax, directoryModules } from './loader.mjs';
import { normalizeOptions } from './options.mjs';
import { checkResult } from './result.mjs';
import { openSession } from './session.mjs';

async function withSession(params, body) {
  const session = await openSession(params);
  try {
    return body(session);
  } finally {
    session.close();
  }
}

function checkInput(input) {
  if (!isJsonObject(input)) {
    throw new TypeError('the scheduler input must be an object (what /v1/scheduler_input serves)');
  }
}

// Resolves once main.js has been loaded and found to export `scheduler`, so
// a broken scheduler fails here rather than on its first run.
export async function loadScheduler(dir, options) {
  const limits = normalizeOptions(options);
  const modules = directoryModules(dir, limits);
  if (!modules.exists('main.js')) {
    throw new LoadError(`${dir}: no main.js in the scheduler directory`, { code: 'NO_MAIN', file: path.join(dir, 'main.js') });
  }
  await withSession({ modules, limits, now: 0, seed: 0 }, (session) => session.load());
  let disposed = false;

  return {
    dir,
    options: limits,
    // Resolves to {schedule, actions, log, schedulerLog, duration} or rejects
    // with one of the typed errors.
    async run(input) {
      if (disposed) throw new Error(`the scheduler from ${dir} was disposed`);
      checkInput(input);
      const inputJson = JSON.stringify(input);
      return withSession({ modules, limits, now: nowOf(input), seed: seedFor(input) }, (session) => {
        session.load();
        const started = performance.now();
        const answer = session.call(inputJson);
        const duration = performance.now() - started;
        return { ...checkResult(answer, session.consoleText()), duration };
      });
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
  checkSyntax(bundleSource, bundleName, limits);
  checkSyntax(scriptSource, scriptName, limits);
  return withSession({ modules: null, limits, now, seed: 0 }, (session) => {
    session.evalScript(bundleSource, bundleName, 'load');
    return session.evalScript(scriptSource, scriptName, 'call');
  });
}
