// Rules at the edges of the version helpers: custom comparators, ties,
// non-string items, and the log lines of the selection policies (operator
// output, asserted exactly). Everything that calls the bundle runs inside
// `it` (mutation testing switches mutants between tests).
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const V = () => T.version;
const reversed = (a, b) => T.version.compare(b, a);

describe('version: sort, rsort, max and min with a custom comparator', () => {
  it('rsort with a custom comparator is newest first by it', () => {
    expect(V().rsort(['v1', 'v3', 'v2'], T.version.compare)).to.deep.equal(['v3', 'v2', 'v1']);
    expect(V().rsort(['v1', 'v3', 'v2'], reversed)).to.deep.equal(['v1', 'v2', 'v3']);
  });

  it('max and min by a custom comparator never answer past the end of the list', () => {
    expect(V().max(['v1', 'v2'], reversed)).to.equal('v1');
    expect(V().min(['v1', 'v2'], reversed)).to.equal('v2');
    expect(V().max(['v2', 'v1'], reversed)).to.equal('v1');
    expect(V().min(['v2', 'v1'], reversed)).to.equal('v2');
  });

  it('max and min keep the first of equal items', () => {
    const same = () => 0;
    expect(V().max(['a1', 'a2', 'a3'], same)).to.equal('a1');
    expect(V().min(['a1', 'a2', 'a3'], same)).to.equal('a1');
    expect(V().max([null, undefined])).to.equal(null);
    expect(V().min([undefined, null])).to.equal(undefined);
  });

  it('a list of numbers sorts by their text as versions', () => {
    expect(V().sort([7071, 7070])).to.deep.equal([7070, 7071]);
    expect(V().rsort([7060, 7061])).to.deep.equal([7061, 7060]);
  });
});

describe('version: compareSemver and isSemver edges', () => {
  it('a longer pre-release is newer than its prefix, whatever the `v` prefix', () => {
    expect(V().compareSemver('1.0.0-alpha.1', 'v1.0.0-alpha')).to.equal(1);
    expect(V().compareSemver('v1.0.0-alpha', '1.0.0-alpha.1')).to.equal(-1);
  });

  it('only a whole string is semver', () => {
    expect(V().isSemver('x1.2.3')).to.equal(false);
    expect(V().isSemver('release-1.2.3')).to.equal(false);
    expect(V().isSemver('1.2.3')).to.equal(true);
  });

  it('a non-string is never semver, even one that prints as a version', () => {
    expect(V().isSemver(['1.2.3'])).to.equal(false);
    expect(V().isSemver({ toString: () => '1.2.3' })).to.equal(false);
  });
});

describe('version: runtime keys, buttons and parents', () => {
  it('a version key is `v` then a digit', () => {
    const k = V().isVersionKey;
    expect(['v0', 'v9', 'v1.2', 'v0x'].map(k)).to.deep.equal([true, true, true, true]);
    expect(['v', 'va', 'v/', 'v:', 'x1', 'V1', '1', '', 'vv1'].map(k)).to.deep.equal(Array(9).fill(false));
    expect([5, null, undefined, ['v1']].map(k)).to.deep.equal([false, false, false, false]);
  });

  it('splitVersions puts every other key into the parameters and nothing more', () => {
    const r = V().splitVersions({ v1: { a: 1 }, x: 1, v2: {} });
    expect(r).to.deep.equal({ descending: ['v2', 'v1'], versions: { v1: { a: 1 }, v2: {} }, parameters: { x: 1 } });
  });

  it('a list is no runtime, even with a version property', () => {
    const list = [];
    list.v1 = {};
    expect(V().splitVersions(list)).to.deep.equal({ descending: [], versions: {}, parameters: {} });
    expect(V().versionNumbers(list)).to.deep.equal({ list: [], set: {} });
    expect(V().versionNumbers(null)).to.deep.equal({ list: [], set: {} });
  });

  it('actions that are a list are no actions', () => {
    const actions = [];
    actions['1700000000000'] = { button: { version: 'v1' } };
    expect(V().latestVersionButton(actions, { v1: true })).to.equal(null);
  });

  it('each action is read once', () => {
    const log = T.gen.logger('r');
    const r = V().latestVersionButton({ undefined: { button: { version: 'v1' } } }, { v1: true }, log);
    expect(r).to.equal(null);
    expect(log.lines).to.deep.equal(['r ERROR Action undefined has a timestamp that is not a number; ignored']);
  });

  it('a parent that is not an object, has no string version or no timestamp is skipped', () => {
    const log = T.gen.logger('r');
    const parents = [null, 5, { version: 3, version_timestamp: 10 }, { version: 'v1' }, { version: 'v1', version_timestamp: 'x' }];
    expect(V().latestParentVersion(parents, { 3: true, v1: true }, log)).to.equal(null);
    expect(log.lines).to.deep.equal([]);
  });

  it('a parent\'s version that does not exist is logged and skipped', () => {
    const log = T.gen.logger('r');
    const parents = [{ version: 'v9', version_timestamp: 10 }, { version: 'v1', version_timestamp: 5 }];
    expect(V().latestParentVersion(parents, { v1: true }, log)).to.deep.equal({ version: 'v1', timestamp: 5 });
    expect(log.lines).to.deep.equal(['r DEBUG Version v9 in parent schedule is invalid']);
  });
});

describe('version: selection log lines', () => {
  const runtime = { v1: { timestamp: 100 }, v2: { timestamp: 200 } };

  it('a press after the parents\' choice is logged as a switch by the user', () => {
    const log = T.gen.logger('r');
    const r = V().selectAuto({ runtime, actions: { 900000: { button: { version: 'v1' } } }, parents: [], now: 950000, log });
    expect(r.version).to.deep.equal({ version: 'v1', timestamp: 950000 });
    expect(log.lines).to.deep.equal(['r DEBUG Version switched by user to v1']);
  });

  it('auto: a parent\'s choice after the upload is logged with its time', () => {
    const log = T.gen.logger('r');
    const r = V().selectAuto({ runtime, actions: {}, parents: [{ version: 'v1', version_timestamp: 300000 }], log });
    expect(r.version).to.deep.equal({ version: 'v1', timestamp: 300000 });
    expect(log.lines).to.deep.equal(['r DEBUG Chosen parent version v1 with timestamp 300000']);
  });

  it('manual: the parent\'s choice is logged with its time', () => {
    const log = T.gen.logger('r');
    const r = V().selectManual({ runtime, actions: {}, parents: [{ version: 'v1', version_timestamp: 5 }], log });
    expect(r.version).to.deep.equal({ version: 'v1', timestamp: 5 });
    expect(log.lines).to.deep.equal(['r DEBUG Chosen parent version v1 with timestamp 5']);
  });
});
