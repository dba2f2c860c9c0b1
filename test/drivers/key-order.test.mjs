// The same input gives the same schedule, answers and log whatever the order
// of the keys in its objects: every recording of the example cluster (and
// the odd-names and split-brain inputs below) with its keys shuffled at
// every level.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, gen, webVersion, T0, HOUR, MINUTE } from './helpers.mjs';
import { prng, shuffleKeys, resultText } from '../support/shuffle.mjs';

const RECORDINGS = fileURLToPath(new URL('../example/recordings/', import.meta.url));
const OPTIONS = { template: 'example/v1' };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function expectSameUnderShuffles(name, input, options) {
  const want = resultText(run(JSON.parse(JSON.stringify(input)), options));
  const variants = [shuffleKeys(input)].concat(SEEDS.map((seed) => shuffleKeys(input, prng(seed))));
  variants.forEach((variant, i) => {
    expect(resultText(run(variant, options)), `${name}, permutation ${i}`).to.equal(want);
  });
}

const service = (servers, n = 2) => ({ service: 'web', servers, number_per_server: n });
const group = (fields = {}) => ({ version: 'v1.0', auto_update: false, last_deployed: { 'v1.0': T0 - HOUR }, services: { app: service(['h1', 'h2']) }, ...fields });

describe('api driver: output independent of key order', () => {
  for (const name of readdirSync(RECORDINGS).sort()) {
    it(`recording ${name}`, () => {
      const input = JSON.parse(readFileSync(RECORDINGS + name + '/input.json', 'utf8'));
      expectSameUnderShuffles(name, input, OPTIONS);
    });
  }

  it('two projects, a split-brain with bad groups in both parents, invalid buttons', () => {
    const runtime = () => ({ 'v1.0': webVersion('v1.0', T0 - 48 * HOUR), 'v2.0': webVersion('v2.0', T0 - 30 * HOUR) });
    const parentA = { owner_hostname: 'h1', state: {
      web: { groups: { a: group(), b: group({ version: 7, last_deployed: { 'v1.0': T0 } }), c: group({ services: { x: { service: 'web', servers: 'no' } } }) } },
      api: { groups: { z: group({ version: 5 }), y: group() } },
    } };
    const parentB = { owner_hostname: 'h2', state: {
      web: { groups: { c: group({ services: { y: service(['h3'], 'x') } }), d: group({ version: '' }), e: group() } },
      api: { groups: { x: group({ update: { step: 1 } }), w: group({ services: { s: service(['h1', 'h1'], 2.5) } }) } },
    } };
    const button = (role, fields) => ({ button: { role, ...fields } });
    const input = gen.input({
      now: T0,
      runtime: { web: runtime(), api: runtime(), zzz: runtime() },
      parents: [parentA, parentB],
      actions: {
        [T0 - 5]: button('web', { action: 'create_group', group_name: 'n', version: 'v1.0', extra_a: 1, extra_b: 2 }),
        [T0 - 4]: button('api', { action: 'add_daemon', servers: 'x', number_per_server: 'y', group: 5, new_name: null }),
        [T0 - 3]: button('nope', { action: 'create_group' }),
        [T0 - 2]: { other: 1 },
        [T0 - 1]: button('web', { action: 'start_update', group: 'a', to_version: 'v2.0' }),
      },
    });
    expectSameUnderShuffles('split-brain', input, OPTIONS);
  });
});
