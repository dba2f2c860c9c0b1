import { expect } from 'chai';
import { usedVersions, NOW } from './helpers.mjs';
import cases from './cases.mjs';

describe('tracking: rules (cases.mjs)', function () {
  for (const c of cases) {
    it(c.name, function () {
      const result = usedVersions({ now: NOW, ...c.params });
      for (const key of Object.keys(c.expect)) {
        if (c.expect[key] === undefined) continue;
        expect(result[key], key).to.deep.equal(c.expect[key]);
      }
      if (c.errorCount !== undefined) expect(result.errors, 'errors').to.have.length(c.errorCount);
      else if (!('errors' in c.expect)) expect(result.errors, 'errors').to.deep.equal([]);
    });
  }
});
