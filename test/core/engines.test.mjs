// The core modules (version, validate, log, repr, json, split, role, gen) in
// the engines schedulers run in: ES5-only QuickJS (what verwalter embeds)
// and Duktape 2.x (`duk`). One ES5 program (corpus.mjs) calls every public
// function of them over a fixed corpus and returns its answers as one JSON
// text; Node, QuickJS and duk must give the very same bytes. Stack frames
// are the only part of an answer normalized away (they differ by engine).
import { expect } from 'chai';
import * as acorn from 'acorn';
import semver from 'semver';
import { bundle, needDuk, inDuk, inQuickJS } from '../support/engines.mjs';
import { DATA, expression, SEMVER_COUNT, SEMVER_SEED } from './corpus.mjs';

// One read of the bundle for all three engines, so that a rebuild while the
// tests run can't make them compare different code.
const source = bundle();
const EXPRESSION = expression(DATA);

// The bundle as `require` loads it (the UMD's CommonJS branch).
function load(src) {
  const module = { exports: {} };
  new Function('module', 'exports', src)(module, module.exports);
  return module.exports;
}
const T = load(source);
const evaluate = (toolbox) => new Function('VerwalterToolbox', `return ${EXPRESSION};`)(toolbox);

const CORE = ['version', 'validate', 'log', 'json', 'split', 'role', 'gen'];

// The toolbox with every public function of the core namespaces (and repr)
// counting its calls; classes are subclassed, so that objects made through
// them are still instances of the bundle's own classes.
function counting(toolbox) {
  const calls = {};
  const wrap = (name, f) => {
    calls[name] = 0;
    if (/^[A-Z]/.test(name.split('.').pop())) {
      return class extends f {
        constructor(...args) {
          super(...args);
          calls[name]++;
        }
      };
    }
    return function (...args) {
      calls[name]++;
      return f.apply(this, args);
    };
  };
  const V = { ...toolbox, repr: wrap('repr', toolbox.repr) };
  for (const ns of CORE) {
    V[ns] = {};
    for (const [key, value] of Object.entries(toolbox[ns])) {
      V[ns][key] = typeof value === 'function' ? wrap(`${ns}.${key}`, value) : value;
    }
  }
  return { V, calls };
}

const started = Date.now();
const expected = evaluate(T);
const nodeMs = Date.now() - started;
const answers = JSON.parse(expected).corpus;

// Where two answers differ, for the failure message: the first few paths.
function differences(a, b, path = '$', out = []) {
  if (out.length >= 12) return out;
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const before = out.length;
    for (const k of keys) differences(a[k], b[k], `${path}.${k}`, out);
    if (out.length > before) return out;
  }
  const show = (v) => { const s = JSON.stringify(v); return s === undefined ? 'undefined' : s.length > 300 ? `${s.slice(0, 300)}...` : s; };
  out.push(`${path}\n      node:   ${show(a)}\n      engine: ${show(b)}`);
  return out;
}

function expectSame(text, engine) {
  if (text === expected) return;
  let got;
  try {
    got = JSON.parse(text);
  } catch (e) {
    throw new Error(`${engine} did not answer JSON (${e.message}): ${String(text).slice(0, 500)}`);
  }
  const diff = differences(JSON.parse(expected), got);
  expect.fail(`${engine} differs from Node at:\n    ${diff.join('\n    ')}` +
    (diff.length ? '' : '\n    (same values, other bytes: key order or number text)'));
}

