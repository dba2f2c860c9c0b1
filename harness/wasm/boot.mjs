// The first script scheduler.wasm runs: the harness's own prelude (so the
// scheduler sees exactly the harness's world: ES5.1 built-ins, require,
// console into the log, Date.now() = input.now, the seeded Math.random),
// and around it what verwalter's wasm interface needs, in ES5. It is
// precompiled with the modules and evaluates to
//   function (global, native, budget) -> { run(inputText, inputUnits),
//     failed(overBudget, units), unwritable(error), isLoaded() }
// whose answers are the JSON text verwalter reads, {"schedule", "log",
// "actions"}, or, from run(), the answer as an object for the glue to write. `native` is the C glue's (engine/glue.c): load(index) gives
// the value of a precompiled module, outOfMemory() whether an allocation
// failed in this run.
//
// Nothing the scheduler does may trap the instance: every JavaScript error
// becomes {"schedule": null, "log": ...}, which verwalter shows as the run's
// debug info. Only the budget's interrupt (uncatchable) leaves run(); the
// glue then asks failed() for the answer.

import { ES5_BUILTINS } from '../engine/es5env.mjs';
import { CONSOLE_CAP_CHARS } from '../engine/options.mjs';
import { PRELUDE_FILE, PRELUDE_SOURCE } from '../engine/prelude.mjs';
import { CORE_FUNCTIONS, seedFunctions } from '../simulate/core.mjs';

export const BOOT_FILE = PRELUDE_FILE;

// Lines the Node host (host.mjs) reads back from a failed run's log.
export const MARK = {
  invalid: 'scheduler.wasm: invalid return value: ',
  budget: 'scheduler.wasm: over budget: ',
  input: 'scheduler.wasm: input refused: ',
  load: 'scheduler.wasm: loading the scheduler failed',
  mutated: 'scheduler.wasm: invalid run: ',
};

// require()'s half that runs in the engine: the same ids the harness's
// loader (engine/loader.mjs) gives, found in the table of the modules the
// build included. (Node's path.posix, for the relative paths met here.)
function modulePaths() {
  function normalize(p) {
    var trailing = p.charAt(p.length - 1) === '/';
    var parts = p.split('/'), out = [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === '' || parts[i] === '.') continue;
      if (parts[i] === '..' && out.length && out[out.length - 1] !== '..') out.pop();
      else out.push(parts[i]);
    }
    var joined = out.join('/') || '.';
    return trailing && joined !== '.' ? joined + '/' : trailing ? './' : joined;
  }
  function dirname(p) {
    var at = p.lastIndexOf('/');
    return at < 0 ? '.' : at === 0 ? '/' : p.slice(0, at);
  }
  function resolveIn(table, fromId, request) {
    var shown = JSON.stringify(request);
    if (typeof request !== 'string' || request === '') throw new Error('require(' + shown + '): module name must be a non-empty string');
    if (request.charAt(0) === '/') {
      throw new Error('require(' + shown + '): absolute paths are not allowed; modules must be inside the scheduler directory');
    }
    var relative = request.indexOf('./') === 0 || request.indexOf('../') === 0;
    var joined = normalize((relative ? dirname(fromId || '.') : '.') + '/' + request);
    if (joined === '..' || joined.indexOf('../') === 0) {
      throw new Error('require(' + shown + '): path ' + JSON.stringify(joined) + ' leaves the scheduler directory');
    }
    var id = /\.js$/.test(joined) ? joined : joined + '.js';
    if (!Object.prototype.hasOwnProperty.call(table, id)) {
      throw new Error('require(' + shown + '): no module ' + JSON.stringify(id) + ' in the scheduler directory');
    }
    return id;
  }
  return [normalize, dirname, resolveIn];
}
export const [normalizePath, dirnamePath, resolveIn] = modulePaths();

