// version_util_spec.lua: versions among runtime keys, versions chosen by
// buttons and by parents.
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const { versions, BASE_TIMESTAMP } = T.gen;
const U = T.version;

function captured(fn) {
  const run = T.log.collect(fn);
  if (run.error) throw new Error(run.error);
  return { value: run.value, log: run.text };
}

describe('version util', () => {
  describe('version_numbers() filter', () => {
    it('versions', () => {
      expect(U.versionNumbers(versions('v1.0', 'v1.1')).list).to.deep.equal(['v1.0', 'v1.1']);
      expect(U.versionNumbers(versions('v1.0', 'v1.1')).set).to.deep.equal({ 'v1.0': true, 'v1.1': true });
    });

    it('sorts oldest first and ignores non-version keys', () => {
      const runtime = { 'v10.0': {}, 'v9.1': {}, v: {}, version: {}, 'x1.0': {}, 'v1.0-rc1': {}, 'v1.0': {} };
      // a prefix is older: v1.0 before v1.0-rc1 (compareSemver says otherwise)
      expect(U.versionNumbers(runtime).list).to.deep.equal(['v1.0', 'v1.0-rc1', 'v9.1', 'v10.0']);
      expect(U.isVersionKey('v1')).to.equal(true);
      expect(U.isVersionKey('v')).to.equal(false);
      expect(U.isVersionKey('V1')).to.equal(false);
      expect(U.isVersionKey('1.0')).to.equal(false);
    });
  });

  describe('latest_version_button()', () => {
    const valid = T.json.toSet(['v1.0', 'v1.1', 'v2.0']);
    const ts1 = BASE_TIMESTAMP + 1000;
    const ts2 = BASE_TIMESTAMP + 3000;

    it('valid version', () => {
      const buttons = { [ts1]: { button: { version: 'v1.1', role: 'some-role' } } };
      expect(U.latestVersionButton(buttons, valid)).to.deep.equal({ version: 'v1.1', timestamp: ts1 });
    });

    it('no valid versions', () => {
      const buttons = { [ts1]: { button: { version: 'v1.7', role: 'some-role' } } };
      expect(U.latestVersionButton(buttons, valid)).to.equal(null);
    });

    it('two versions', () => {
      const buttons = {
        [ts1]: { button: { version: 'v1.1', role: 'some-role' } },
        [ts2]: { button: { version: 'v1.0', role: 'some-role' } },
      };
      expect(U.latestVersionButton(buttons, valid)).to.deep.equal({ version: 'v1.0', timestamp: ts2 });
    });

    it('two versions reverse', () => {
      const buttons = {
        [ts2]: { button: { version: 'v1.0', role: 'some-role' } },
        [ts1]: { button: { version: 'v1.1', role: 'some-role' } },
      };
      expect(U.latestVersionButton(buttons, valid)).to.deep.equal({ version: 'v1.0', timestamp: ts2 });
    });

    it('invalid version latest', () => {
      const buttons = {
        [ts1]: { button: { version: 'v1.1', role: 'some-role' } },
        [ts2]: { button: { version: 'v1.7', role: 'some-role' } },
      };
      expect(U.latestVersionButton(buttons, valid)).to.deep.equal({ version: 'v1.1', timestamp: ts1 });
    });

    it('invalid version older', () => {
      const buttons = {
        [ts1]: { button: { version: 'v1.7', role: 'some-role' } },
        [ts2]: { button: { version: 'v1.1', role: 'some-role' } },
      };
      expect(U.latestVersionButton(buttons, valid)).to.deep.equal({ version: 'v1.1', timestamp: ts2 });
    });

    it('logs an invalid version and an action id that is not a timestamp', () => {
      const buttons = {
        [ts1]: { button: { version: 'v1.7', role: 'some-role' } },
        'not-a-time': { button: { version: 'v2.0', role: 'some-role' } },
        [ts2]: { button: { role: 'some-role' } },
        [ts2 + 1]: 'garbage',
      };
      const { value, log } = captured(() => U.latestVersionButton(buttons, valid));
      expect(value).to.equal(null);
      expect(log).to.equal(
        '[no-role]:DEBUG: Version v1.7 activated by user is invalid\n' +
        '[no-role]:ERROR: Action not-a-time has a timestamp that is not a number; ignored\n');
    });

    it('logs to the logger given', () => {
      const logger = T.gen.logger('r');
      U.latestVersionButton({ [ts1]: { button: { version: 'v9' } } }, valid, logger);
      expect(logger.lines).to.deep.equal(['r DEBUG Version v9 activated by user is invalid']);
    });

    it('breaks a tie of timestamps by version, whatever the key order', () => {
      // numeric-looking keys with the same value: "0100" and "100"
      const a = { '0100': { button: { version: 'v1.0' } }, 100: { button: { version: 'v2.0' } } };
      expect(U.latestVersionButton(a, valid)).to.deep.equal({ version: 'v2.0', timestamp: 100 });
    });
  });

  describe('latest_parent_version()', () => {
    const valid = T.json.toSet(['v1.0', 'v1.1', 'v2.0']);
    const ts1 = BASE_TIMESTAMP + 1000;
    const ts2 = BASE_TIMESTAMP + 3000;

    it('no parents', () => {
      expect(U.latestParentVersion([], valid)).to.equal(null);
    });

    it('invalid parent', () => {
      expect(U.latestParentVersion([{ version: 'v7.4', version_timestamp: ts1 }], valid)).to.equal(null);
    });

    it('valid parent', () => {
      expect(U.latestParentVersion([{ version: 'v1.1', version_timestamp: ts1 }], valid))
        .to.deep.equal({ version: 'v1.1', timestamp: ts1 });
    });

    it('valid and invalid parent', () => {
      const parents = [{ version: 'v1.1', version_timestamp: ts1 }, { version: 'v1.7', version_timestamp: ts2 }];
      expect(U.latestParentVersion(parents, valid)).to.deep.equal({ version: 'v1.1', timestamp: ts1 });
    });

    it('valid parents 1', () => {
      const parents = [{ version: 'v1.1', version_timestamp: ts1 }, { version: 'v2.0', version_timestamp: ts2 }];
      expect(U.latestParentVersion(parents, valid)).to.deep.equal({ version: 'v2.0', timestamp: ts2 });
    });

    it('valid parents 2', () => {
      const parents = [{ version: 'v2.0', version_timestamp: ts2 }, { version: 'v1.1', version_timestamp: ts1 }];
      expect(U.latestParentVersion(parents, valid)).to.deep.equal({ version: 'v2.0', timestamp: ts2 });
    });

    it('valid parents 3', () => {
      const parents = [{ version: 'v2.0', version_timestamp: ts1 }, { version: 'v1.1', version_timestamp: ts2 }];
      expect(U.latestParentVersion(parents, valid)).to.deep.equal({ version: 'v1.1', timestamp: ts2 });
    });

    it('reads Lua-era string timestamps and skips unreadable ones', () => {
      const parents = [
        { version: 'v2.0', version_timestamp: 'soon' },
        { version: 'v1.0', version_timestamp: String(ts1) },
        null,
        { version: 7, version_timestamp: ts2 },
      ];
      expect(U.latestParentVersion(parents, valid)).to.deep.equal({ version: 'v1.0', timestamp: ts1 });
    });
  });

  describe('split_versions() filter', () => {
    it('default generated schedule', () => {
      const split = U.splitVersions(versions('v1.0', 'v1.1'));
      expect([split.descending, split.versions, split.parameters]).to.deep.equal([
        ['v1.1', 'v1.0'],
        { 'v1.1': { timestamp: 1465486490 }, 'v1.0': { timestamp: 1465482890 } },
        { project_name: 'hello', scheduler_kind: 'fancy_thing' },
      ]);
    });

    it('keeps a `__proto__` parameter as a key', () => {
      const runtime = JSON.parse('{"__proto__": {"x": 1}, "v1": {}}');
      const split = U.splitVersions(runtime);
      expect(Object.keys(split.parameters)).to.deep.equal(['__proto__']);
      expect(Object.getPrototypeOf(split.parameters)).to.equal(Object.prototype);
    });
  });

  describe('bad input', () => {
    it('reads anything but objects and lists as empty', () => {
      for (const bad of [null, undefined, 7, 'v1', [], true]) {
        expect(U.versionNumbers(bad)).to.deep.equal({ list: [], set: {} });
        expect(U.splitVersions(bad)).to.deep.equal({ descending: [], versions: {}, parameters: {} });
        expect(U.latestVersionButton(bad, {})).to.equal(null);
        expect(U.latestParentVersion(bad, {})).to.equal(null);
        expect(U.latestVersionButton({ 1: { button: { version: 'v1' } } }, bad)).to.equal(null);
        expect(U.latestParentVersion([{ version: 'v1', version_timestamp: 1 }], bad)).to.equal(null);
        if (typeof bad !== 'string') expect(U.isVersionKey(bad)).to.equal(false);
      }
    });

    it('takes a non-logger log argument as none', () => {
      const { value } = captured(() => U.latestVersionButton({ x: { button: { version: 'v1' } } }, { v1: true }, { debug: 1 }));
      expect(value).to.equal(null);
    });
  });
});
