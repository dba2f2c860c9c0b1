// The example scheduler (the bundle as a scheduler author vendors it) run
// in QuickJS, as verwalter's engine would, gives what Node gives, on every
// recording of the example cluster.
import { expect } from 'chai';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('../example/', import.meta.url));
const DIR = EXAMPLE + 'scheduler/v1';
const RECORDINGS = EXAMPLE + 'recordings/';

let harness = null;
try {
  harness = await import('../../harness/index.mjs');
} catch (_) {
  harness = null;
}
const engines = await import('../support/engines.mjs').catch(() => null);
const canRun = harness !== null && typeof harness.loadScheduler === 'function';

describe('api driver: the example scheduler in QuickJS', function () {
  this.timeout(120000);
  (canRun ? it : it.skip)('gives the same schedule, answers and log as in Node, for every recording', async () => {
    const node = createRequire(import.meta.url)(DIR + '/main.js').scheduler;
    const quick = await harness.loadScheduler(DIR);
    const cases = readdirSync(RECORDINGS).sort();
    expect(cases.length).to.be.above(10);
    try {
      for (const name of cases) {
        const input = JSON.parse(readFileSync(RECORDINGS + name + '/input.json', 'utf8'));
        const want = JSON.parse(JSON.stringify(node(JSON.parse(JSON.stringify(input)))));
        const got = await quick.run(input);
        expect(got.schedule, name).to.deep.equal(want.schedule);
        expect(got.actions, name).to.deep.equal(want.actions);
        expect(got.log, name).to.equal(want.log);
      }
    } finally {
      quick.dispose();
    }
  });
});

describe('api driver: in the ES5 engines (ES5-only QuickJS, Duktape)', function () {
  this.timeout(120000);
  const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
  const inputs = readdirSync(RECORDINGS).sort().map((name) => JSON.parse(readFileSync(RECORDINGS + name + '/input.json', 'utf8')));
  const options = { template: 'example/v1' };
  const expression = `(function () {
    var T = VerwalterToolbox;
    var inputs = ${JSON.stringify(inputs)};
    var out = [];
    var scheduler = T.log.wrapScheduler(function (input) { return T.drivers.api.schedule(input, ${JSON.stringify(options)}); });
    for (var i = 0; i < inputs.length; i++) out.push(scheduler(inputs[i]));
    return JSON.stringify(out);
  })()`;
  const expected = () => JSON.stringify(inputs.map((i) => T.log.wrapScheduler((x) => T.drivers.api.schedule(x, options))(JSON.parse(JSON.stringify(i)))));

  (engines ? it : it.skip)('ES5-only QuickJS gives what Node gives, key order and all', async () => {
    expect(await engines.inQuickJS(expression)).to.equal(expected());
  });

  (engines ? it : it.skip)('Duktape gives what Node gives, key order and all', function () {
    engines.needDuk(this);
    expect(engines.inDuk(expression)).to.equal(expected());
  });
});
