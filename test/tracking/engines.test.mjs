// The table of cases again, inside the engines schedulers run in: QuickJS
// (what verwalter embeds; quickjs-emscripten) and Duktape 2.x (`duk`, when
// installed). The answers must be the very ones Node gives.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { needDuk, inDuk, inQuickJS } from '../support/engines.mjs';
import { usedVersions, pruneLastDeployed, NOW, D } from './helpers.mjs';
import cases from './cases.mjs';

const bundle = readFileSync(new URL('../../dist/verwalter-toolbox.js', import.meta.url), 'utf8');
// Functions (a custom comparator) do not survive JSON; those cases stay in Node.
const portable = cases.filter((c) => !(c.params.options && typeof c.params.options.compare === 'function'));
const inputs = portable.map((c) => ({ now: NOW, ...c.params }));
const prunes = [[{ v3: NOW - 400 * D, v2: String(NOW - 900 * D), v1: NOW - 1000 * D, v0: 'x' }, 'v3', NOW]];

// One expression whose value is the JSON text of every answer.
const run = `(function () {
  var T = VerwalterToolbox.tracking;
  var inputs = ${JSON.stringify(inputs)};
  var prunes = ${JSON.stringify(prunes)};
  var out = { used: [], pruned: [] };
  for (var i = 0; i < inputs.length; i++) out.used.push(T.usedVersions(inputs[i]));
  for (var j = 0; j < prunes.length; j++) out.pruned.push(T.pruneLastDeployed(prunes[j][0], prunes[j][1], prunes[j][2]));
  return JSON.stringify(out);
})()`;

// Node's answers, computed in each test, not when the file loads: mutation
// testing (npm run mutate) switches the bundle's mutants between tests.
const inNode = () => JSON.stringify({
  used: inputs.map((p) => usedVersions(p)),
  pruned: prunes.map(([l, c, n]) => pruneLastDeployed(l, c, n)),
});

describe('tracking: in the scheduler engines', function () {
  this.timeout(30000);

  it('ES5-only QuickJS gives the same answers as Node', async function () {
    const text = await inQuickJS(run, bundle);
    const expected = inNode();
    expect(JSON.parse(text)).to.deep.equal(JSON.parse(expected));
    expect(text, 'same key order').to.equal(expected);
  });

  it('Duktape gives the same answers as Node', function () {
    needDuk(this);
    const text = inDuk(run, bundle);
    const expected = inNode();
    expect(JSON.parse(text)).to.deep.equal(JSON.parse(expected));
    expect(text, 'same key order').to.equal(expected);
  });
});
