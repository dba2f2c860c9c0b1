import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { luaReference } from './lua-reference.mjs';

describe('the Lua reference for comparison tests', () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lua-reference-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is taken from VERWALTER_TOOLBOX only, and a skip says why', async () => {
    expect(luaReference({})).to.deep.equal({ skip: 'VERWALTER_TOOLBOX is not set (a checkout of tailhook/verwalter-toolbox)' });
    expect(luaReference({ VERWALTER_TOOLBOX: dir }).skip).to.equal(`VERWALTER_TOOLBOX=${dir} has no modules/drivers/api.lua`);
    await mkdir(path.join(dir, 'modules/drivers'), { recursive: true });
    await writeFile(path.join(dir, 'modules/drivers/api.lua'), '');
    expect(luaReference({ VERWALTER_TOOLBOX: dir }, { lua: 'no-such-lua-here' }).skip).to.equal(
      'no-such-lua-here is not installed (apt-get install lua5.3)',
    );
    expect(luaReference({ VERWALTER_TOOLBOX: dir }, { lua: process.execPath })).to.deep.equal({ dir });
  });
});
