// The bundle says which release it is: a header comment for whoever finds a
// vendored copy, and VerwalterToolbox.VERSION in every engine.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bundle, inDuk, inQuickJS, needDuk } from '../support/engines.mjs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('the bundle states its version', function () {
  it('in its first line', function () {
    expect(bundle().split('\n')[0]).to.equal(`/*! verwalter-toolbox ${version} | MIT OR Apache-2.0 */`);
  });

  it('as VerwalterToolbox.VERSION in Node, QuickJS and duk', async function () {
    expect(createRequire(import.meta.url)('../../dist/verwalter-toolbox.js').VERSION).to.equal(version);
    expect(await inQuickJS('VerwalterToolbox.VERSION')).to.equal(version);
    needDuk(this);
    expect(JSON.parse(inDuk('JSON.stringify(VerwalterToolbox.VERSION)'))).to.equal(version);
  });
});
