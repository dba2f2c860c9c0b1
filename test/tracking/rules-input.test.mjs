// Rules of reading untrusted input in version tracking: each malformed part
// is reported with its path and skipped, and nothing else changes. The error
// lines are operator-facing output and are asserted exactly.
// Everything that calls the bundle runs inside `it` (mutation testing
// switches mutants between tests).
import { expect } from 'chai';
import { T, usedVersions, pruneLastDeployed, oldVersions, meta, group, NOW, H, D } from './helpers.mjs';

const EMPTY = { kept: {}, versions: [], images: [], missing: [], downgrades: [], errors: [] };

describe('tracking: reading malformed input', () => {
  it('params that are not an object give the empty result and one error', () => {
    expect(usedVersions(42)).to.deep.equal({ ...EMPTY, errors: ['params: not an object, but number 42'] });
  });

  it('bad options, now, versions and groups are each reported and read as defaults or empty', () => {
    expect(usedVersions({ versions: 'x', groups: 5, now: 'soon', options: true })).to.deep.equal({
      ...EMPTY,
      errors: [
        'options: not an object, but boolean true; using the defaults',
        'now: not a number, but string "soon"; versions are not kept for being uploaded or deployed recently',
        'versions: not an object, but string "x"',
        'groups: not an object, but number 5',
      ],
    });
  });

  it('options that are not an object fall back to the default lifetimes', () => {
    const versions = oldVersions('v1', 'v2', 'v3');
    const groups = { g: group('v2', 30 * D, { v1: 2 * H }) };
    const r = usedVersions({ versions, groups, now: NOW, options: 'fast' });
    expect(r.kept).to.deep.equal({ v3: ['latest'], v2: ['running'], v1: ['deployed', 'previous'] });
    expect(r.errors).to.deep.equal(['options: not an object, but string "fast"; using the defaults']);
  });

  it('no groups at all is no error', () => {
    const r = usedVersions({ versions: oldVersions('v1'), now: NOW });
    expect(r).to.deep.equal({ ...EMPTY, kept: { v1: ['latest'] }, versions: ['v1'], images: ['img-v1'] });
  });

  it('an empty runtime keeps only what the groups name, and no "latest"', () => {
    expect(usedVersions({ versions: {}, groups: {}, now: NOW })).to.deep.equal(EMPTY);
    const r = usedVersions({ versions: {}, groups: { g: { version: 'v1' } }, now: NOW });
    expect(r.kept).to.deep.equal({ v1: ['running'] });
    expect(r.versions).to.deep.equal(['v1']);
  });

  it('a single version that runs keeps no version before it', () => {
    const r = usedVersions({ versions: oldVersions('v1'), groups: { g: group('v1', 30 * D) }, now: NOW });
    expect(r.kept).to.deep.equal({ v1: ['latest', 'running'] });
    expect(r.versions).to.deep.equal(['v1']);
    expect(r.errors).to.deep.equal([]);
  });

  it('the version before the latest is kept only while the latest runs', () => {
    const versions = oldVersions('v1', 'v2', 'v3');
    const r = usedVersions({ versions, groups: { g: group('v1', 30 * D) }, now: NOW });
    expect(r.kept).to.deep.equal({ v3: ['latest'], v1: ['running'] });
  });

  it('a group version that is not a non-empty string is reported and not kept', () => {
    const versions = oldVersions('v1');
    const r = usedVersions({ versions, groups: { a: { version: 42 }, b: { version: '' } }, now: NOW });
    expect(r.kept).to.deep.equal({ v1: ['latest'] });
    expect(r.errors).to.deep.equal([
      'groups.a.version: not a version string, but number 42',
      'groups.b.version: not a version string, but string ""',
    ]);
  });

  it('an update without a source or target is reported, keeps the other side, and is no downgrade', () => {
    const versions = oldVersions('v1', 'v2');
    const groups = {
      a: { version: 'v2', update: { target_ver: 'v1' } },
      b: { version: 'v2', update: { source_ver: 'v2' } },
    };
    for (const options of [undefined, { compare: (x, y) => T.version.compare(y, x) }]) {
      const r = usedVersions({ versions, groups, now: NOW, options });
      expect(r.downgrades, 'downgrades').to.deep.equal([]);
      expect(r.errors).to.deep.equal([
        'groups.a.update.source_ver: missing',
        'groups.b.update.target_ver: missing',
      ]);
    }
  });

  it('a group with no version has no downgrade, however old its last_deployed', () => {
    const versions = oldVersions('v1', 'v2');
    const groups = { g: { last_deployed: { v2: NOW - 40 * D, v1: NOW - 30 * D } } };
    const r = usedVersions({ versions, groups, now: NOW });
    expect(r.downgrades).to.deep.equal([]);
    expect(r.kept).to.deep.equal({ v2: ['latest'], v1: ['previous'] });
  });

  it('a lifetime of zero is allowed and keeps nothing for its age', () => {
    const versions = { v1: meta(30 * D, 'i1'), v2: meta(1 * H, 'i2'), v3: meta(30 * D, 'i3') };
    const groups = { g: group('v3', 1 * H, { v1: 2 * H }) };
    const r = usedVersions({ versions, groups, now: NOW, options: { deployed_lifetime_ms: 0, uploaded_lifetime_ms: 0 } });
    expect(r.errors).to.deep.equal([]);
    expect(r.kept).to.deep.equal({ v3: ['latest', 'running'], v2: ['before_latest'], v1: ['previous'] });
  });

  it('a kept version named "undefined" is listed once, as missing', () => {
    const r = usedVersions({ versions: oldVersions('v1'), groups: { g: { version: 'undefined' } }, now: NOW });
    expect(r.versions).to.deep.equal(['v1', 'undefined']);
    expect(r.missing).to.deep.equal(['undefined']);
  });
});

