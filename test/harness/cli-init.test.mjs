// `init` scaffolds a scheduler project that replays green as it is, and with
// --typescript compiles (strict, ES5) to the same; `upgrade` replaces a
// vendored bundle and says from which version to which.
import { expect } from 'chai';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_PATH } from '../support/engines.mjs';
import { removeDir, runCli, tempDir } from './helpers.mjs';

const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));

describe('verwalter-harness init and upgrade', function () {
  this.timeout(60000);
  let dir;
  beforeEach(async function () {
    dir = await tempDir();
  });
  afterEach(async function () {
    await removeDir(dir);
  });

  const replayGreen = async (project) => {
    const r = await runCli(['replay', path.join(project, 'scheduler/v1'), path.join(project, 'cases')]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.equal('1 passed, 0 failed\n');
  };

  it('init writes the quickstart layout, which replays green', async function () {
    const project = path.join(dir, 'sched');
    const r = await runCli(['init', project]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`created ${project} (verwalter-toolbox ${version}):\n`);
    for (const file of ['scheduler/v1/main.js', 'scheduler/v1/verwalter-toolbox.js', 'templates/example/v1/lithos.yaml.tera', 'cases/add-services/input.json', 'cases/add-services/expected.json', 'package.json', '.verwalter-init.json']) {
      expect(r.stdout).to.include(`  ${file}\n`);
    }
    expect(r.stdout).not.to.include('tsconfig.json');
    expect(await readFile(path.join(project, 'scheduler/v1/verwalter-toolbox.js'), 'utf8')).to.equal(await readFile(BUNDLE_PATH, 'utf8'));
    expect(await readFile(path.join(project, 'scheduler/v1/main.js'), 'utf8')).to.include('toolbox.drivers.api.schedule(input');
    await replayGreen(project);
  });

  it('init --typescript replays green, then builds strictly to ES5 scheduler/v1/main.js, which replays green again', async function () {
    const project = path.join(dir, 'sched');
    const r = await runCli(['init', project, '--typescript']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include(`next: verwalter-harness build ${project}   (compiles src/ to ${project}/scheduler/v1/main.js)\n`);
    await replayGreen(project);
    // upgrade refreshes the vendored types with the bundle.
    await writeFile(path.join(project, 'types/verwalter-toolbox/index.d.ts'), 'export {};\n');
    const up = await runCli(['upgrade', path.join(project, 'scheduler/v1')]);
    expect(up.stdout).to.include(`${path.join(project, 'types')}: the TypeScript declarations of ${version}\n`);
    const built = await runCli(['build', project]);
    expect(built.code, built.stderr).to.equal(0);
    const main = await readFile(path.join(project, 'scheduler/v1/main.js'), 'utf8');
    expect(main).to.include('var toolbox = require("verwalter-toolbox");');
    await replayGreen(project);
  });

  it('init refuses a directory that is not empty (exit 2) unless --force', async function () {
    await writeFile(path.join(dir, 'notes.txt'), 'mine\n');
    const refused = await runCli(['init', dir]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal(`verwalter-harness: ${dir} is not empty; use --force to write into it anyway\n`);
    expect((await runCli(['init', dir, '--force'])).code).to.equal(0);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).to.equal('mine\n');
    await replayGreen(dir);
  });

  it('upgrade replaces the bundle and says from which version to which', async function () {
    const scheduler = path.join(dir, 'v1');
    await mkdir(scheduler);
    const current = await readFile(BUNDLE_PATH, 'utf8');
    await writeFile(path.join(scheduler, 'verwalter-toolbox.js'), current.replace(`verwalter-toolbox ${version} `, 'verwalter-toolbox 0.0.1 '));
    const up = await runCli(['upgrade', scheduler]);
    expect(up.code, up.stderr).to.equal(0);
    expect(up.stdout).to.equal(`${scheduler}/verwalter-toolbox.js: upgraded from 0.0.1 to ${version}\n`);
    expect(await readFile(path.join(scheduler, 'verwalter-toolbox.js'), 'utf8')).to.equal(current);
    expect((await runCli(['upgrade', scheduler])).stdout).to.equal(`${scheduler}/verwalter-toolbox.js is already ${version}\n`);
    await writeFile(path.join(scheduler, 'verwalter-toolbox.js'), '(function () { /* an old bundle */ })();\n');
    expect((await runCli(['upgrade', scheduler])).stdout).to.equal(
      `${scheduler}/verwalter-toolbox.js: upgraded from a version from before bundles stated theirs to ${version}\n`,
    );
  });

  it('upgrade exits 2 where there is no bundle', async function () {
    const r = await runCli(['upgrade', dir]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(`${path.join(dir, 'verwalter-toolbox.js')}: missing: nothing to upgrade`);
  });
});
