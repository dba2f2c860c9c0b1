// The core modules' corpus for the engine-parity test (engines.test.mjs):
// data (plain JSON, made here) and one ES5 program that calls every public
// function of version, validate, log, repr, json, split, role and gen on it
// and returns the answers. The program is serialized with toString() and
// evaluated as a script in Node, ES5-only QuickJS and Duktape alike, so it
// must be ES5 and must not use anything of this module but its arguments
// (`npx mocha test/core/engines.test.mjs` checks the first with acorn).
import { prng } from '../support/shuffle.mjs';

// ---- data -----------------------------------------------------------------

export const SEMVER_SEED = 20160609;
export const SEMVER_COUNT = 320;

// Semver-ish strings: mostly valid (numbers of any size, pre-releases of
// numeric, alphanumeric and hyphenated identifiers, build metadata, an
// optional `v`), some near misses (leading zeros, missing parts, empty
// identifiers), and repeats and precedence ties (same version, other build).
export function semverStrings(seed = SEMVER_SEED, count = SEMVER_COUNT) {
  const rnd = prng(seed);
  const int = (n) => Math.floor(rnd() * n);
  const pick = (list) => list[int(list.length)];
  const digits = (n) => String(1 + int(9)) + Array.from({ length: n - 1 }, () => String(int(10))).join('');
  const num = () => {
    const r = rnd();
    if (r < 0.45) return String(int(4));
    if (r < 0.7) return String(int(12));
    if (r < 0.85) return String(int(1000));
    if (r < 0.93) return digits(16 + int(12)); // beyond 2^53 and 2^64
    return '0';
  };
  const WORDS = ['alpha', 'beta', 'rc', 'x', 'A', 'Z', 'alpha-1', '0a', 'a0', '-', '--', 'pre-', '1a', 'rc-2', 'Beta'];
  const ident = () => (rnd() < 0.45 ? num() : pick(WORDS));
  const BUILDS = ['build', '001', 'exp.sha.5114f85', 'a-b', '20130313144700', 'b.1'];
  const BROKEN = ['01.2.3', '1.02.3', '1.2.03', '1.2', '1', '1.2.3-', '1.2.3-01', '1.2.3-rc.01', '1.2.3+', '1.2.3.4',
    'v1.2.3-rc..1', 'V1.2.3', ' 1.2.3', '1.2.3 ', '=1.2.3', 'vv1.2.3', '1.2.3-+b', '1.2.3+b..c', '1.2.-3', 'x.y.z', '',
    '1.2.3-\u00e4', '1.2.3-rc.1\n', '-1.2.3'];
  const out = [];
  while (out.length < count) {
    const r = rnd();
    if (r < 0.08) { out.push(pick(BROKEN)); continue; }
    if (r < 0.13 && out.length) { out.push(pick(out)); continue; }
    if (r < 0.2 && out.length) {
      // the same precedence as an earlier one: other build, other `v`
      const base = pick(out).replace(/\+.*$/, '');
      out.push((rnd() < 0.5 ? base.replace(/^v/, '') : base) + '+' + pick(BUILDS));
      continue;
    }
    let s = `${num()}.${num()}.${num()}`;
    if (rnd() < 0.45) s += '-' + Array.from({ length: 1 + int(3) }, ident).join('.');
    if (rnd() < 0.2) s += '+' + pick(BUILDS);
    out.push(rnd() < 0.3 ? 'v' + s : s);
  }
  // The spec's own example of precedence, in order.
  return out.concat(['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2',
    '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1']);
}

// Tricky pairs for the verwalter ordering, as one table compared all
// against all: prefixes, separators, leading zeros, words against numbers,
// huge numbers, non-ASCII, numbers and null (the program adds undefined,
// NaN, Infinity, objects, booleans and a function).
export const VERSION_TABLE = [
  null, 'v1', 'v1.0', 'v1.0.0', 'v1.00', 'v01', 'v1.1', 'v1.01', 'v1.10', 'v1.9', 'v2', 'v2.1', 'v10', 'v9',
  '1', '1.0', '2', 'v1-0', 'v1_0', 'v1..0', 'v1.0-rc1', 'v1.0-rc.1', 'v1.0-1', 'v1.0-beta', 'v1.0a', 'v1.a', 'v1.A',
  'v1.Z', 'v1.b', 'v0.9.4', 'v0.9.4-dirty', 'v0.9.4-10-g93e889d-dirty', 'v0.9.4-10-g93e889d', 'v0.9.5', 'V1',
  'vv1', 'v', '', '-', '.', 'vX', 'x', 'release', 'v1.0.0+build', 'v1.0.0+build.2',
  'v123456789012345678901234567890', 'v123456789012345678901234567891', 'v0000000000000000000000000001',
  'v9007199254740993', 'v9007199254740992', 'v1.18446744073709551616', 'v1.18446744073709551615',
  'v1.\u00e4', 'v1.\u00e9', 'v\u00e4', 'v1 0', ' v1', 'v1.0\n', 1, 1.5, 10, 0, -1, 1e21, 2, 0.1,
];

// Small lists to sort, besides the whole table (the program adds a few
// with non-JSON values).
export const SORT_LISTS = [
  [],
  ['v2'],
  ['v1.10', 'v1.9', 'v1.2', 'v1.1', 'v1.1.1', 'v1'],
  ['v0.9.4-10-g93e889d-dirty', 'v0.9.4-dirty', 'v0.9.4', 'v0.9.4-10-g93e889d'],
  ['v3', 'v1', 'v3', 'v2', 'v1'],
  ['v1', 1, '1', null, 'v0'],
  ['1', 1, '1', 1],
  [1, '1'],
  ['v1.0', 'v1.00', 'v1-0', 'v1_0', 'v01.0'],
];

