// auto_version_spec.lua and manual_version_spec.lua: which version a role
// runs, for schedulers that run one version per role.
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const gen = T.gen;

function quiet(fn) {
  const run = T.log.collect(fn);
  if (run.error) throw new Error(run.error);
  return run.value;
}
const auto = (props) => quiet(() => T.version.selectAuto(props)).version;
const manual = (props) => quiet(() => T.version.selectManual(props)).version;

describe('version.selectAuto', () => {
  describe('auto_version.select()', () => {
    const runtime = gen.versions('v1.0', 'v1.1');
    const runtimeNew = gen.versions('v1.0', 'v1.1', 'v2.0');
    const runtimeOld = gen.versions('v1.0', 'v1.1', 'v2.0', 'v1.4');
    const v10ts = gen.BASE_TIMESTAMP + 1 * 3600000;
    const v11ts = gen.BASE_TIMESTAMP + 2 * 3600000;
    const v20ts = gen.BASE_TIMESTAMP + 3 * 3600000;
    const ts1 = gen.BASE_TIMESTAMP + 2 * 3600000 + 10;
    const ts1s = String(ts1);
    const ts2 = gen.BASE_TIMESTAMP + 3 * 3600000 + 10;
    const ts2s = String(ts2);
    const tsNow = gen.BASE_TIMESTAMP + 5 * 3600000 + 20;

    it('default version', () => {
      expect(auto({ runtime, actions: {}, now: tsNow, parents: [] })).to.deep.equal({ version: 'v1.1', timestamp: v11ts });
    });

    it('just (two) parents', () => {
      expect(auto({
        runtime, actions: {}, now: tsNow,
        parents: [{ version: 'v1.1', version_timestamp: v11ts }, { version: 'v1.0', version_timestamp: v10ts }],
      })).to.deep.equal({ version: 'v1.1', timestamp: v11ts });
    });

    it('button', () => {
      expect(auto({
        runtime, actions: { [ts2s]: { button: { version: 'v1.1', role: 'some-role' } } }, now: tsNow,
        parents: [{ version: 'v2.0', version_timestamp: v20ts }],
      })).to.deep.equal({ version: 'v1.1', timestamp: tsNow });
    });

    it('button always overrides', () => {
      expect(v20ts > ts1).to.equal(true);
      expect(auto({
        runtime, actions: { [ts1s]: { button: { version: 'v1.1', role: 'some-role' } } }, now: tsNow,
        parents: [{ version: 'v2.0', version_timestamp: v20ts }],
      })).to.deep.equal({ version: 'v1.1', timestamp: tsNow });
    });

    it('new version', () => {
      expect(auto({
        runtime: runtimeNew, actions: {}, now: tsNow,
        parents: [{ version: 'v1.1', version_timestamp: v11ts }, { version: 'v1.0', version_timestamp: v10ts }],
      })).to.deep.equal({ version: 'v2.0', timestamp: v20ts });
    });

    it('added old version', () => {
      expect(auto({
        runtime: runtimeOld, actions: {}, now: tsNow,
        parents: [{ version: 'v1.1', version_timestamp: v11ts }, { version: 'v1.0', version_timestamp: v10ts }],
      })).to.deep.equal({ version: 'v2.0', timestamp: v20ts });
    });
  });

  it('returns the versions oldest first, and logs its choice', () => {
    const run = T.log.collect(() => T.version.selectAuto({ runtime: gen.versions('v2', 'v10', 'v1'), actions: {}, parents: [] }));
    expect(run.value.versions).to.deep.equal(['v1', 'v2', 'v10']);
    expect(run.text).to.equal('[no-role]:DEBUG: Auto version is v10\n');
  });

  it('reads a string upload timestamp, and a missing one as 0', () => {
    expect(auto({ runtime: { 'v1.0': { timestamp: '100' } }, actions: {}, parents: [] })).to.deep.equal({ version: 'v1.0', timestamp: 100000 });
    expect(auto({ runtime: { 'v1.0': { timestamp: 'yesterday' } }, actions: {}, parents: [] })).to.deep.equal({ version: 'v1.0', timestamp: 0 });
    expect(auto({ runtime: { 'v1.0': 'garbage' }, actions: {}, parents: [] })).to.deep.equal({ version: 'v1.0', timestamp: 0 });
  });

  it('keeps the parent version, or none, when the runtime has no versions', () => {
    expect(auto({ runtime: { project_name: 'x' }, actions: {}, parents: [] })).to.equal(null);
  });
});

describe('version.selectManual', () => {
  describe('manual_version.select()', () => {
    const runtime = gen.versions('v1.0', 'v1.1', 'v2.0');
    const ts1 = gen.BASE_TIMESTAMP + 1000;
    const ts1s = String(ts1);
    const ts2 = gen.BASE_TIMESTAMP + 3000;
    const ts2s = String(ts2);

    it('default version', () => {
      expect(manual({ runtime, actions: {}, parents: [] })).to.deep.equal({ version: 'v2.0', timestamp: 0 });
    });

    it('just (two) parents', () => {
      expect(manual({
        runtime, actions: {},
        parents: [{ version: 'v2.0', version_timestamp: ts1 }, { version: 'v1.1', version_timestamp: ts2 }],
      })).to.deep.equal({ version: 'v1.1', timestamp: ts2 });
    });

    it('button', () => {
      expect(manual({
        runtime, actions: { [ts2s]: { button: { version: 'v1.1', role: 'some-role' } } },
        parents: [{ version: 'v2.0', version_timestamp: ts1 }],
      })).to.deep.equal({ version: 'v1.1', timestamp: ts2 });
    });

    it('button late', () => {
      expect(manual({
        runtime, actions: { [ts1s]: { button: { version: 'v1.1', role: 'some-role' } } },
        parents: [{ version: 'v2.0', version_timestamp: ts2 }],
      })).to.deep.equal({ version: 'v2.0', timestamp: ts2 });
    });
  });

  it('chooses nothing when there are no versions', () => {
    expect(manual({ runtime: {}, actions: {}, parents: [] })).to.equal(null);
  });
});

describe('version selection: bad input', () => {
  it('reads a non-object props as no runtime, actions or parents', () => {
    for (const bad of [null, undefined, 'v1', 3, []]) {
      expect(auto(bad)).to.equal(null);
      expect(manual(bad)).to.equal(null);
    }
  });

  it('reads malformed fields as empty, logs to a given logger only when it is one', () => {
    const props = { runtime: 'v1', actions: [1, 2], parents: { 0: { version: 'v1' } }, now: 'soon', log: 'me' };
    expect(auto(props)).to.equal(null);
    expect(manual(props)).to.equal(null);
    const logger = gen.logger('r');
    expect(manual({ runtime: gen.versions('v1.0'), actions: {}, parents: [], log: logger })).to.deep.equal({ version: 'v1.0', timestamp: 0 });
    expect(logger.lines).to.deep.equal(['r DEBUG Default version is v1.0']);
  });
});
