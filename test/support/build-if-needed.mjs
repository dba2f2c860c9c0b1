// `npm test` runs the built bundle; rebuild it when any source is newer.
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const bundle = join(root, 'dist/verwalter-toolbox.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// The example scheduler carries a copy of the bundle, made by the build.
const vendored = join(root, 'test/example/scheduler/v1/verwalter-toolbox.js');
let built = 0;
try { built = Math.min(statSync(bundle).mtimeMs, statSync(vendored).mtimeMs); } catch { /* not built yet */ }
const sources = Math.max(newest(join(root, 'src')), ...['rollup.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs));
if (built < sources) {
  execFileSync('npx', ['rollup', '-c'], { cwd: root, stdio: 'inherit' });
} else {
  console.log('dist/verwalter-toolbox.js is up to date');
}
