// The package.json init writes works as the README's first steps say, with
// nothing more installed: `npm install` (offline: its dependency is a file:
// path to this checkout), then `npm run build` (--typescript) and `npm test`.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { offlineEnv } from '../support/offline-install.mjs';
import { freshProject, ROOT, runCli } from './helpers.mjs';

// {code, stdout, stderr} of `npm ...args` in `cwd`, never asking the registry.
function npm(cwd, ...args) {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, env: offlineEnv() }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

describe('the package.json init writes', function () {
  this.timeout(120000);
  let project;
  freshProject((d, p) => { project = p; });

  const install = async () => {
    const r = await npm(project, 'install', '--ignore-scripts', '--no-audit', '--no-fund');
    expect(r.code, r.stderr).to.equal(0);
  };

  it('init --typescript: npm install, npm run build and npm test pass; a type error fails the build at its src/main.ts line', async function () {
    expect((await runCli(['init', '--typescript', project])).code).to.equal(0);
    const manifest = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
    expect(manifest).to.deep.equal({
      name: 'sched',
      private: true,
      scripts: { build: 'verwalter-harness build', test: 'verwalter-harness build && verwalter-harness replay scheduler/v1 cases' },
      devDependencies: { 'verwalter-toolbox': `file:${path.relative(project, ROOT)}` },
    });
    await install();
    const built = await npm(project, 'run', 'build');
    expect(built.code, built.stderr).to.equal(0);
    expect(built.stdout).to.include('wrote scheduler/v1/main.js, scheduler/v1/main.js.map (TypeScript 5.9.3, ES5)\n');
    const tested = await npm(project, 'test');
    expect(tested.code, tested.stderr).to.equal(0);
    expect(tested.stdout).to.include('1 passed, 0 failed\n');
    await writeFile(path.join(project, 'src/main.ts'), "export const scheduler: number = 'not a scheduler';\n");
    const broken = await npm(project, 'test');
    expect(broken.code).to.not.equal(0);
    expect(broken.stderr).to.include("src/main.ts:1:14: TS2322: Type 'string' is not assignable to type 'number'.\n");
  });

  it('init: npm install and npm test pass', async function () {
    expect((await runCli(['init', project])).code).to.equal(0);
    const { scripts } = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
    expect(scripts).to.deep.equal({ test: 'verwalter-harness replay scheduler/v1 cases' });
    await install();
    const tested = await npm(project, 'test');
    expect(tested.code, tested.stderr).to.equal(0);
    expect(tested.stdout).to.include('1 passed, 0 failed\n');
  });
});
