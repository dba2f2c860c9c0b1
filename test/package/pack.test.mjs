// What `npm pack` ships, and that it works as the README's install section
// says: installed into an empty project, `npx verwalter-harness init sched`
// then `replay` on what it made passes. Offline: see installOffline.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installOffline, offlineEnv } from '../support/offline-install.mjs';
import { consumerOptions, typeCheck } from '../support/typescript.mjs';

const root = new URL('../..', import.meta.url).pathname;

describe('the npm package', function () {
  this.timeout(180000);
  let dir;
  let packed;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'pack-test-'));
    // The bundle is built already (npm test's pretest); a release's `npm
    // pack` builds it through the prepare script.
    const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', env: offlineEnv() });
    [packed] = JSON.parse(json);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the bundle, its types, the harness, the bins, the docs the README links to and the licenses, nothing of test/', function () {
    const files = packed.files.map((file) => file.path);
    for (const file of [
      'dist/verwalter-toolbox.js', 'dist/verwalter-toolbox.d.ts', 'dist/types/index.d.ts', 'dist/types/engine.d.ts',
      'dist/types/drivers/api/types.d.ts', 'harness/index.mjs', 'harness/index.d.mts', 'harness/bin/verwalter-harness.mjs',
      'harness/bin/verwalter-ack.mjs', 'harness/scaffold/files/scheduler/v1/main.js',
      'harness/scaffold/files/templates/example/v1/lithos.yaml.tera', 'harness/wasm/engine/engine.wasm', 'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json',
      'docs/harness.md', 'docs/migrating-from-lua.md',
    ]) {
      expect(files, file).to.include(file);
    }
    const outside = files.filter((file) => !/^(dist|harness|docs)\//.test(file) && !['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json'].includes(file));
    expect(outside).to.deep.equal([]);
    expect(files.filter((file) => file.startsWith('test/'))).to.deep.equal([]);
  });

  it('installs into an empty project, where npx verwalter-harness init then replay pass, and the harness API has its types', function () {
    const project = path.join(dir, 'project');
    execFileSync('mkdir', [project]);
    installOffline(project, path.join('..', packed.filename));
    const npx = (...args) => execFileSync('npx', ['--no', 'verwalter-harness', ...args], { cwd: project, encoding: 'utf8', env: offlineEnv() });
    expect(npx('init', 'sched')).to.include('created sched');
    expect(npx('replay', 'sched/scheduler/v1', 'sched/cases')).to.equal('1 passed, 0 failed\n');
    // The engine ships built: scheduler.wasm needs nothing but Node.
    expect(npx('wasm', 'sched/scheduler/v1')).to.match(/^wrote sched\/scheduler\/v1\/scheduler\.wasm: \d+ bytes, 2 modules/);
    expect(npx('replay', '--engine', 'sched/scheduler/v1/scheduler.wasm', 'sched/scheduler/v1', 'sched/cases')).to.equal('1 passed, 0 failed\n');
    expect(execFileSync('npx', ['--no', '--', 'verwalter-ack', '--help'], { cwd: project, encoding: 'utf8', env: offlineEnv() })).to.include('Usage: verwalter-ack');
    // TypeScript with nothing more installed: build uses the compiler the
    // package depends on. The new project's package.json names the tarball
    // as the installing project does, from where it is.
    expect(npx('init', '--typescript', 'ts')).to.include('created ts');
    expect(npx('build', 'ts')).to.equal('wrote ts/scheduler/v1/main.js, ts/scheduler/v1/main.js.map (TypeScript 5.9.3, ES5)\n');
    expect(npx('replay', 'ts/scheduler/v1', 'ts/cases')).to.equal('1 passed, 0 failed\n');
    expect(JSON.parse(readFileSync(path.join(project, 'ts/package.json'), 'utf8')).devDependencies).to.deep.equal({ 'verwalter-toolbox': `file:../../${packed.filename}` });
    // A strict TypeScript consumer of every harness export, against the
    // installed package (test/types/harness.test.mjs checks it in place).
    const consumer = path.join(project, 'consumer.mts');
    copyFileSync(path.join(root, 'test/types/harness-consumer.mts'), consumer);
    expect(typeCheck([consumer], consumerOptions('node16', project))[consumer]).to.deep.equal([]);
  });
});