describe('tracking: ordering with a custom compare', () => {
  // Newest first under the custom ordering is oldest first by default.
  const reversed = (a, b) => T.version.compare(b, a);

  it('ties of a custom compare are broken by the text, whatever the key order', () => {
    const versions = { v2: meta(1 * H, 'a'), v3: meta(1 * H, 'b'), v1: meta(1 * H, 'c') };
    const r = usedVersions({ versions, groups: {}, now: NOW, options: { compare: () => 0 } });
    expect(r.versions).to.deep.equal(['v3', 'v2', 'v1']);
    expect(r.kept.v3).to.deep.equal(['uploaded', 'latest']);
  });

  it('missing versions merge into the custom order', () => {
    const versions = oldVersions('v2', 'v4');
    const groups = { a: { version: 'v1' }, b: { version: 'v5' }, c: { version: 'v4' } };
    const r = usedVersions({ versions, groups, now: NOW, options: { compare: reversed } });
    expect(r.versions).to.deep.equal(['v1', 'v2', 'v4', 'v5']);
    expect(r.missing).to.deep.equal(['v1', 'v5']);
  });

  it('a missing version older than all the runtime\'s ones comes last in the custom order', () => {
    const versions = oldVersions('v2', 'v3');
    const r = usedVersions({ versions, groups: { a: { version: 'v9' } }, now: NOW, options: { compare: reversed } });
    expect(r.versions).to.deep.equal(['v2', 'v9']);
  });

  it('a missing version newest in the custom order comes first', () => {
    const versions = oldVersions('v2', 'v3');
    const r = usedVersions({ versions, groups: { a: { version: 'v1' } }, now: NOW, options: { compare: reversed } });
    expect(r.versions).to.deep.equal(['v1', 'v2']);
    expect(r.missing).to.deep.equal(['v1']);
  });

  it('a downgrade is by the custom order', () => {
    const versions = oldVersions('v1', 'v2');
    const groups = { g: group('v2', 1 * D, { v1: 2 * D }) };
    const r = usedVersions({ versions, groups, now: NOW, options: { compare: reversed } });
    expect(r.downgrades).to.deep.equal([{ group: 'g', version: 'v2', newer: 'v1', update: false }]);
  });
});

describe('tracking: the `descending` hint, more ways to be wrong', () => {
  const versions = () => oldVersions('v1.2', 'v10.0', 'v2.0', 'v1.10');
  const groups = { g: { version: 'v1.10', last_deployed: {} } };

  it('a hint missing the latest version is ignored', () => {
    const r = usedVersions({ versions: versions(), groups, now: NOW, descending: ['v2.0', 'v1.10', 'v1.2'] });
    expect(r.kept).to.deep.equal({ 'v10.0': ['latest'], 'v1.10': ['running'] });
  });

  it('an ascending hint is ignored', () => {
    const r = usedVersions({ versions: versions(), groups, now: NOW, descending: ['v1.2', 'v1.10', 'v2.0', 'v10.0'] });
    expect(r.versions).to.deep.equal(['v10.0', 'v1.10']);
  });

  it('a hint of as many versions that are not in the runtime is ignored', () => {
    const r = usedVersions({ versions: versions(), groups, now: NOW, descending: ['v9.4', 'v9.3', 'v9.2', 'v9.1'] });
    expect(r.versions).to.deep.equal(['v10.0', 'v1.10']);
    expect(r.errors).to.deep.equal([]);
  });

  it('a list-like object is not a hint', () => {
    const hint = { length: 4, 0: 'v10.0', 1: 'v2.0', 2: 'v1.10', 3: 'v1.2' };
    const r = usedVersions({ versions: versions(), groups, now: NOW, descending: hint });
    expect(r.versions).to.deep.equal(['v10.0', 'v1.10']);
  });

  it('a hint is not used with a custom compare', () => {
    const reversed = (a, b) => T.version.compare(b, a);
    const r = usedVersions({
      versions: versions(), groups, now: NOW, options: { compare: reversed },
      descending: ['v10.0', 'v2.0', 'v1.10', 'v1.2'],
    });
    expect(r.versions).to.deep.equal(['v1.2', 'v1.10']);
  });
});

describe('tracking: images of one version (versionImages)', () => {
  it('metadata that is not an object has no images and one error', () => {
    expect(T.tracking.versionImages(42)).to.deep.equal({
      images: [], errors: ['version: metadata is not an object, but number 42'],
    });
  });

  it('images come sorted and once each; a process that is not an object is reported', () => {
    const r = T.tracking.versionImages({ daemons: { web: 'nginx', a: { image: 'b' }, c: { image: 'a' }, d: { image: 'b' } } });
    expect(r).to.deep.equal({ images: ['a', 'b'], errors: ['version.daemons.web: not an object, but string "nginx"'] });
  });

  it('containers: null is as if there were none', () => {
    expect(T.tracking.versionImages({ containers: null, daemons: { a: { image: 'x' } } }))
      .to.deep.equal({ images: ['x'], errors: [] });
  });

  it('no containers key uses the daemons without an error', () => {
    expect(T.tracking.versionImages({ daemons: { a: { image: 'x' } }, commands: { c: { image: 'y' } } }))
      .to.deep.equal({ images: ['x', 'y'], errors: [] });
  });
});

describe('tracking: pruneLastDeployed with a custom compare', () => {
  it('among rollback targets deployed at the same time, a compare tie keeps the first by text', () => {
    const old = NOW - 40 * D;
    const r = pruneLastDeployed({ v1: old, v2: old, v3: NOW - H }, 'v3', NOW, { compare: () => 0 });
    expect(r).to.deep.equal({ v1: old, v3: NOW - H });
  });
});
