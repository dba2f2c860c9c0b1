// The ES5 engines every test of the bundle runs it in, besides Node:
// QuickJS with every ES2015+ built-in removed (the harness's runScript) and
// Duktape 2.x (`duk`). A fresh machine may lack `duk`: its tests are then
// skipped with the install command, except under CI=true, where they fail.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { runScript } from '../../harness/index.mjs';

export const BUNDLE_PATH = new URL('../../dist/verwalter-toolbox.js', import.meta.url).pathname;
export const bundle = () => readFileSync(BUNDLE_PATH, 'utf8');
export const DUK_INSTALL = 'apt-get install -y duktape';

const hasDuk = !spawnSync('duk', ['-h']).error;
let warned = false;

/** Call first in a mocha test (a `function`, not an arrow) that needs duk. */
export function needDuk(test) {
  if (hasDuk) return;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`duk (Duktape) is not installed; CI must install it: ${DUK_INSTALL}`);
  }
  if (!warned) {
    console.log(`      (duk is not installed: its tests are skipped; install with: ${DUK_INSTALL})`);
    warned = true;
  }
  test.skip();
}

/** The value of `expression` (which must be a JSON string) with the bundle
 * loaded as a plain script, in Duktape. */
export function inDuk(expression, source = bundle()) {
  const dir = mkdtempSync(join(tmpdir(), 'vwt-duk-'));
  try {
    const file = join(dir, 'run.js');
    writeFileSync(file, `${source}\n;print(${expression});\n`);
    return execFileSync('duk', [file], { encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same in a fresh ES5-only QuickJS context. */
export async function inQuickJS(expression, source = bundle(), options = {}) {
  return runScript(source, expression, options);
}
