// Where the Lua reference toolbox (a checkout of tailhook/verwalter-toolbox)
// is, for the tests that compare with it: only VERWALTER_TOOLBOX says so,
// never a path of some machine. {dir} when usable, else {skip: why}.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export function luaReference(env = process.env, { lua = 'lua5.3' } = {}) {
  const dir = env.VERWALTER_TOOLBOX;
  if (!dir) return { skip: 'VERWALTER_TOOLBOX is not set (a checkout of tailhook/verwalter-toolbox)' };
  const api = path.join(dir, 'modules/drivers/api.lua');
  if (!existsSync(api)) return { skip: `VERWALTER_TOOLBOX=${dir} has no modules/drivers/api.lua` };
  try {
    execFileSync(lua, ['-v'], { stdio: 'ignore' });
  } catch {
    return { skip: `${lua} is not installed (apt-get install lua5.3)` };
  }
  return { dir };
}