function boot(global, native, budget, checkInput, prelude, table, allowedJson, consoleCap, MARK) {
  var parse = JSON.parse, stringify = JSON.stringify, keys = Object.keys, asString = String;
  var ErrorType = Error, TypeErrorType = TypeError, RangeErrorType = RangeError;

  var lines = [], size = 0, full = false;
  function append(line) {
    if (full) return;
    if (size + line.length >= consoleCap) {
      full = true;
      lines.push('[harness: console output truncated after ' + size + ' characters]\n');
      return;
    }
    lines.push(line + '\n');
    size += line.length + 1;
  }
  function consoleText() {
    return lines.join('');
  }

  var api = prelude(global, {
    log: append,
    resolve: function (fromId, request) {
      return resolveIn(table, fromId, request);
    },
    compile: function (id) {
      return native.load(table[id]);
    },
    // No parser in here to check eval's source for ES5 (docs/wasm.md, differences).
    checkSource: function () {},
    // tick() always hands its seed function.
    seed: function () {
      return 0;
    },
    piece: function () {
      throw new ErrorType('not used');
    },
  }, 0, allowedJson);

  // The harness's frames mean nothing to the author, and verwalter has none.
  var ownFrame = new RegExp('^\\s+at [^\\n]*\\(' + '<harness>'.replace(/[<>]/g, '\\$&') + ':\\d+(?::\\d+)?\\)$');
  function uncaught(e) {
    var head, stack = '';
    if (e !== null && typeof e === 'object' && typeof e.message === 'string') {
      head = (typeof e.name === 'string' && e.name ? e.name : 'Error') + ': ' + e.message;
      if (typeof e.stack === 'string') {
        var frames = e.stack.split('\n'), kept = [];
        for (var i = 0; i < frames.length; i++) if (frames[i] && !ownFrame.test(frames[i])) kept.push(frames[i]);
        if (kept.length) stack = kept.join('\n') + '\n';
      }
    } else if (native.outOfMemory()) {
      // At the memory limit QuickJS may not manage to make its error.
      head = 'InternalError: out of memory';
    } else {
      try {
        head = 'uncaught ' + stringify(e);
      } catch (err) {
        head = 'uncaught ' + asString(e);
      }
    }
    // As the toolbox's wrapScheduler ends a failed run's log.
    return '\nUncaught ' + head + '\n' + stack;
  }

  // The harness's own lines start a line of their own.
  function onOwnLine(log) {
    return log === '' || log.charAt(log.length - 1) === '\n' ? log : log + '\n';
  }

  function failedRun(log) {
    return '{"schedule":null,"log":' + stringify(log) + '}';
  }

  // Loaded on the first run, and again after a run whose loading failed, as
  // the prelude forgets a module that threw.
  var loaded = false;
  function load() {
    if (loaded) return null;
    var exported;
    try {
      exported = api.load();
    } catch (e) {
      return consoleText() + MARK.load + uncaught(e);
    }
    if (exported !== '') return consoleText() + 'main.js must export a scheduler function (module.exports.scheduler is ' + exported + ')\n';
    loaded = true;
    return null;
  }

  // What verwalter would never send refuses the run (it never traps).
  function inputProblem(input) {
    if (input === null || typeof input !== 'object' || input instanceof Array) return 'the input is not a JSON object';
    var now = input.now === undefined ? 0 : input.now;
    if (typeof now !== 'number' || !isFinite(now)) return 'input.now must be a number of milliseconds, got ' + stringify(now);
    if (input.actions !== undefined && input.actions !== null) {
      if (!isPlainObject(input.actions)) return 'input.actions must be an object';
      var ids = keys(input.actions);
      for (var i = 0; i < ids.length; i++) {
        if (!/^(0|[1-9][0-9]{0,19})$/.test(ids[i])) return 'action id ' + stringify(ids[i]) + ' is not a decimal number (verwalter\'s ids are u64)';
      }
    }
    return null;
  }

  // What the author needs to judge the budget against the cluster.
  var lastSize = '';
  function sizeOf(length, input) {
    var projects = isPlainObject(input.runtime) ? keys(input.runtime).length : 0;
    var peers = isPlainObject(input.peers) ? keys(input.peers).length : 0;
    return 'an input of ' + length + ' bytes, ' + projects + ' projects, ' + peers + ' peers';
  }

  // Where two JSON texts of the input part, shown with what leads there.
  function changedAt(before, after) {
    if (before === after) return null;
    var i = 0;
    while (i < before.length && before.charAt(i) === after.charAt(i)) i++;
    return 'the scheduler changed its input, at ...' + before.slice(Math.max(0, i - 60), i) + ' (was ' +
      stringify(before.slice(i, i + 20)) + ', now ' + stringify(after.slice(i, i + 20)) + ')';
  }

  // `given`: the input's value as the glue read it, or its text when that
  // is not JSON (parsed here, for the parser's message); `inputUnits`: what
  // reading it counted against the budget (past it, the run is refused
  // before any work); `length`: the text's size in bytes.
  function run(given, inputUnits, length) {
    lines = [];
    size = 0;
    full = false;
    lastSize = 'an input of ' + length + ' bytes';
    if (budget !== 0 && inputUnits > budget) {
      return failedRun(MARK.budget + 'the input alone counts ' + inputUnits + ' units of work, its budget being ' + budget + ' (set by `verwalter-harness wasm --budget`), for ' + lastSize + '\n');
    }
    var input = given;
    if (typeof given === 'string') {
      try {
        input = parse(given);
      } catch (e) {
        return failedRun(MARK.input + 'not JSON: ' + asString(e && e.message) + '\n');
      }
    }
    var problem = inputProblem(input);
    if (problem !== null) return failedRun(MARK.input + problem + '\n');
    lastSize = sizeOf(length, input);
    var loadFailure = load();
    if (loadFailure !== null) return failedRun(loadFailure);
    var ids = isPlainObject(input.actions) ? keys(input.actions) : [];
    var result, before = checkInput ? stringify(input) : null;
    try {
      result = api.tick(input, input.now === undefined ? 0 : input.now, seedOf(input));
    } catch (e) {
      return failedRun(consoleText() + uncaught(e));
    }
    // The glue hands unchanged parts of the input over as last run's values:
    // a scheduler that changes its input would see its own changes next run.
    if (before !== null) {
      var changed = changedAt(before, stringify(input));
      if (changed !== null) return failedRun(onOwnLine(consoleText()) + MARK.mutated + changed + '\n');
    }
    var wrong = resultProblem(result, ids);
    if (wrong !== null) {
      var returned = isPlainObject(result) && typeof result.log === 'string' ? result.log : '';
      // A wrapped scheduler that failed: its log already ends with the error.
      if (isPlainObject(result) && result.schedule === null && returned !== '') return failedRun(consoleText() + returned);
      return failedRun(onOwnLine(consoleText() + returned) + MARK.invalid + wrong + '\n');
    }
    // The glue writes it (as JSON.stringify would), or hands the error to unwritable().
    lastLog = consoleText() + result.log;
    return { schedule: result.schedule, log: lastLog, actions: result.actions === undefined ? {} : result.actions };
  }

  // The answer run() returned could not be written as JSON: a cycle (or
  // nesting past the glue's depth) is an invalid result; running out of
  // memory or stack stays the error it is.
  var lastLog = '';
  function unwritable(e) {
    if (e instanceof TypeErrorType || e instanceof RangeErrorType) {
      return failedRun(onOwnLine(lastLog) + MARK.invalid + 'the result cannot be serialized as JSON: ' + asString(e.message) + '\n');
    }
    return failedRun(lastLog + uncaught(e));
  }

  // After run() was stopped from outside: by the budget, or by an error
  // JavaScript could not catch.
  function failed(overBudget, units) {
    if (!overBudget) return failedRun(consoleText() + 'scheduler.wasm: the run failed in the engine\n');
    return failedRun(consoleText() + MARK.budget + 'the run was stopped after ' + units + ' units of work, its budget being ' +
      budget + ' (set by `verwalter-harness wasm --budget`), for ' + lastSize + '\n');
  }

  // Whether main.js has loaded: a load stopped by the budget (which
  // JavaScript cannot catch, nor the prelude's require undo) leaves a
  // half-evaluated module cached, so the glue starts the engine afresh.
  function isLoaded() {
    return loaded;
  }

  return { run: run, failed: failed, unwritable: unwritable, isLoaded: isLoaded };
}

// The boot script's source for a module table {id: payload index}.
export function bootSource(table) {
  const helpers = [...CORE_FUNCTIONS, ...seedFunctions(), ...modulePaths()].map(String).join('\n');
  return `(function (global, native, budget, checkInput) {
'use strict';
${helpers}
return (${String(boot)})(global, native, budget, checkInput, ${PRELUDE_SOURCE}, ${JSON.stringify(table)}, ${JSON.stringify(JSON.stringify(ES5_BUILTINS))}, ${CONSOLE_CAP_CHARS}, ${JSON.stringify(MARK)});
})`;
}
