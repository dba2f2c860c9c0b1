// The ES5.1 built-in environment. QuickJS implements ES2023+, but verwalter's
// engine contract promises only ES5.1 (the bundle must also run on Duktape),
// so in es5 mode every string-keyed built-in that is not listed here is
// deleted before the scheduler loads. An allowlist rather than a denylist:
// whatever a newer QuickJS adds is removed too.

const ERROR_STATICS = ['length', 'name', 'prototype'];
const ERROR_PROTO = ['constructor', 'name', 'message', 'toString'];
const NATIVE_ERROR_PROTO = ['constructor', 'name', 'message'];
const NATIVE_ERRORS = ['EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];

// Own string-keyed properties each ES5.1 built-in keeps (ECMA-262 5.1 §15,
// plus Annex B: escape, unescape, substr, getYear, setYear, toGMTString).
// Symbol-keyed properties are never touched: QuickJS's own String.prototype
// .replace/.split/.match dispatch through them.
export const ES5_BUILTINS = Object.freeze({
  global: [
    'NaN', 'Infinity', 'undefined', 'eval', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
    'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
    'Object', 'Function', 'Array', 'String', 'Boolean', 'Number', 'Date', 'RegExp', 'Error',
    ...NATIVE_ERRORS, 'Math', 'JSON',
  ],
  Object: [
    'length', 'name', 'prototype', 'getPrototypeOf', 'getOwnPropertyDescriptor', 'getOwnPropertyNames',
    'create', 'defineProperty', 'defineProperties', 'seal', 'freeze', 'preventExtensions',
    'isSealed', 'isFrozen', 'isExtensible', 'keys',
  ],
  'Object.prototype': [
    'constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
    'propertyIsEnumerable',
  ],
  Function: ['length', 'name', 'prototype'],
  'Function.prototype': ['length', 'name', 'constructor', 'toString', 'apply', 'call', 'bind'],
  Array: ['length', 'name', 'prototype', 'isArray'],
  'Array.prototype': [
    'length', 'constructor', 'toString', 'toLocaleString', 'concat', 'join', 'pop', 'push', 'reverse',
    'shift', 'slice', 'sort', 'splice', 'unshift', 'indexOf', 'lastIndexOf', 'every', 'some',
    'forEach', 'map', 'filter', 'reduce', 'reduceRight',
  ],
  String: ['length', 'name', 'prototype', 'fromCharCode'],
  'String.prototype': [
    'length', 'constructor', 'toString', 'valueOf', 'charAt', 'charCodeAt', 'concat', 'indexOf',
    'lastIndexOf', 'localeCompare', 'match', 'replace', 'search', 'slice', 'split', 'substring',
    'substr', 'toLowerCase', 'toLocaleLowerCase', 'toUpperCase', 'toLocaleUpperCase', 'trim',
  ],
  Boolean: ['length', 'name', 'prototype'],
  'Boolean.prototype': ['constructor', 'toString', 'valueOf'],
  Number: ['length', 'name', 'prototype', 'MAX_VALUE', 'MIN_VALUE', 'NaN', 'NEGATIVE_INFINITY', 'POSITIVE_INFINITY'],
  'Number.prototype': ['constructor', 'toString', 'toLocaleString', 'valueOf', 'toFixed', 'toExponential', 'toPrecision'],
  Math: [
    'E', 'LN10', 'LN2', 'LOG2E', 'LOG10E', 'PI', 'SQRT1_2', 'SQRT2', 'abs', 'acos', 'asin', 'atan',
    'atan2', 'ceil', 'cos', 'exp', 'floor', 'log', 'max', 'min', 'pow', 'random', 'round', 'sin',
    'sqrt', 'tan',
  ],
  JSON: ['parse', 'stringify'],
  Date: ['length', 'name', 'prototype', 'parse', 'UTC', 'now'],
  'Date.prototype': [
    'constructor', 'toString', 'toDateString', 'toTimeString', 'toLocaleString', 'toLocaleDateString',
    'toLocaleTimeString', 'valueOf', 'getTime', 'getFullYear', 'getUTCFullYear', 'getMonth',
    'getUTCMonth', 'getDate', 'getUTCDate', 'getDay', 'getUTCDay', 'getHours', 'getUTCHours',
    'getMinutes', 'getUTCMinutes', 'getSeconds', 'getUTCSeconds', 'getMilliseconds',
    'getUTCMilliseconds', 'getTimezoneOffset', 'setTime', 'setMilliseconds', 'setUTCMilliseconds',
    'setSeconds', 'setUTCSeconds', 'setMinutes', 'setUTCMinutes', 'setHours', 'setUTCHours',
    'setDate', 'setUTCDate', 'setMonth', 'setUTCMonth', 'setFullYear', 'setUTCFullYear',
    'toUTCString', 'toISOString', 'toJSON', 'getYear', 'setYear', 'toGMTString',
  ],
  RegExp: ['length', 'name', 'prototype'],
  // ES5 has source/global/ignoreCase/multiline as instance properties; QuickJS
  // keeps them (and `flags`, which its replace/split/match read back) as
  // accessors here, so all accessors stay. Only `compile` goes.
  'RegExp.prototype': [
    'constructor', 'exec', 'test', 'toString', 'source', 'global', 'ignoreCase', 'multiline',
    'flags', 'dotAll', 'unicode', 'unicodeSets', 'sticky', 'hasIndices',
  ],
  Error: ERROR_STATICS,
  'Error.prototype': ERROR_PROTO,
  ...Object.fromEntries(NATIVE_ERRORS.flatMap((name) => [[name, ERROR_STATICS], [`${name}.prototype`, NATIVE_ERROR_PROTO]])),
});

// The ES2015+ built-ins es5 mode must remove, as expressions a test can
// evaluate with `typeof`. A readable statement of the contract's "no Map, Set,
// Promise, Symbol, Object.assign, Array.prototype.find/includes, ..."; the
// allowlist above is what enforces it.
export const ES2015_PLUS_BUILTINS = Object.freeze([
  // globals
  'globalThis', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Promise',
  'Symbol', 'Proxy', 'Reflect', 'BigInt', 'Iterator', 'AggregateError', 'InternalError',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array',
  'Float64Array', 'BigInt64Array', 'BigUint64Array',
  // Object
  'Object.assign', 'Object.entries', 'Object.values', 'Object.fromEntries',
  'Object.getOwnPropertySymbols', 'Object.getOwnPropertyDescriptors', 'Object.is',
  'Object.setPrototypeOf', 'Object.hasOwn', 'Object.groupBy',
  'Object.prototype.__proto__', 'Object.prototype.__defineGetter__', 'Object.prototype.__defineSetter__',
  'Object.prototype.__lookupGetter__', 'Object.prototype.__lookupSetter__',
  // Array
  'Array.from', 'Array.of',
  'Array.prototype.find', 'Array.prototype.findIndex', 'Array.prototype.findLast',
  'Array.prototype.findLastIndex', 'Array.prototype.includes', 'Array.prototype.fill',
  'Array.prototype.copyWithin', 'Array.prototype.entries', 'Array.prototype.keys',
  'Array.prototype.values', 'Array.prototype.flat', 'Array.prototype.flatMap', 'Array.prototype.at',
  'Array.prototype.toSorted', 'Array.prototype.toReversed', 'Array.prototype.toSpliced',
  'Array.prototype.with',
  // String
  'String.fromCodePoint', 'String.raw',
  'String.prototype.includes', 'String.prototype.startsWith', 'String.prototype.endsWith',
  'String.prototype.repeat', 'String.prototype.padStart', 'String.prototype.padEnd',
  'String.prototype.trimStart', 'String.prototype.trimEnd', 'String.prototype.trimLeft',
  'String.prototype.trimRight', 'String.prototype.codePointAt', 'String.prototype.normalize',
  'String.prototype.at', 'String.prototype.replaceAll', 'String.prototype.matchAll',
  'String.prototype.isWellFormed', 'String.prototype.toWellFormed', 'String.prototype.anchor',
  'String.prototype.bold',
  // Number
  'Number.isInteger', 'Number.isFinite', 'Number.isNaN', 'Number.isSafeInteger', 'Number.parseFloat',
  'Number.parseInt', 'Number.EPSILON', 'Number.MAX_SAFE_INTEGER', 'Number.MIN_SAFE_INTEGER',
  // Math
  'Math.trunc', 'Math.sign', 'Math.log2', 'Math.log10', 'Math.cbrt', 'Math.hypot', 'Math.imul',
  'Math.fround', 'Math.f16round', 'Math.clz32', 'Math.expm1', 'Math.log1p', 'Math.sinh', 'Math.cosh',
  'Math.tanh', 'Math.asinh', 'Math.acosh', 'Math.atanh', 'Math.sumPrecise',
  // others
  'Function.prototype.fileName', 'Function.prototype.lineNumber', 'RegExp.prototype.compile',
  'RegExp.escape', 'Error.isError',
]);

// Runs inside QuickJS, before any scheduler code: deletes every own
// string-keyed property the allowlist does not name. Fails loudly if one
// cannot be deleted, so the environment is never silently wider than ES5.1.
//
// Number.EPSILON, MAX_SAFE_INTEGER and MIN_SAFE_INTEGER are non-configurable,
// so the global Number becomes a plain ES5 wrapper around the real one (same
// prototype, same conversions) that simply never had them.
export const STRIP_TO_ES5_SOURCE = `(function (global, allowedJson) {
  var RealNumber = global.Number;
  function Number(value) {
    var number = arguments.length ? RealNumber(value) : 0;
    return this instanceof Number ? new RealNumber(number) : number;
  }
  var constants = ['MAX_VALUE', 'MIN_VALUE', 'NaN', 'NEGATIVE_INFINITY', 'POSITIVE_INFINITY'];
  for (var c = 0; c < constants.length; c++) {
    Object.defineProperty(Number, constants[c], { value: RealNumber[constants[c]] });
  }
  Number.prototype = RealNumber.prototype;
  RealNumber.prototype.constructor = Number;
  global.Number = Number;

  var allowed = JSON.parse(allowedJson);
  var paths = Object.keys(allowed);
  var targets = [];
  for (var i = 0; i < paths.length; i++) {
    var parts = paths[i].split('.');
    var target = global;
    for (var j = parts[0] === 'global' ? 1 : 0; j < parts.length; j++) target = target[parts[j]];
    targets.push([paths[i], target]);
  }
  for (var k = 0; k < targets.length; k++) {
    var path = targets[k][0], object = targets[k][1], keep = Object.create(null);
    for (var n = 0; n < allowed[path].length; n++) keep[allowed[path][n]] = true;
    var names = Object.getOwnPropertyNames(object);
    for (var m = 0; m < names.length; m++) {
      if (keep[names[m]] === true) continue;
      var removed = false;
      try { removed = delete object[names[m]]; } catch (e) {}
      if (!removed) throw new Error('cannot remove ' + path + '.' + names[m]);
    }
  }
})`;