const count = (v) => (Array.isArray(v) ? v.reduce((n, x) => n + count(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce((n, x) => n + count(x), 0) : 1);
const SUMMARY = `${Object.keys(answers).length} sections, ${count(answers)} leaf answers, ${expected.length} bytes`;

describe('core modules: in the scheduler engines', function () {
  this.timeout(60000);

  before(() => {
    console.log(`      corpus: ${SUMMARY}; Node ${nodeMs} ms`);
  });

  it('the engine-side program is ECMAScript 5', () => {
    expect(() => acorn.parse(EXPRESSION, { ecmaVersion: 5, sourceType: 'script' })).not.to.throw();
  });

  it('the corpus calls every public function of the core namespaces, and nothing leaks', () => {
    const { V, calls } = counting(T);
    const text = evaluate(V);
    expect(text, 'counting calls changes no answer').to.equal(expected);
    const public_ = CORE.flatMap((ns) => Object.keys(T[ns]).filter((k) => typeof T[ns][k] === 'function').map((k) => `${ns}.${k}`)).concat('repr');
    expect(public_.filter((name) => !calls[name]), 'never called').to.deep.equal([]);
    expect(public_.length).to.be.above(75);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    console.log(`      ${public_.length} public functions, ${total} calls from the corpus`);
    // Nothing was logged outside a collector, and no section threw.
    const { stray } = JSON.parse(expected);
    expect(stray).to.deep.equal({ text: '', changes: [], answers: {}, threw: false });
    const threw = Object.keys(answers).filter((name) => answers[name] && answers[name].threw !== undefined);
    expect(threw, 'sections that threw').to.deep.equal([]);
  });

  it('Node: the comparison tables are antisymmetric', () => {
    for (const rows of [answers['version.compare'].compare, answers['version.semver'].matrix, answers['version.semver'].odd]) {
      rows.forEach((row, i) => {
        expect(row[i], `row ${i} against itself`).to.equal('0');
        for (let j = 0; j < rows.length; j++) {
          expect(row[j], `${i} vs ${j}`).to.equal({ '-': '+', '+': '-', 0: '0' }[rows[j][i]]);
        }
      });
    }
    const { labels, compare: cmp } = answers['version.compare'];
    const at = (a, b) => cmp[labels.indexOf(JSON.stringify(a))][labels.indexOf(JSON.stringify(b))];
    expect(at('v1', 'v1.0')).to.equal('-'); // a prefix is older
    expect(at('v0.9.4-dirty', 'v0.9.4-10-g93e889d-dirty')).to.equal('-'); // a word is older than a number
    expect(at('v123456789012345678901234567890', 'v123456789012345678901234567891')).to.equal('-');
    expect(at('v9007199254740992', 'v9007199254740993')).to.equal('-');
  });

  it(`Node: compareSemver and isSemver agree with the semver package (${SEMVER_COUNT}+ strings, seed ${SEMVER_SEED})`, () => {
    const list = DATA.semver;
    const { matrix, isSemver } = answers['version.semver'];
    // Strings the semver package reads as we do: not trimmed, no `=`, numbers it can hold.
    const comparable = (s) => s === s.trim() && !s.startsWith('=') && !/[0-9]{16,}/.test(s) && s.length < 256;
    let compared = 0;
    list.forEach((a, i) => {
      if (comparable(a)) expect(isSemver[i] === '1', `isSemver(${JSON.stringify(a)})`).to.equal(semver.valid(a) !== null);
      if (isSemver[i] !== '1' || !comparable(a)) return;
      list.forEach((b, j) => {
        if (isSemver[j] !== '1' || !comparable(b)) return;
        const theirs = semver.compare(a, b);
        if (theirs !== 0) {
          compared++;
          expect(matrix[i][j], `${a} vs ${b}`).to.equal(theirs < 0 ? '-' : '+');
        } else {
          // same precedence: the raw text decides, so the order stays total
          expect(matrix[i][j], `${a} vs ${b}`).to.equal(a === b ? '0' : a < b ? '-' : '+');
        }
      });
    });
    expect(compared).to.be.above(10000);
  });

  it('ES5-only QuickJS gives the very JSON Node gives', async function () {
    const t = Date.now();
    const text = await inQuickJS(EXPRESSION, source, { timeoutMs: 60000 });
    console.log(`      QuickJS ${Date.now() - t} ms`);
    expectSame(text, 'QuickJS');
  });

  it('Duktape gives the very JSON Node gives', function () {
    needDuk(this);
    const t = Date.now();
    const text = inDuk(EXPRESSION, source);
    console.log(`      duk ${Date.now() - t} ms`);
    expectSame(text, 'Duktape');
  });
});

