// The example scheduler's TypeScript twin (test/example/typescript) compiles
// with strict: true for lib es5, and what it compiles to replays the same
// recordings green; `verwalter-harness build` makes the same of it.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  it("builds with verwalter-harness build (no tsconfig.json: init's settings and the package's types) to what tsc makes, with a source map", () => {
    const project = path.join(dir, 'built');
    cpSync(`${root}test/example/typescript/src`, path.join(project, 'src'), { recursive: true });
    const r = spawnSync('node', ['harness/bin/verwalter-harness.mjs', 'build', project], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    const compiled = path.join(dir, 'tsc');
    expect(compileProject(`${root}test/example/typescript/tsconfig.json`, { outDir: compiled })).to.deep.equal([]);
    const built = readFileSync(path.join(project, 'scheduler/v1/main.js'), 'utf8');
    expect(built).to.equal(`${readFileSync(path.join(compiled, 'main.js'), 'utf8')}//# sourceMappingURL=main.js.map`);
    expect(JSON.parse(readFileSync(path.join(project, 'scheduler/v1/main.js.map'), 'utf8')).sources).to.deep.equal(['../../src/main.ts']);
  });
});
