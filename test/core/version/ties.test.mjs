// Equal timestamps in version selection: who wins a tie is a rule of its
// own (a press or an upload must be strictly later than the parents'
// choice to override it; between equal parents the newer version
// wins, as between buttons in util.test.mjs), stated one case at a time.
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const { gen } = T;

const quiet = (fn) => {
  const run = T.log.collect(fn);
  if (run.error) throw new Error(run.error);
  return run.value;
};
const auto = (props) => quiet(() => T.version.selectAuto(props)).version;
const manual = (props) => quiet(() => T.version.selectManual(props)).version;

const H = 3600000;
// v1.0 uploaded at BASE + 1 h, v1.1 at + 2 h, v2.0 at + 3 h.
const runtime = gen.versions('v1.0', 'v1.1', 'v2.0');
const uploaded = (i) => gen.BASE_TIMESTAMP + i * H;
const now = gen.BASE_TIMESTAMP + 10 * H;
const press = (ms, version) => ({ [String(ms)]: { button: { role: 'r', version } } });

describe('version selection: ties', () => {
  describe('a button against the parents', () => {
    const chosen = uploaded(3) + 5000;
    const parents = [{ version: 'v1.1', version_timestamp: chosen }];

    it('auto: a press at the very time of the parents\' choice leaves it', () => {
      expect(auto({ runtime, parents, actions: press(chosen, 'v1.0'), now })).to.deep.equal({ version: 'v1.1', timestamp: chosen });
    });
    it('auto: a press 1 ms later wins, stamped now', () => {
      expect(auto({ runtime, parents, actions: press(chosen + 1, 'v1.0'), now })).to.deep.equal({ version: 'v1.0', timestamp: now });
    });
    it('manual: a press at the very time of the parents\' choice leaves it', () => {
      expect(manual({ runtime, parents, actions: press(chosen, 'v1.0'), now })).to.deep.equal({ version: 'v1.1', timestamp: chosen });
    });
    it('manual: a press 1 ms later wins, stamped with its own time', () => {
      expect(manual({ runtime, parents, actions: press(chosen + 1, 'v1.0'), now })).to.deep.equal({ version: 'v1.0', timestamp: chosen + 1 });
    });
  });

  describe('an upload against the parents (auto)', () => {
    it('the newest version uploaded at the very time of the parents\' choice leaves it', () => {
      const parents = [{ version: 'v1.1', version_timestamp: uploaded(3) }];
      expect(auto({ runtime, parents, actions: {}, now })).to.deep.equal({ version: 'v1.1', timestamp: uploaded(3) });
    });
    it('uploaded 1 ms after the choice, it is chosen', () => {
      const parents = [{ version: 'v1.1', version_timestamp: uploaded(3) - 1 }];
      expect(auto({ runtime, parents, actions: {}, now })).to.deep.equal({ version: 'v2.0', timestamp: uploaded(3) });
    });
  });

  describe('between equals, the newer version wins whatever the order', () => {
    const at = uploaded(3) + 7000;
    for (const order of [['v1.0', 'v1.1'], ['v1.1', 'v1.0']]) {
      it(`parents ${order.join(', ')}`, () => {
        const parents = order.map((version) => ({ version, version_timestamp: at }));
        expect(manual({ runtime, parents, actions: {}, now })).to.deep.equal({ version: 'v1.1', timestamp: at });
        expect(auto({ runtime, parents, actions: {}, now })).to.deep.equal({ version: 'v1.1', timestamp: at });
      });
    }
  });
});
