// The `imageMemo`: a caller that calls again for the same project (the api
// driver in an engine kept loaded between runs) need not read the images of
// a metadata object it was handed before. It never changes the result.
import { expect } from 'chai';
import { usedVersions, meta, oldVersions, NOW, D } from './helpers.mjs';

const groups = { g: { version: 'v2.0', last_deployed: { 'v1.0': NOW - 40 * D } } };
// v1.0 has a bad image: its error line must come back from the memo too.
function runtime() {
  const versions = oldVersions('v1.0', 'v2.0', 'v3.0');
  versions['v1.0'].daemons.d1 = { image: 7, config: '/c' };
  return versions;
}

describe('tracking: the image memo', () => {
  it('gives the same result on the first call, from the memo, and without it', () => {
    const versions = runtime();
    const plain = usedVersions({ versions, groups, now: NOW });
    expect(plain.errors).to.have.length(1);
    const first = { from: {}, to: {} };
    expect(usedVersions({ versions, groups, now: NOW, imageMemo: first })).to.deep.equal(plain);
    expect(Object.keys(first.to).sort()).to.deep.equal(plain.versions.slice().sort());
    const again = { from: first.to, to: {} };
    expect(usedVersions({ versions, groups, now: NOW, imageMemo: again })).to.deep.equal(plain);
    // What it holds is what was read: the same entries, not read again.
    for (const v of plain.versions) expect(again.to[v]).to.equal(first.to[v]);
  });

  it('reads a version again when its metadata is another object', () => {
    const versions = runtime();
    const memo = { from: {}, to: {} };
    usedVersions({ versions, groups, now: NOW, imageMemo: memo });
    const changed = { ...versions, 'v3.0': meta(30 * D, 'img-new') };
    const want = usedVersions({ versions: changed, groups, now: NOW });
    expect(want.images).to.include('img-new');
    expect(usedVersions({ versions: changed, groups, now: NOW, imageMemo: { from: memo.to, to: {} } })).to.deep.equal(want);
  });

  it('remembers only the versions kept by the last call', () => {
    const versions = runtime();
    const memo = { from: { 'v0.1': { meta: {}, images: ['gone'], errors: [] } }, to: {} };
    const r = usedVersions({ versions, groups, now: NOW, imageMemo: memo });
    expect(r.images).to.not.include('gone');
    expect(Object.keys(memo.to).sort()).to.deep.equal(r.versions.slice().sort());
  });

  it('a memo that is not one is ignored', () => {
    const versions = runtime();
    const plain = usedVersions({ versions, groups, now: NOW });
    for (const bad of [null, 7, { from: null, to: {} }, { from: {}, to: [] }]) {
      expect(usedVersions({ versions, groups, now: NOW, imageMemo: bad })).to.deep.equal(plain);
    }
  });
});
