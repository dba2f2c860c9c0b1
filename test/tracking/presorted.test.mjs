// The `descending` hint: a caller that has the runtime's versions sorted
// already (the api driver) spares the sort; a wrong hint changes nothing.
import { expect } from 'chai';
import { usedVersions, oldVersions, NOW } from './helpers.mjs';

const versions = oldVersions('v1.2', 'v10.0', 'v2.0', 'v1.10');
const groups = { g: { version: 'v1.10', last_deployed: {} } };
// Computed in each test, not when the file loads: mutation testing
// (npm run mutate) switches the bundle's mutants between tests.
const sorted = () => usedVersions({ versions, groups, now: NOW });

describe('tracking: the `descending` hint', () => {
  it('gives the same result as sorting', () => {
    expect(usedVersions({ versions, groups, now: NOW, descending: ['v10.0', 'v2.0', 'v1.10', 'v1.2'] })).to.deep.equal(sorted());
  });
  for (const [what, hint] of [
    ['not sorted', ['v2.0', 'v10.0', 'v1.10', 'v1.2']],
    ['missing a version', ['v10.0', 'v2.0', 'v1.10']],
    ['naming another version', ['v10.0', 'v2.0', 'v1.10', 'v1.0']],
    ['repeating a version', ['v10.0', 'v10.0', 'v1.10', 'v1.2']],
    ['not a list', 'v10.0'],
  ]) {
    it(`is ignored when ${what}`, () => {
      expect(usedVersions({ versions, groups, now: NOW, descending: hint })).to.deep.equal(sorted());
    });
  }
  it('the result is right to begin with', () => {
    expect(sorted().versions).to.deep.equal(['v10.0', 'v1.10']);
  });
});