// Every validator over these (the program adds undefined, NaN, Infinity,
// -0, a function, an object with an own `__proto__` key, an inherited key).
export const VALIDATE_VALUES = [
  null, true, false, 0, 1, -1, 1.5, 7, 10, 11, 1e21, -2.5, '', 'x', 'a', 'abc', 'v12', '12', ' 7 ', '1e3', '-3.25',
  'web', 'A', 'true',
  [], [1, 2, '3'], [[1], [2, 'x']], ['a', 'b'], [null], [{ name: 'a' }, { name: 1, extra: true }, 'z'],
  {}, { name: 'web' }, { name: 'web', port: 80, tags: ['a'] },
  { name: 'web', port: '80', tags: ['a', 1], meta: { a: '1', b: 2 } },
  { name: null, port: null, tags: null, meta: null },
  { kind: 'a', x: 1 }, { kind: 'a', x: 'y' }, { kind: 'b', y: 'z' }, { kind: 'c' }, { kind: null }, { kind: 5 },
  { a: 1, B: 2, c: 'x' }, { toString: 1, valueOf: 2 }, { '': 1, 'a.b': 2, 'odd key': [1] },
  { meta: { a: { b: [1, { c: 'x' }] } }, name: 'deep' },
  { name: 'x'.repeat(150), port: -1 },
  { name: 'quote"back\\slash\nnew', port: 1.5 },
  { web: 1, db: '2', cache: null, '10': 3, '2': 'x' },
  { list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
];

// repr's inputs (the program adds the non-JSON ones).
export const REPR_VALUES = [
  null, true, false, 0, -1, 1.5, 1e21, 1e-7, 0.1, 123456789012345680000, 9007199254740993,
  '', 'x', 'a"b\\c\nd\re\tf', 'x'.repeat(100), 'x'.repeat(101), 'y'.repeat(250),
  'caf\u00e9 \u2028 \u0000 \u007f', 'a'.repeat(99) + '\ud83d\ude00tail',
  [], [1, 2, 3, 'x', 'y'], [[[[1]]]], [[[]]], Array.from({ length: 12 }, (_, i) => i),
  {}, { hello: 1 }, { 'odd key': 1, ok_key: 2, '': 3, 'q"': 4, '\n': 5 },
  { a: { b: { c: { d: 1 } } } }, { a: [{ b: [1] }] },
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i])),
  { '10': 'ten', '2': 'two', b: 'b', a: 'a', '-1': 'neg', '01': 'lead' },
  { toString: 1, valueOf: 'x', constructor: null, hasOwnProperty: 2 },
];

export const TO_NUMBER_VALUES = [
  1, 0, -0.5, 1e21, null, true, '', ' ', '1', ' 1 ', '\t2\n', '-1', '+1', '1.', '.5', '1.5', '1.50', '1e3', '0x10',
  '007', '-0', '1.0000000000000001', '99999999999999999999999', '1465479290007', '1465479290007.5', '1,5',
  '\u0661\u0662', '١', '12abc', 'abc', [], [1], {}, { '0': 1 },
];

// ---- the program ----------------------------------------------------------

