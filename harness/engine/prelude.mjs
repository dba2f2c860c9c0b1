// The harness's own code inside QuickJS, evaluated before any scheduler code.
// It captures the built-ins it relies on first, so a scheduler that replaces
// JSON, Date or Error cannot change how its input is read or its result
// written back; then it strips the environment to ES5.1 and installs the
// deterministic Date, Math.random, console/print and the CommonJS loader.
//
// It is ES5 itself, and returns the entry points the host calls: load(),
// call(inputJson) (whose schedule may come in pieces through host.piece),
// json(value), and tick(input, now, seedOf) and
// verdict(result) for a simulation, whose engine stays loaded across runs
// (harness/simulate/).

import { STRIP_TO_ES5_SOURCE } from './es5env.mjs';

export const PRELUDE_FILE = '<harness>';

export const PRELUDE_SOURCE = `(function (global, host, inputNow, allowedJson) {
  'use strict';
  var parse = JSON.parse, stringify = JSON.stringify, isArray = Array.isArray;
  // global.Date: the local function Date below is hoisted over the name.
  var imul = Math.imul, RealDate = global.Date, bind = Function.prototype.bind;
  var slice = Array.prototype.slice, hasOwn = Object.prototype.hasOwnProperty;
  var hostLog = host.log, hostResolve = host.resolve, hostCompile = host.compile, hostCheck = host.checkSource;
  var hostSeed = host.seed, hostPiece = host.piece;
  var keys = Object.keys, defineProperty = Object.defineProperty, toStr = Object.prototype.toString;
  var asString = String, ErrorType = Error, TypeErrorType = TypeError;

  if (allowedJson !== null) {
    (${STRIP_TO_ES5_SOURCE})(global, allowedJson);
    checkCompiledSource();
  }

  // QuickJS compiles ES2015+ in eval and Function, which an ES5.1 engine
  // (Duktape) rejects: in ES5 mode their source is checked as the loader
  // checks files. (eval becomes an indirect, global-scope eval.)
  function checkCompiledSource() {
    var realEval = global.eval, RealFunction = Function;
    global.eval = function checkedEval(source) {
      if (typeof source === 'string') hostCheck(source, 'eval');
      return realEval(source);
    };
    function CheckedFunction() {
      var args = slice.call(arguments);
      var body = args.length ? asString(args.pop()) : '';
      hostCheck('(function anonymous(' + args.join(',') + '\\n) {\\n' + body + '\\n})', 'Function');
      return RealFunction.apply(null, arguments);
    }
    CheckedFunction.prototype = RealFunction.prototype;
    RealFunction.prototype.constructor = CheckedFunction;
    global.Function = CheckedFunction;
  }

  function format(value) {
    if (typeof value === 'string') return value;
    if (value !== null && typeof value === 'object' && !(value instanceof ErrorType)) {
      try {
        var text = stringify(value);
        if (typeof text === 'string') return text;
      } catch (e) {}
    }
    return asString(value);
  }
  function print() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(format(arguments[i]));
    hostLog(parts.join(' '));
  }
  global.print = print;
  global.console = { log: print, info: print, warn: print, error: print, debug: print };

  // new Date() and Date.now() are the input's "now"; new Date(x) is untouched.
  function Date(year, month, day, hours, minutes, seconds, ms) {
    if (!(this instanceof Date)) return new RealDate(inputNow).toString();
    if (arguments.length === 0) return new RealDate(inputNow);
    return new (bind.apply(RealDate, [null].concat(slice.call(arguments))))();
  }
  Date.prototype = RealDate.prototype;
  RealDate.prototype.constructor = Date;
  Date.now = function now() { return inputNow; };
  Date.parse = RealDate.parse;
  Date.UTC = RealDate.UTC;
  global.Date = Date;

  // mulberry32: tiny, and its whole state is the 32-bit seed the host derives
  // from the input, so equal inputs give equal sequences. The seed is asked
  // for on the first call: deriving it walks the whole input.
  var state = null;
  // A simulation's tick computes its seed only if the scheduler asks.
  var seedLater = null;
  Math.random = function random() {
    if (seedLater !== null) {
      var seedOf = seedLater;
      seedLater = null;
      state = seedOf() | 0;
    }
    if (state === null) state = hostSeed() | 0;
    state = (state + 0x6D2B79F5) | 0;
    var t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  var cache = {};
  function makeRequire(fromId) {
    return function require(request) {
      var id = hostResolve(fromId, request);
      if (hasOwn.call(cache, id)) return cache[id].exports;
      var module = { id: id, exports: {}, loaded: false };
      cache[id] = module;
      var done = false;
      try {
        hostCompile(id).call(module.exports, module.exports, makeRequire(id), module);
        done = true;
      } finally {
        if (!done) delete cache[id];
      }
      module.loaded = true;
      return module.exports;
    };
  }

  var scheduler;
  function describe(value) {
    return value === null ? 'null' : isArray(value) ? 'an array' : typeof value;
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !isArray(value);
  }

  // What call() answers for a result (a simulation asks only for results
  // it found wrong).
  function verdict(result) {
    if (!isObject(result)) {
      return stringify({ invalid: 'the scheduler returned ' + describe(result) + ', not an object {schedule, log, actions}' });
    }
    return written(result.schedule, result.log, result.actions, false);
  }

  // An object JSON.stringify writes as its own enumerable members (not a
  // boxed primitive, no toJSON).
  function isPlain(value) {
    return isObject(value) && toStr.call(value) === '[object Object]' && typeof value.toJSON !== 'function';
  }

  // The JSON text of {name: value}: a toJSON below sees its own key, as in
  // one stringify of the whole.
  function member(name, value) {
    var one = {};
    defineProperty(one, name, { value: value, enumerable: true, writable: true, configurable: true });
    return stringify(one);
  }

  // {ok: {schedule, log, actions}} as JSON text. \`inPieces\`, for a plain
  // schedule, sends the schedule to hostPiece(text, nested) member by member
  // instead, each as the JSON text of a one-member object, a plain member
  // as {name: {}} followed by its own members (nested), and answers
  // {pieces: n, ok: {log, actions}}. The host parses one piece while the
  // next is written, and no text of the whole schedule is ever made.
  function written(schedule, log, actions, inPieces) {
    try {
      if (!inPieces || !isPlain(schedule)) {
        return '{"ok":' + stringify({ schedule: schedule, log: log, actions: actions }) + '}';
      }
      var pieces = 0;
      var names = keys(schedule);
      for (var i = 0; i < names.length; i++) {
        var value = schedule[names[i]];
        if (!isPlain(value)) {
          hostPiece(member(names[i], value), false);
          pieces++;
          continue;
        }
        hostPiece(member(names[i], {}), false);
        var inner = keys(value);
        for (var j = 0; j < inner.length; j++) hostPiece(member(inner[j], value[inner[j]]), true);
        pieces += 1 + inner.length;
      }
      return '{"pieces":' + pieces + ',"ok":' + stringify({ log: log, actions: actions }) + '}';
    } catch (e) {
      // A cycle or a BigInt; out of memory and stack overflow stay errors.
      if (!(e instanceof TypeErrorType)) throw e;
      return stringify({ invalid: 'the result cannot be serialized as JSON: ' + asString(e.message),
        log: typeof log === 'string' ? log : undefined });
    }
  }

  return {
    // '' when main.js exports a scheduler function, else what it exports.
    load: function load() {
      var exported = makeRequire('')('./main');
      var candidate = exported !== null && typeof exported === 'object' || typeof exported === 'function' ? exported.scheduler : undefined;
      if (typeof candidate !== 'function') return describe(candidate);
      scheduler = candidate;
      return '';
    },
    // JSON text of {ok: {schedule, log, actions}}, {pieces: n, ok: {log,
    // actions}} (see written) or {invalid: reason, log}. The host validates
    // the fields' types after parsing, as verwalter does.
    call: function call(inputJson) {
      var result = scheduler(parse(inputJson));
      return isObject(result) ? written(result.schedule, result.log, result.actions, true) : verdict(result);
    },
    verdict: verdict,
    // JSON text of a script's completion value (undefined stays undefined).
    json: function json(value) {
      return stringify(value);
    },
    // One run of a simulation: \`input\` is already a value in this engine,
    // Date is \`now\` from here on, and Math.random is seeded by seedOf() on
    // first use. Returns what the scheduler returned, unchecked.
    tick: function tick(input, now, seedOf) {
      inputNow = now;
      seedLater = seedOf;
      return scheduler(input);
    }
  };
})`;
