// The example scheduler's TypeScript twin (test/example/typescript) compiles
// with strict: true for lib es5, and what it compiles to replays the same
// recordings green.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_PATH } from '../support/engines.mjs';
import { compileProject } from '../support/typescript.mjs';

const root = new URL('../..', import.meta.url).pathname;
const cases = readdirSync(`${root}test/example/recordings`).length;

describe('example scheduler in TypeScript', function () {
  this.timeout(120000);
  let dir;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'example-ts-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`compiles strictly to ES5 and replays all ${cases} recordings`, () => {
    const scheduler = path.join(dir, 'scheduler/v1');
    const errors = compileProject(`${root}test/example/typescript/tsconfig.json`, { outDir: scheduler });
    expect(errors).to.deep.equal([]);
    copyFileSync(BUNDLE_PATH, path.join(scheduler, 'verwalter-toolbox.js'));
    const r = spawnSync('node', ['harness/bin/verwalter-harness.mjs', 'replay', '--json', scheduler, 'test/example/recordings'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).to.equal('');
    expect(r.status, r.stdout).to.equal(0);
    expect(JSON.parse(r.stdout).passed).to.equal(cases);
  });
});