/* eslint-disable no-var, prefer-arrow-callback, object-shorthand */
// Evaluated in each engine as `(program)(VerwalterToolbox, data)`; ES5 only.
export function program(V, D) {
  var out = {};

  // -- helpers ---------------------------------------------------------------
  var FRAME = /^\s+at\s/;
  // An error text (log.errorText's) with its stack frames dropped, the only
  // part that differs by engine: what is left is the `Name: message` line.
  function norm(text) {
    if (typeof text !== 'string') return text;
    var lines = text.split('\n'), keep = [];
    for (var i = 0; i < lines.length; i++) {
      if (FRAME.test(lines[i])) break;
      keep.push(lines[i]);
    }
    while (keep.length && keep[keep.length - 1] === '') keep.pop();
    return keep.join('\n');
  }
  // `text` with every occurrence of the raw error text normalized.
  function normIn(text, raw) {
    if (typeof text !== 'string' || typeof raw !== 'string' || raw === '') return text;
    return text.split(raw).join(norm(raw));
  }
  // wrapScheduler's failure log: `<lines>\nUncaught <error text>\n`.
  function normRunLog(log) {
    var at = log.indexOf('\nUncaught ');
    if (at < 0) return log;
    var start = at + '\nUncaught '.length;
    return log.substring(0, start) + norm(log.substring(start, log.length - 1)) + '\n';
  }
  function normCollected(c) {
    var o = { text: c.text, changes: c.changes, answers: c.answers };
    if ('value' in c) o.value = c.value === undefined ? '<undefined>' : c.value;
    if ('error' in c) o.error = norm(c.error);
    return o;
  }
  function typeOf(v) {
    if (v === null) return 'null';
    if (v instanceof Array) return 'array';
    return typeof v;
  }
  // A label that tells apart what JSON would not (undefined, NaN, 1 and "1").
  function label(v) {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return (v === 0 && 1 / v < 0) ? '-0' : String(v);
    if (typeof v === 'function') return '<function>';
    if (v === undefined) return '<undefined>';
    if (v === null) return '<null>';
    return '<' + typeOf(v) + ' ' + JSON.stringify(v) + '>';
  }
  function labels(list) {
    if (!(list instanceof Array)) return label(list);
    var o = [];
    for (var i = 0; i < list.length; i++) o.push(label(list[i]));
    return o;
  }
  function sign(n) {
    return n < 0 ? '-' : n > 0 ? '+' : n === 0 ? '0' : '?';
  }
  function bools(list, fn) {
    var s = '';
    for (var i = 0; i < list.length; i++) s += fn(list[i]) ? '1' : '0';
    return s;
  }
  function matrix(list, cmp) {
    var rows = [];
    for (var i = 0; i < list.length; i++) {
      var row = '';
      for (var j = 0; j < list.length; j++) row += sign(cmp(list[i], list[j]));
      rows.push(row);
    }
    return rows;
  }
  function jsonCopy(v) {
    return JSON.parse(JSON.stringify(v));
  }
  function section(name, fn) {
    try {
      out[name] = fn();
    } catch (e) {
      out[name] = { threw: norm(V.log.errorText(e)) };
    }
  }
  function withProto(json) {
    // JSON.parse makes `__proto__` an own key, which a literal would not.
    return JSON.parse(json);
  }
  function Inherits() { this.own = 'mine'; }
  Inherits.prototype.inherited = 'theirs';

  var fn = function () { return 1; };
  var LONG = '';
  while (LONG.length < 120) LONG += 'x';
  var NON_JSON = [undefined, NaN, Infinity, -Infinity, -0, fn, new Inherits(),
    withProto('{"__proto__": {"x": 1}, "name": "p"}')];

  var T = V.version;

  // -- version ---------------------------------------------------------------
  var table = D.versionTable.concat([undefined, NaN, Infinity, -Infinity, {}, [], true, false, fn]);

  section('version.compare', function () {
    return { labels: labels(table), compare: matrix(table, T.compare), descending: matrix(table, T.descending) };
  });

  section('version.less', function () {
    var strs = [];
    for (var i = 0; i < D.versionTable.length; i++) {
      if (typeof D.versionTable[i] === 'string') strs.push(D.versionTable[i]);
    }
    var o = { plain: [], semver: [], notAFunction: [] };
    for (var a = 0; a < strs.length; a++) {
      o.plain.push(bools(strs, function (b) { return T.less(strs[a], b); }));
      o.semver.push(bools(strs, function (b) { return T.less(strs[a], b, T.compareSemver); }));
      o.notAFunction.push(bools(strs, function (b) { return T.less(strs[a], b, 'compare'); }));
    }
    return o;
  });

  section('version.chunks', function () {
    var o = [];
    for (var i = 0; i < table.length; i++) o.push([label(table[i]), T.chunks(table[i]), T.isVersionKey(table[i])]);
    return o;
  });

  section('version.order', function () {
    var lists = D.sortLists.concat([
      table,
      ['v2', undefined, 'v1', null, NaN, 'v1'],
      [true, null, {}, false, 'v1', null, true],
      [fn, 'v1', [], 'v0'],
    ]);
    var byLength = function (a, b) { return label(a).length - label(b).length; }; // ties on purpose
    var o = [];
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i], before = labels(list);
      o.push({
        list: before,
        sort: labels(T.sort(list)),
        rsort: labels(T.rsort(list)),
        sortSemver: labels(T.sort(list, T.compareSemver)),
        rsortSemver: labels(T.rsort(list, T.compareSemver)),
        sortNotAFunction: labels(T.sort(list, 5)),
        sortByLength: labels(T.sort(list, byLength)),
        max: label(T.max(list)),
        min: label(T.min(list)),
        latest: label(T.latest(list)),
        maxSemver: label(T.max(list, T.compareSemver)),
        minSemver: label(T.min(list, T.compareSemver)),
        maxByLength: label(T.max(list, byLength)),
        minByLength: label(T.min(list, byLength)),
        unchanged: JSON.stringify(labels(list)) === JSON.stringify(before),
      });
    }
    var notLists = [null, undefined, 'v1', { 0: 'v1', length: 1 }, 5];
    for (var n = 0; n < notLists.length; n++) {
      var x = notLists[n];
      o.push({ notAList: label(x), sort: T.sort(x), rsort: T.rsort(x), max: label(T.max(x)), min: label(T.min(x)) });
    }
    return o;
  });

  section('version.semver', function () {
    var list = D.semver;
    var both = list.concat([null, undefined, 1, 1.5, 'v1', 'v1.0']);
    return {
      count: list.length,
      isSemver: bools(list, T.isSemver),
      isSemverOdd: labels([T.isSemver(null), T.isSemver(1), T.isSemver(undefined), T.isSemver({})]),
      sorted: labels(T.sort(both, T.compareSemver)),
      rsorted: labels(T.rsort(both, T.compareSemver)),
      sortedVerwalter: labels(T.sort(list)),
      max: label(T.max(list, T.compareSemver)),
      min: label(T.min(list, T.compareSemver)),
      matrix: matrix(list, T.compareSemver),
      odd: matrix([null, undefined, 1, '1', '1.0.0', 1.5, 'v1', NaN], T.compareSemver),
    };
  });

  // versions, buttons and parents as the generators make them
  var G = V.gen;
  var BASE = G.BASE_TIMESTAMP;
  var runtimes = {
    counted: G.versions(3),
    named: G.versions('v1.0', 'v1.10', 'v1.9', 'v2.0-rc1', 'v0.1', { daemons: { web: { image: 'web' } } }),
    templated: G.versions('v1', 'v2', function (v, i) { return { idx: i, name: v, containers: ['c-' + v] }; }),
    withParams: (function () {
      var r = G.versions('v1.0', 'v1.1');
      r.config = { a: 1 };
      r.vanity = 'x';
      r.V9 = 'not a version';
      r['v'] = 'no digit';
      r.v9x = { timestamp: 'soon' };
      return r;
    })(),
    proto: withProto('{"__proto__": {"x": 1}, "v1.0": {"timestamp": 1}, "v0.5": {}}'),
    lua: [],
    none: null,
    text: 'v1.0',
    inherited: new Inherits(),
  };
  var runtimeNames = ['counted', 'named', 'templated', 'withParams', 'proto', 'lua', 'none', 'text', 'inherited'];

  section('version.util', function () {
    var o = {};
    for (var i = 0; i < runtimeNames.length; i++) {
      var r = runtimes[runtimeNames[i]];
      o[runtimeNames[i]] = { numbers: T.versionNumbers(r), split: T.splitVersions(r) };
    }
    return o;
  });

  var buttons = {};
  buttons[String(BASE + 7)] = G.button({ role: 'web', version: 'v1.9' });
  buttons[String(BASE + 14)] = G.button({ role: 'web', version: 'v1.10' });
  buttons[String(BASE + 21)] = G.button({ role: 'web', version: 'v9.9' });
  buttons.soon = G.button({ role: 'web', version: 'v1.0' });
  buttons[String(BASE + 28)] = G.button({ role: 'web', action: 'restart' });
  buttons[String(BASE + 35)] = { button: null };
  buttons[String(BASE + 42)] = 'text';
  buttons[String(BASE + 49) + '.0'] = G.button({ version: 'v1.0' });
  buttons[' ' + String(BASE + 49)] = G.button({ version: 'v2.0-rc1' });
  var tieButtons = { '1000': G.button({ version: 'v1.9' }), '1000.0': G.button({ version: 'v1.10' }), '999': G.button({ version: 'v2.0-rc1' }) };
  var parentsList = [
    G.schedule({ version: 'v1.9', version_timestamp: BASE + 10, owner_hostname: 'host2' }),
    G.schedule({ version: 'v1.10', version_timestamp: String(BASE + 10), owner_hostname: 'host3' }),
    G.schedule({ version: 'v0.1', version_timestamp: BASE + 5 }),
    G.schedule({ version: 'v7.0', version_timestamp: BASE + 1000 }),
    G.schedule({ version: 'v1.0', version_timestamp: 'later' }),
    G.schedule({ version: 5, version_timestamp: BASE }),
    null, 'x', [],
  ];

  section('version.chosen', function () {
    var valid = T.versionNumbers(runtimes.named).set;
    var o = {};
    var lines = [];
    var lg = new V.log.Logger('web', '', lines);
    o.button = T.latestVersionButton(buttons, valid, lg);
    o.buttonTie = T.latestVersionButton(tieButtons, valid, lg);
    o.buttonNoValid = T.latestVersionButton(buttons, null, lg);
    o.buttonNotObject = [T.latestVersionButton(null, valid), T.latestVersionButton([], valid), T.latestVersionButton('x', valid)];
    o.parent = T.latestParentVersion(parentsList, valid, lg);
    o.parentFirstTwo = T.latestParentVersion(parentsList.slice(0, 2), valid, lg);
    o.parentReversed = T.latestParentVersion(parentsList.slice(0, 2).reverse(), valid, lg);
    o.parentNoValid = T.latestParentVersion(parentsList, 'x', lg);
    o.parentNotList = [T.latestParentVersion(null, valid), T.latestParentVersion({ 0: parentsList[0] }, valid)];
    o.lines = lines;
    o.unlogged = V.log.collect(function () {
      return [T.latestVersionButton(buttons, valid), T.latestParentVersion(parentsList, valid, 'not a logger')];
    });
    return o;
  });

  section('version.select', function () {
    var scenarios = [
      { runtime: runtimes.named, actions: {}, parents: [] },
      { runtime: runtimes.named, actions: buttons, parents: [], now: BASE + 500 },
      { runtime: runtimes.named, actions: buttons, parents: parentsList, now: BASE + 500 },
      { runtime: runtimes.named, actions: {}, parents: parentsList.slice(0, 3) },
      { runtime: runtimes.named, actions: {}, parents: [G.schedule({ version: 'v2.0-rc1', version_timestamp: (BASE / 1000 + 3600 * 4) * 1000 })] },
      { runtime: runtimes.named, actions: {}, parents: [G.schedule({ version: 'v1.0', version_timestamp: (BASE / 1000 + 3600 * 4) * 1000 + 1 })] },
      { runtime: runtimes.named, actions: tieButtons, parents: parentsList.slice(0, 1), now: '12' },
      { runtime: runtimes.withParams, actions: buttons, parents: parentsList },
      { runtime: runtimes.proto, actions: {}, parents: [] },
      { runtime: {}, actions: {}, parents: parentsList },
      { runtime: {}, actions: {}, parents: [] },
      { runtime: null, actions: null, parents: null },
      { runtime: runtimes.named, actions: buttons, parents: parentsList, now: BASE, log: 'not a logger' },
      null, 'x', [],
    ];
    var o = [];
    for (var i = 0; i < scenarios.length; i++) {
      var lines = [];
      var s = scenarios[i];
      var given = s;
      if (s && typeof s === 'object' && !(s instanceof Array) && !('log' in s)) {
        given = {};
        for (var k in s) if (Object.prototype.hasOwnProperty.call(s, k)) given[k] = s[k];
        given.log = G.logger('web');
        given.log.lines = lines;
      }
      var auto = V.log.collect(function () { return T.selectAuto(given); });
      var manual = V.log.collect(function () { return T.selectManual(given); });
      o.push({ auto: normCollected(auto), manual: normCollected(manual), lines: lines });
    }
    return o;
  });

  // -- validate --------------------------------------------------------------
  var Va = V.validate;
  var values = D.validateValues.concat(NON_JSON);

  section('validate.typeName', function () {
    var o = [];
    for (var i = 0; i < values.length; i++) o.push(Va.typeName(values[i]));
    return o;
  });

  section('validate.closest', function () {
    var known = ['auto_revert_ms', 'template', 'deployed_lifetime_ms'];
    var names = ['autoRevertMs', 'tmplate', 'TEMPLATE', 'colour', '', 'x', 'deployed-lifetime-ms', '__proto__'];
    var o = [];
    for (var i = 0; i < names.length; i++) o.push(Va.closest(names[i], known));
    o.push(Va.closest('a', []), Va.closest(5, known), Va.closest('a', null), Va.closest('ab', ['ab', 7, null]));
    return o;
  });

  section('validate.results', function () {
    var item = Va.object({ name: Va.string(), extra: Va.optional(Va.boolean()) });
    var shape = {
      name: Va.string(/^[a-z]+$/),
      port: Va.optional(Va.numberIn(1, 65535, true)),
      tags: Va.withDefault(Va.list(Va.string()), []),
      meta: Va.withDefault(Va.object({ a: Va.number() }, { allowExtra: true }), { a: 0 }),
    };
    var choice = Va.choice('kind', {
      a: Va.object({ kind: Va.constant('a'), x: Va.number() }),
      b: Va.object({ kind: Va.constant('b'), y: Va.string() }),
    });
    var validators = [
      ['any', Va.any()],
      ['constant x', Va.constant('x')],
      ['constant 1', Va.constant(1)],
      ['constant null', Va.constant(null)],
      ['constant true', Va.constant(true)],
      ['number', Va.number()],
      ['numberIn 0..10', Va.numberIn(0, 10)],
      ['numberIn >=1 int', Va.numberIn(1, Infinity, true)],
      ['numberIn -1.5..1.5', Va.numberIn(-1.5, 1.5)],
      ['timestamp', Va.timestamp()],
      ['boolean', Va.boolean()],
      ['string', Va.string()],
      ['string /^v[0-9]+$/', Va.string(/^v[0-9]+$/)],
      ['string /a/gi (stateful)', Va.string(/a/gi)],
      ['string "not a regexp"', Va.string('not a regexp')],
      ['oneOf', Va.oneOf(['a', 1, true, 'web'])],
      ['oneOf not a list', Va.oneOf('abc')],
      ['optional number', Va.optional(Va.number())],
      ['withDefault number', Va.withDefault(Va.number(), 5)],
      ['object', Va.object(shape)],
      ['object allowExtra', Va.object(shape, { allowExtra: true })],
      ['object empty', Va.object({})],
      ['object of optionals', Va.object({ name: Va.optional(Va.string()), port: Va.withDefault(Va.number(), 80), tags: Va.optional(Va.list(Va.any())) })],
      ['map', Va.map(Va.string(/^[a-z]+$/), Va.number())],
      ['map of lists', Va.map(Va.string(), Va.list(Va.number()))],
      ['list number', Va.list(Va.number())],
      ['list of objects', Va.list(item)],
      ['list of lists', Va.list(Va.list(Va.number()))],
      ['or', Va.or([Va.number(), Va.string(/^[0-9]+$/), Va.list(Va.number())])],
      ['or none', Va.or([])],
      ['or not a list', Va.or('x')],
      ['choice', choice],
      ['choice tag not a string', Va.choice(5, { a: Va.any() })],
      ['nested', Va.object({ meta: Va.object({ a: Va.object({ b: Va.list(Va.or([Va.number(), Va.object({ c: Va.number() })])) }) }), name: Va.constant('deep') })],
      ['throws Error', { convert: function () { throw new RangeError('nope'); } }],
      ['throws string', { convert: function () { throw 'plain'; } }],
      ['throws object', { convert: function () { throw { code: 5 }; } }],
      ['list without item', Va.list()],
      ['not a validator {}', {}],
      ['not a validator null', null],
      ['list of non-validator', Va.list({ convert: 'no' })],
      ['object with a throwing key', Va.object({ name: { convert: function () { throw new Error('deep nope'); } } })],
    ];
    var o = [];
    for (var v = 0; v < validators.length; v++) {
      var rows = [];
      for (var i = 0; i < values.length; i++) {
        var r = Va.validate(validators[v][1], values[i], '$');
        // ok, value, errors, and nothing else
        rows.push({ ok: r.ok, value: r.value === undefined ? '<undefined>' : r.value, errors: r.errors });
      }
      o.push({ validator: validators[v][0], results: rows });
    }
    return o;
  });

  section('validate.paths and defaults', function () {
    var shape = Va.object({ groups: Va.withDefault(Va.map(Va.string(), Va.any()), {}), n: Va.number() });
    var first = Va.validate(shape, { n: 1 });
    first.value.groups.added = true; // must not change the next default
    var second = Va.validate(shape, { n: '2' }, 'state.web');
    var third = Va.validate(shape, [], 5);
    var flags = Va.optional(Va.withDefault(Va.number(), 3));
    return {
      first: first, second: second, third: third,
      flags: [flags.optional, flags.hasDefault, flags.defaultValue],
      unflagged: [Va.number().optional === undefined, Va.number().hasDefault === undefined],
    };
  });

  // -- repr ------------------------------------------------------------------
  section('repr', function () {
    var deep = { a: { b: { c: { d: { e: 1 } } } } };
    var sparse = [];
    sparse[3] = 'x';
    var cyclic = { name: 'loop' };
    cyclic.self = cyclic;
    var more = NON_JSON.concat([deep, sparse, cyclic, [fn, { f: fn }], G.role('web'), new V.log.Logger('r', 'p: '), new Error('as value')]);
    var all = D.reprValues.concat(more);
    var o = [];
    for (var i = 0; i < all.length; i++) {
      var row = [V.repr(all[i])];
      var levels = [1, 2, 3, -1, '2', 2.5];
      for (var l = 0; l < levels.length; l++) row.push(V.repr(all[i], levels[l]));
      o.push(row);
    }
    return o;
  });

  // -- log -------------------------------------------------------------------
  var L = V.log;
  var ARGS = ['text', 5, null, undefined, true, { a: [1, 'x'] }, ['l'], fn, NaN, 'x\ny', ''];

  section('log.logger', function () {
    var lines = [];
    var loggers = [
      new L.Logger('web', '', lines),
      new L.Logger('db', 'pre: ', lines),
      new L.Logger(undefined, undefined, lines),
      new L.Logger('', '', lines),
      new L.Logger({ role: 1 }, 5, lines),
      G.logger('gen'),
      G.logger(),
    ];
    loggers.push(loggers[0].sub('a'), loggers[0].sub('a').sub('b'), loggers[1].sub({ x: 1 }).sub('c'), loggers[5].sub('s'));
    for (var i = 0; i < loggers.length; i++) {
      var lg = loggers[i];
      lg.debug.apply(lg, ARGS);
      lg.error('error', i);
      lg.change('change', i, { to: 'v2' });
      lg.invalid('Bad config', { name: LONG, list: [1, 2, 3] }, ['$.name: too long', '$.list: bad']);
      lg.invalid({ not: 'a string' }, 'data', 'one error, not a list');
      lg.invalid('No errors', null, []);
      lg.debug();
    }
    var self = G.logger('self');
    self.invalid('own lines', 'x', self.lines);
    return {
      lines: lines,
      gen: loggers[5].lines,
      genNoRole: loggers[6].lines,
      genSub: loggers[10].lines,
      self: self.lines,
      fields: [loggers[4].role, loggers[4].prefix, loggers[7].prefix, loggers[8].prefix, loggers[9].prefix, loggers[2].role],
    };
  });

  section('log.collect', function () {
    var o = {};
    o.plain = normCollected(L.collect(function () {
      var web = new L.Logger('web');
      var sub = web.sub('group').sub('g1');
      web.debug('hello', { n: 1 });
      sub.error('bad', [1, 2]);
      sub.change('v1', '->', 'v2');
      web.invalid('Invalid parent', { state: [] }, ['$.state: not an object']);
      L.roleDebug('other', 'some', 'data');
      L.roleError({ odd: 'role' }, 'err');
      L.roleChange('other', 'important', 'change');
      L.print('printed', 1, null);
      L.print();
      L.answer('1465479290007', { ok: true });
      L.answer('1465479290014', undefined);
      L.answer(5, 'five');
      L.answer('__proto__', 'proto');
      L.answer({ id: 1 }, [1]);
      L.answer('1465479290007', 'replaced');
      return { done: true };
    }));
    o.nested = (function () {
      var inner;
      var outer = L.collect(function () {
        L.print('outer before');
        L.roleChange('o', 'outer change');
        inner = L.collect(function () {
          L.print('inner');
          L.roleChange('i', 'inner change');
          L.answer('a', 1);
          throw new Error('inner failed');
        });
        L.print('outer after');
        L.answer('b', 2);
        return 'outer value';
      });
      return { outer: normCollected(outer), inner: normCollected(inner) };
    })();
    var throwables = [
      function () { throw new Error('boom'); },
      function () { throw new Error('y'); },
      function () { throw new Error('m'); },
      function () { throw new TypeError('bad type'); },
      function () { throw new RangeError(''); },
      function () { var e = new Error('named'); e.name = 'CustomError'; throw e; },
      function () { throw new Error('line one\nline two'); },
      function () { throw 'a plain string'; },
      function () { throw 42; },
      function () { throw null; },
      function () { throw undefined; },
      function () { throw { message: 'message only' }; },
      function () { throw { message: 5, stack: 'custom stack' }; },
      function () { throw { toString: 1, message: { toString: 1 } }; },
      function () { throw { name: 'N', message: 'm', stack: 'N: m\n  custom' }; },
      function () { throw [1, 2]; },
      function () { return undefined; },
      function () { return L.collect(function () { return 'inner'; }); },
    ];
    o.throwables = [];
    for (var i = 0; i < throwables.length; i++) o.throwables.push(normCollected(L.collect(throwables[i])));
    return o;
  });

  section('log.errorText', function () {
    var things = [new Error('boom'), new Error('y'), new Error('in'), new Error(''), new TypeError('t'), new SyntaxError('s'),
      'str', 5, null, undefined, true, { message: 'm' }, { message: 'm', name: 'N' }, { stack: 's' }, { message: 1, stack: 's' },
      { toString: 1, message: { toString: 1 } }, [], {}, fn];
    var o = [];
    for (var i = 0; i < things.length; i++) o.push(norm(L.errorText(things[i])));
    return o;
  });

  section('log.wrapScheduler', function () {
    var behaviours = {
      logs: function (input) {
        var web = new L.Logger('web');
        web.debug('input keys', V.json.keys(input || {}));
        web.sub('sub').change('switched', 'v1', '->', 'v2');
        L.roleChange('db', 'restarted');
        L.print('printed');
        console.log('console', { a: 1 });
        console.info('info');
        console.warn('warn');
        console.error('error', [1]);
        console.debug('debug');
        L.answer(String(BASE + 7), { done: 1 });
        return { state: { web: { v: 'v2' } }, changes: ['earlier change'] };
      },
      changesNotList: function () { L.roleChange('x', 'c'); return { changes: 'nope' }; },
      quiet: function () { return { a: 1 }; },
      throwsError: function () { L.print('before'); L.answer('1', 'answered before'); new L.Logger('web').change('lost'); throw new Error('scheduler broke'); },
      throwsShort: function () { throw new Error('x'); },
      throwsString: function () { throw 'string thrown'; },
      throwsObject: function () { throw { reason: 'object thrown' }; },
      returnsNull: function () { return null; },
      returnsArray: function () { return []; },
      returnsNumber: function () { return 5; },
      returnsUndefined: function () {},
      returnsString: function () { return 'schedule'; },
    };
    var inputs = [
      G.input(),
      G.input({ parents: [G.schedule({ owner_hostname: 'host1' })] }),
      G.input({ parents: [G.schedule({ owner_hostname: 'host2' }), G.schedule({ owner_hostname: 'host3' }), null] }),
      G.input({ current_host: { odd: 1 } }),
      { parents: 'x' },
      {},
      null,
      undefined,
      'text',
    ];
    var names = ['logs', 'changesNotList', 'quiet', 'throwsError', 'throwsShort', 'throwsString', 'throwsObject',
      'returnsNull', 'returnsArray', 'returnsNumber', 'returnsUndefined', 'returnsString'];
    var saved = console.log;
    var o = [];
    for (var n = 0; n < names.length; n++) {
      var run = L.wrapScheduler(behaviours[names[n]]);
      for (var i = 0; i < inputs.length; i++) {
        if (i > 1 && n > 2 && i !== 6) continue; // the failures once or twice are enough
        var r = run(inputs[i]);
        o.push({ scheduler: names[n], input: i, schedule: r.schedule, log: normRunLog(r.log), actions: r.actions,
          keys: V.json.keys(r) });
      }
    }
    return { runs: o, consoleRestored: console.log === saved };
  });

  // -- json ------------------------------------------------------------------
  var J = V.json;
  section('json', function () {
    var all = values.concat([{ a: 1, '': 2 }, [[]]]);
    var o = { isObject: bools(all, J.isObject), isEmpty: bools(all, J.isEmpty), rows: [] };
    for (var i = 0; i < all.length; i++) {
      var v = all[i];
      var copy = J.clone(v);
      o.rows.push({
        v: label(v),
        keys: J.keys(v),
        countKeys: J.countKeys(v),
        objectOrEmpty: label(J.objectOrEmpty(v)),
        clone: label(copy),
        cloneKeys: J.keys(copy),
        cloneShared: v !== null && typeof v === 'object' && copy === v,
        toSet: J.toSet(v),
        values: labels(J.values(v)),
        // (a function's own `name` is ES2015: Duktape's functions have none)
        has: [typeof v === 'function' ? 'function' : J.has(v, 'name'), J.has(v, '0'), J.has(v, 0), J.has(v, '__proto__'), J.has(v, 'inherited'), J.has(v, { toString: 1 }), J.has(v, 'length')],
      });
    }
    o.toNumber = [];
    var nums = D.toNumberValues.concat([undefined, NaN, Infinity]);
    for (var t = 0; t < nums.length; t++) o.toNumber.push([label(nums[t]), label(J.toNumber(nums[t]))]);
    o.actionTime = [];
    for (var a = 0; a < nums.length; a++) o.actionTime.push([label(nums[a]), label(J.actionTime(nums[a]))]);
    var target = {};
    J.setKey(target, 'a', 1);
    J.setKey(target, '__proto__', { polluted: true });
    J.setKey(target, 5, 'five');
    J.setKey(target, { toString: 1 }, 'object key');
    J.setKey(target, null, 'null key');
    J.setKey(null, 'a', 1);
    J.setKey('str', 'a', 1);
    o.setKey = { keys: J.keys(target), json: JSON.stringify(target), polluted: ({}).polluted === undefined && target.polluted === undefined };
    var nested = { a: [1, { b: 2 }], c: { d: [] } };
    var deepCopy = J.clone(nested);
    deepCopy.a[1].b = 3;
    deepCopy.c.d.push(1);
    o.cloneIndependent = nested;
    o.merge = [
      J.merge(),
      J.merge({ a: 1, b: 1 }, { b: 2, c: 2 }, null, 'str', [9, 8], { __x: 1 }, withProto('{"__proto__": 1}')),
      J.keys(J.merge(new Inherits(), { z: 1 })),
    ];
    var base = [1];
    var extended = J.extend(base, [2, 3], 'no', null, [[4]], { 0: 5, length: 1 });
    o.extend = [extended, extended === base, J.extend(null, [1]), J.extend('x'), J.extend([])];
    o.mapEntries = [
      J.mapEntries({ a: 'x', b: 'y', c: 'z' }, function (k, v) { return [v, k]; }),
      J.mapEntries({ a: 1, b: 2, c: 3 }, function (k, v) { return v % 2 ? [k + k, v * 10] : null; }),
      J.mapEntries({ a: 1, b: 2 }, function (k) { return k === 'a' ? [5, 'number key'] : ['__proto__', 'p']; }),
      J.mapEntries({ a: 1 }, 'not a function'),
      J.mapEntries(null, function (k, v) { return [k, v]; }),
      J.keys(J.mapEntries(withProto('{"__proto__": 1, "x": 2}'), function (k, v) { return [k, v]; })),
    ];
    o.toSet = [J.toSet(['v1', 'v2', 5, null, 'v1', '__proto__']), J.keys(J.toSet(['__proto__'])), J.toSet({ a: 'x', b: 1 }), J.toSet('str')];
    return o;
  });

  // -- gen -------------------------------------------------------------------
  var peerSet = { host1: true };
  var inputFields = {
    runtime: {
      web: G.versions('v1.0', 'v1.10', 'v1.9', { daemons: { main: { image: 'web-img' }, side: { image: 'side-img' } } }),
      db: G.versions(2, function (v, i) { return { containers: ['db-' + i, 'shared'] }; }),
      dbproj: G.versions('v5.0'),
      lua: [],
      broken: 5,
    },
    actions: [
      G.button({ role: 'web', version: 'v1.9' }),
      G.button({ role: 'db', action: 'restart', group: 'g1' }),
      G.button({ role: 'ghost', version: 'v1' }),
      G.button({ version: 'v1' }),
      { note: 'no button' },
      G.button({ role: 5 }),
    ],
    parents: [
      G.schedule({ owner_hostname: 'host2', state: { web: { groups: { g: { version: 'v1.9' } } }, db: [] },
        nodes: { host1: { roles: { web: { daemons: { 'g-web': { image: 'old' } } }, db: 'x' } }, host2: { roles: { web: { daemons: {} } } } } }),
      G.schedule({ owner_hostname: 'host3', state: { web: 'not an object', db: null, broken: { kept: true } } }),
      G.schedule({ state: [] }),
      G.schedule({ state: { web: { groups: {} } } }),
      null,
      'x',
    ],
    metrics: [
      G.steadyMetric(1, 'web', 'cpu', 3, 0.5),
      G.steadyMetric(2, 'web', 'mem', 2, 1),
      G.steadyMetric(1, 'db', 'cpu', 1, 2),
      G.steadyMetric('unknownpeer', 'web', 'cpu', 1, 1),
      G.steadyMetric(9, 'web', 'cpu', 1, 1),
    ],
    peer_set: peerSet,
  };
  var input = G.input(inputFields);

  section('gen', function () {
    var rep = G.repeat({ a: [1] }, 3);
    rep[0].a.push(2);
    var r = G.role('web');
    var lg = G.logger('x');
    lg.debug('one');
    lg.sub('s').change('two');
    return {
      BASE_TIMESTAMP: G.BASE_TIMESTAMP,
      HOSTS: G.HOSTS,
      range: [G.range(0, 1, 3), G.range(10, -2.5, 4), G.range(1, 1, NaN), G.range(1, 1, Infinity), G.range(1, 1, -2), G.range(1, 1, 2.5), G.range(1, 1, '3')],
      repeat: [rep, G.repeat('x', 2), G.repeat(null, 0), G.repeat(1, Infinity)],
      schedule: [G.schedule(), G.schedule(null), G.schedule({ state: { a: 1 }, peers: {}, parents: null }),
        G.schedule({ actions: { '1': 'a', '1465479290000': 'b', x: 'c', '-1': 'd', '1.5': 'e', '1e3': 'f' } }),
        G.schedule({ metrics: { p: { 'r.m': 1 } } })],
      scheduleTwice: (function () {
        try { return G.schedule({ metrics: [G.steadyMetric(1, 'web', 'cpu', 1, 1), G.steadyMetric(1, 'web', 'cpu', 1, 2)] }); } catch (e) { return { threw: norm(L.errorText(e)) }; }
      })(),
      input: [input, G.input(), G.input({ now: 5, current_host: 'h9', current_id: 'i9', runtime: null })],
      versions: [G.versions(), G.versions(0), G.versions(NaN), G.versions(2, 'v9', 'v9'), G.versions('v1', null, true, { a: 1 }, { b: 2 }),
        G.versions('v1', 'v2', function (v, i) { return i ? 'not an object' : { first: v }; })],
      button: [G.button({ role: 'web', version: 'v1' }), G.button(null), G.button('x')],
      steadyMetric: [G.steadyMetric(1, 'web', 'cpu', 3, 0.5), G.steadyMetric('peer', 'r', 'm', 0, 1), G.steadyMetric(9, 'r', 'm', 1, 1),
        G.steadyMetric(4, { odd: 1 }, 5, 1, null)],
      role: [r.name, r.state, r.versions, r.descendingVersions, r.parameters, r.aliveVersions, r.nodes, r.extra, r.error, r.actions, r.parents, String(r), r.output()],
      logger: lg.lines,
    };
  });

  // -- split -----------------------------------------------------------------
  var S = V.split;
  var ROLES = ['web', 'db', 'dbproj', 'lua', 'broken', 'ghost', '', 5, null];
  section('split', function () {
    var inputs = [input, G.input(), {}, null, 'x', { actions: [], parents: {}, metrics: [], peers: [] },
      { actions: { a: G.button({ role: 'web' }) }, parents: [{ state: { web: [] } }], metrics: { p: { 'web.x': 1 } }, peers: { p: { hostname: 'h' } } }];
    var o = { actionRole: [], byInput: [] };
    var acts = J.values(input.actions).concat([null, 'x', { button: { role: 5 } }, { button: 'web' }]);
    for (var a = 0; a < acts.length; a++) o.actionRole.push(S.actionRole(acts[a]));
    for (var i = 0; i < inputs.length; i++) {
      var rows = {};
      for (var r = 0; r < ROLES.length; r++) {
        rows[label(ROLES[r])] = { actions: S.actions(inputs[i], ROLES[r]), states: S.states(inputs[i], ROLES[r]), metrics: S.metrics(inputs[i], ROLES[r]) };
      }
      o.byInput.push(rows);
    }
    o.stateByRole = [
      S.stateByRole(input, { web: {}, db: { runtime: 'dbproj', daemons: { d: { image: 'x' } } }, ghost: null, lua: { runtime: 5, daemons: [] } }),
      S.stateByRole(G.input({ now: 'soon' }), { web: {} }),
      S.stateByRole(null, { web: {} }),
      S.stateByRole(input, null),
    ];
    return o;
  });

  // -- role ------------------------------------------------------------------
  var R = V.role;
  function roleView(role) {
    return {
      name: role.name, state: role.state, versions: role.versions, descendingVersions: role.descendingVersions,
      parameters: role.parameters, aliveVersions: role.aliveVersions, nodes: role.nodes, extra: role.extra,
      error: norm(role.error), logRole: role.log.role, text: String(role), output: role.output(), mine: role.mine,
    };
  }
  section('role', function () {
    var calls = [];
    var hooks = {
      update_done: function (role, group) { calls.push('hook ' + role.name + ' ' + group); },
      not_a_function: 5,
    };
    var factory = function (role, runtime) {
      calls.push('factory ' + role.name + ' ' + J.keys(runtime).join(','));
      return {
        prepare: function (p) {
          calls.push({
            role: p.role === role, runtimeSame: p.runtime === runtime, input: p.input === input,
            actions: p.actions, parents: p.parents, hooks: J.keys(p.hooks),
          });
          role.log.debug('preparing', role.descendingVersions);
          if (role.name === 'broken' || role.name === 'db') {
            role.state = { half: 'done' };
            throw new Error('driver broke on ' + role.name);
          }
          if (role.name === 'lua') throw 'lua driver threw a string';
          var newest = role.descendingVersions[0];
          role.state = { groups: { g: { version: newest } } };
          role.nodes = { host1: { daemons: { 'g-main': { image: 'web-img', instances: 2 } } }, host2: 'not a node', host3: {} };
          role.aliveVersions = role.descendingVersions.slice(0, 2).concat([5, 'v404']);
          role.extra = { frontend: 'overridden?', custom: [1] };
          role.mine = 'driver field';
          if (p.hooks.update_done) p.hooks.update_done(role, 'g', {});
          role.log.change('prepared', newest);
        },
      };
    };
    var o = {};
    var run;
    var collected = L.collect(function () { run = R.fromState(input, factory, hooks); return J.keys(run); });
    var raw = [];
    for (var k in run) if (Object.prototype.hasOwnProperty.call(run, k) && run[k].error) raw.push(run[k].error);
    for (var e = 0; e < raw.length; e++) collected.text = normIn(collected.text, raw[e]);
    o.fromState = normCollected(collected);
    o.roles = {};
    for (var n in run) if (Object.prototype.hasOwnProperty.call(run, n)) o.roles[n] = roleView(run[n]);
    o.calls = calls;
    o.merged = R.mergeOutput(run);
    var plain = {};
    o.noDriver = normCollected(L.collect(function () {
      plain = R.fromState(input);
      return J.keys(plain);
    }));
    o.noDriverRoles = {};
    for (var p in plain) if (Object.prototype.hasOwnProperty.call(plain, p)) o.noDriverRoles[p] = roleView(plain[p]);
    o.mergedNoDriver = R.mergeOutput(plain);
    o.odd = normCollected(L.collect(function () {
      return [J.keys(R.fromState(null)), J.keys(R.fromState({ runtime: 'x' })), J.keys(R.fromState({ runtime: [] })),
        J.keys(R.fromState(G.input({ runtime: { a: G.versions(1) } }), 'not a factory')),
        J.keys(R.fromState(withProto('{"runtime": {"__proto__": {"v1": {}}, "ok": []}}'), function () { return { prepare: function () {} }; }))];
    }));
    var fields = R.fromFields({ name: 'custom', versions: { 'v1': { containers: ['c1', 'c0', 'c1'] }, 'v2': { daemons: { d: { image: 'i2' } } }, 'v3': null, 'v4': 'bad' },
      descendingVersions: ['v4', 'v3', 'v2', 'v1'], extra: { note: 'x', versions: 'shadowed' }, state: {}, nodes: { h: { a: 1 }, g: [] } });
    var numbered = new R.Role({ name: 7 });
    numbered.aliveVersions = ['v9'];
    o.fromFields = [roleView(fields), roleView(numbered), roleView(G.role('bare'))];
    o.mergeOdd = R.mergeOutput({ a: fields, b: null, c: { output: 5 }, d: numbered });
    o.unrouted = [R.unroutedActions(input), R.unroutedActions(input, run), R.unroutedActions(input, { web: 1 }), R.unroutedActions(input, {}),
      R.unroutedActions(null), R.unroutedActions({ actions: [] }), R.unroutedActions({ actions: { x: G.button({ role: 'r' }) }, runtime: { r: {} } })];
    o.answerUnrouted = normCollected(L.collect(function () { return R.answerUnrouted(input); }));
    o.answerUnroutedRoles = normCollected(L.collect(function () { return R.answerUnrouted(input, { web: 1, db: 1, ghost: 1 }); }));
    return o;
  });

  return out;
}

/** The script expression: its value is the JSON text of every answer, with
 * every character beyond ASCII escaped (JSON.stringify leaves U+2028 and
 * lone surrogates as they are in some engines and escapes them in others;
 * that is the engines' JSON text, not the toolbox's answers). */
export function expression(data) {
  // ASCII source too: U+2028 may not stand in an ES5 string literal.
  const json = JSON.stringify(data).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `(function () {
  var data = ${json};
  var stray = VerwalterToolbox.log.collect(function () { return (${program.toString()})(VerwalterToolbox, data); });
  var out = { stray: { text: stray.text, changes: stray.changes, answers: stray.answers, threw: 'error' in stray }, corpus: stray.value };
  return JSON.stringify(out).replace(/[\\u007f-\\uffff]/g, function (c) {
    var h = c.charCodeAt(0).toString(16);
    return '\\\\u' + '0000'.substring(h.length) + h;
  });
})()`;
}

export const DATA = {
  versionTable: VERSION_TABLE,
  sortLists: SORT_LISTS,
  semver: semverStrings(),
  validateValues: VALIDATE_VALUES,
  reprValues: REPR_VALUES,
  toNumberValues: TO_NUMBER_VALUES,
};
