// The ES5 gate: the built bundle is ES5.1 and runs the example scheduler in
// every engine a scheduler author may meet, with results identical to Node's.
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as acorn from 'acorn';
import { ES2015_PLUS_BUILTINS } from '../../harness/index.mjs';
import { bundle, needDuk, inDuk, inQuickJS, BUNDLE_PATH } from '../support/engines.mjs';

const example = new URL('../example/', import.meta.url).pathname;
const mainSource = readFileSync(`${example}scheduler/v1/main.js`, 'utf8');
const recordings = readdirSync(`${example}recordings`).sort();
const inputs = recordings.map((name) => JSON.parse(readFileSync(`${example}recordings/${name}/input.json`, 'utf8')));

// main.js as a CommonJS module whose only require is the bundle, already
// loaded as a script; then every recorded input through its scheduler.
const runAll = `(function () {
  var module = { exports: {} }, exports = module.exports;
  var require = function () { return VerwalterToolbox; };
  ${mainSource}
  var inputs = ${JSON.stringify(inputs)}, out = [];
  for (var i = 0; i < inputs.length; i++) out.push(module.exports.scheduler(inputs[i]));
  return JSON.stringify(out);
})()`;

const inNode = () => {
  const { scheduler } = createRequire(import.meta.url)('../example/scheduler/v1/main.js');
  return JSON.stringify(inputs.map((input) => scheduler(structuredClone(input))));
};

describe('ES5 gate', function () {
  this.timeout(120000);

  it('the bundle parses as ECMAScript 5 (acorn, ecmaVersion 5)', () => {
    expect(() => acorn.parse(bundle(), { ecmaVersion: 5, sourceType: 'script' })).not.to.throw();
  });

  it('it is one UMD file: a global VerwalterToolbox, or module.exports', () => {
    const T = createRequire(import.meta.url)(BUNDLE_PATH);
    expect(Object.keys(T)).to.include.members(['version', 'validate', 'log', 'pipeline', 'tracking', 'drivers', 'role', 'split', 'gen']);
    expect(bundle()).not.to.match(/\brequire\(/);
  });

  it('the QuickJS context has none of the ES2015+ built-ins', async () => {
    for (const name of ['Map', 'Set', 'WeakMap', 'Promise', 'Symbol', 'Proxy', 'Reflect', 'Object.assign', 'Array.from',
      'Array.prototype.find', 'Array.prototype.findIndex', 'Array.prototype.includes', 'Array.prototype.fill',
      'String.prototype.includes', 'String.prototype.startsWith', 'String.prototype.endsWith',
      'String.prototype.repeat', 'String.prototype.padStart', 'Number.isInteger']) {
      expect(ES2015_PLUS_BUILTINS, name).to.include(name);
    }
    const present = await inQuickJS(`JSON.stringify(${JSON.stringify(ES2015_PLUS_BUILTINS)}.filter(function (path) {
      var parts = path.split('.'), v = (function () { return this; })();
      for (var i = 0; i < parts.length && v != null; i++) v = v[parts[i]];
      return v !== undefined;
    }))`, '');
    expect(JSON.parse(present)).to.deep.equal([]);
  });

  it(`the example scheduler gives Node's results in ES5-only QuickJS (${recordings.length} recordings)`, async () => {
    const out = await inQuickJS(runAll);
    expect(out).to.equal(inNode());
  });

  it(`the example scheduler gives Node's results in Duktape (${recordings.length} recordings)`, function () {
    needDuk(this);
    expect(inDuk(runAll)).to.equal(inNode());
  });
});
