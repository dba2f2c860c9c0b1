// The opt-in semver precedence, against the `semver` package as oracle.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';
import semver from 'semver';

const T = createRequire(import.meta.url)('../../../dist/verwalter-toolbox.js');
const { compareSemver, isSemver } = T.version;
const sign = (n) => (n > 0 ? 1 : n < 0 ? -1 : 0);

// Small pools make equal cores and shared prerelease prefixes common, so the
// prerelease rules get exercised, not only the core.
const num = fc.oneof(fc.constantFrom('0', '1', '2', '9', '10', '11', '99', '100', '999'), fc.integer({ min: 0, max: 999 }).map(String));
const numericId = num;
const alnumId = fc.oneof(
  fc.constantFrom('alpha', 'beta', 'rc', 'a', 'b', 'x-y', '-', '0a', '00a', 'rc1', 'RC', 'Alpha'),
  fc.stringMatching(/^[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,3}$/),
);
const prerelease = fc.array(fc.oneof(numericId, alnumId), { minLength: 1, maxLength: 4 }).map((ids) => ids.join('.'));
const build = fc.array(fc.stringMatching(/^[0-9a-zA-Z-]{1,4}$/), { minLength: 1, maxLength: 3 }).map((ids) => ids.join('.'));
const semverArb = fc.record({
  v: fc.constantFrom('', 'v'),
  core: fc.tuple(num, num, num),
  pre: fc.option(prerelease, { nil: null, freq: 2 }),
  build: fc.option(build, { nil: null, freq: 3 }),
}).map(({ v, core, pre, build: b }) => v + core.join('.') + (pre ? '-' + pre : '') + (b ? '+' + b : ''));

describe('version.compareSemver', () => {
  it('generates only versions the oracle accepts', () => {
    fc.assert(fc.property(semverArb, (v) => semver.valid(v) !== null && isSemver(v)), { numRuns: 2000 });
  });

  it('has the sign of semver.compare wherever semver.compare is not 0 (thousands of versions)', () => {
    let decided = 0;
    fc.assert(fc.property(semverArb, semverArb, (a, b) => {
      const expected = semver.compare(a, b);
      if (expected === 0) return true;
      decided++;
      return sign(compareSemver(a, b)) === expected;
    }), { numRuns: 4000 });
    expect(decided).to.be.above(3000);
  });

  it('agrees with semver on pairs that differ only in the prerelease', () => {
    const pair = fc.tuple(fc.tuple(num, num, num), fc.option(prerelease, { nil: null }), fc.option(prerelease, { nil: null }));
    fc.assert(fc.property(pair, ([core, p, q]) => {
      const a = core.join('.') + (p ? '-' + p : '');
      const b = core.join('.') + (q ? '-' + q : '');
      const expected = semver.compare(a, b);
      // no build metadata and no leading zeros: equal precedence is equal text
      return expected === 0 ? a === b && compareSemver(a, b) === 0 : sign(compareSemver(a, b)) === expected;
    }), { numRuns: 3000 });
  });

  it('sorts semver.sort\'s way', () => {
    fc.assert(fc.property(fc.array(semverArb, { maxLength: 12 }), (list) => {
      const ours = T.version.sort(list, compareSemver);
      for (let i = 1; i < ours.length; i++) if (semver.compare(ours[i - 1], ours[i]) > 0) return false;
      return true;
    }), { numRuns: 500 });
  });

  it('puts a prerelease before its release, unlike the verwalter ordering', () => {
    expect(compareSemver('v1.0.0-rc.1', 'v1.0.0')).to.equal(-1);
    expect(T.version.compare('v1.0.0-rc.1', 'v1.0.0')).to.equal(1);
    expect(compareSemver('1.0.0-alpha', '1.0.0-alpha.1')).to.equal(-1);
    expect(compareSemver('1.0.0-alpha.1', '1.0.0-alpha.beta')).to.equal(-1);
    expect(compareSemver('1.0.0-beta.2', '1.0.0-beta.11')).to.equal(-1);
    expect(compareSemver('1.0.0-rc.1', '1.0.0')).to.equal(-1);
  });

  it('ignores build metadata for precedence but stays total', () => {
    expect(semver.compare('1.0.0+a', '1.0.0+b')).to.equal(0);
    expect(compareSemver('1.0.0+a', '1.0.0+b')).to.equal(-1);
    expect(compareSemver('1.0.0+b', '1.0.0+a')).to.equal(1);
    expect(compareSemver('1.0.0+a', '1.0.0+a')).to.equal(0);
  });

  it('compares long numbers exactly', () => {
    expect(compareSemver('1.0.123456789012345678901', '1.0.123456789012345678900')).to.equal(1);
  });

  it('puts non-semver versions first, ordered among themselves by compare', () => {
    expect(compareSemver('v1.0', 'v0.0.1')).to.equal(-1);
    expect(compareSemver('v0.0.1', 'v1.0')).to.equal(1);
    expect(compareSemver('v1.0', 'v1.1')).to.equal(-1);
    expect(compareSemver(null, 'v1.0')).to.equal(-1);
    expect(compareSemver(null, null)).to.equal(0);
    expect(isSemver('v1.0')).to.equal(false);
    expect(isSemver('1.0.0-01')).to.equal(false);
    expect(isSemver(100)).to.equal(false);
  });

  it('is antisymmetric and total on mixed versions', () => {
    const mixed = fc.oneof(semverArb, fc.string({ maxLength: 8 }));
    fc.assert(fc.property(mixed, mixed, (a, b) =>
      sign(compareSemver(a, b)) === -sign(compareSemver(b, a)) && (compareSemver(a, b) === 0) === (a === b)), { numRuns: 2000 });
  });
});
