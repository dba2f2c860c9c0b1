// `init --force` never overwrites a file that differs from what init wrote:
// it keeps it and says so, one line each. What init wrote is in the
// project's .verwalter-init.json (a SHA-256 per file), so a file it wrote
// that nobody changed is replaced, an earlier release's too.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freshProject, ROOT, runCli } from './helpers.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const TEMPLATE = 'templates/example/v1/lithos.yaml.tera';
const kept = (file) => `kept ${file}: it differs from what init wrote, so it is left as it is\n`;

describe('verwalter-harness init --force', function () {
  this.timeout(60000);
  let project;
  freshProject((d, p) => { project = p; });

  const init = async (...args) => {
    const r = await runCli(['init', ...args, project]);
    expect(r.code, r.stderr).to.equal(0);
    return r.stdout;
  };
  const read = (file) => readFile(path.join(project, file), 'utf8');
  const keptLines = (stdout) => stdout.split('\n').filter((line) => line.startsWith('kept '));
  const manifestFile = () => path.join(project, '.verwalter-init.json');

  it('keeps a file you changed, says so in one line each, and writes the rest', async function () {
    await init();
    const main = `${await read('scheduler/v1/main.js')}// mine\n`;
    await writeFile(path.join(project, 'scheduler/v1/main.js'), main);
    await writeFile(path.join(project, TEMPLATE), 'my template\n');
    await rm(path.join(project, 'cases/add-services/input.json'));
    const stdout = await init('--force');
    expect(keptLines(stdout).map((line) => `${line}\n`)).to.deep.equal([kept(path.join(project, 'scheduler/v1/main.js')), kept(path.join(project, TEMPLATE))]);
    expect(stdout).not.to.include('  scheduler/v1/main.js\n');
    expect(await read('scheduler/v1/main.js')).to.equal(main);
    expect(await read(TEMPLATE)).to.equal('my template\n');
    expect(await read('cases/add-services/input.json')).to.equal(await readFile(path.join(ROOT, 'harness/scaffold/files/cases/add-services/input.json'), 'utf8'));
    // Again: the same files are kept; nothing else is said.
    expect(keptLines(await init('--force'))).to.have.length(2);
  });

  it('replaces a file init wrote that nobody changed since, an earlier release\'s too; without the manifest it is yours', async function () {
    await init();
    const template = await read(TEMPLATE);
    // As an earlier release would have written it, and noted it.
    const earlier = 'the template of an earlier release\n';
    await writeFile(path.join(project, TEMPLATE), earlier);
    const manifest = JSON.parse(await readFile(manifestFile(), 'utf8'));
    manifest.files[TEMPLATE] = sha256(earlier);
    await writeFile(manifestFile(), JSON.stringify(manifest));
    expect(keptLines(await init('--force'))).to.deep.equal([]);
    expect(await read(TEMPLATE)).to.equal(template);
    // A project whose manifest is gone: what init did not write now is kept.
    await writeFile(path.join(project, TEMPLATE), earlier);
    await rm(manifestFile());
    expect(keptLines(await init('--force'))).to.deep.equal([kept(path.join(project, TEMPLATE)).trimEnd()]);
    expect(await read(TEMPLATE)).to.equal(earlier);
  });

  it('keeps your own package.json, and with --typescript adds what is missing', async function () {
    const mine = '{ "name": "mine", "private": true }\n';
    await init();
    await writeFile(path.join(project, 'package.json'), mine);
    const stdout = await init('--force', '--typescript');
    expect(keptLines(stdout)).to.deep.equal([kept(path.join(project, 'package.json')).trimEnd()]);
    expect(await read('package.json')).to.equal(mine);
    expect(stdout).to.include('  src/main.ts\n');
    expect(await read('src/main.ts')).to.include('wrapScheduler');
  });

  it('upgrade notes what it wrote in the manifest, so that init --force may replace it later', async function () {
    await init('--typescript');
    const bundleFile = path.join(project, 'scheduler/v1/verwalter-toolbox.js');
    const current = await readFile(bundleFile, 'utf8');
    const old = '(function () { /* an old bundle */ })();\n';
    await writeFile(bundleFile, old);
    const manifest = JSON.parse(await readFile(manifestFile(), 'utf8'));
    manifest.files['scheduler/v1/verwalter-toolbox.js'] = sha256(old);
    manifest.files['types/verwalter-toolbox/index.d.ts'] = sha256('old types');
    await writeFile(manifestFile(), JSON.stringify(manifest));
    expect((await runCli(['upgrade', path.join(project, 'scheduler/v1')])).code).to.equal(0);
    const after = JSON.parse(await readFile(manifestFile(), 'utf8')).files;
    expect(after['scheduler/v1/verwalter-toolbox.js']).to.equal(sha256(current));
    expect(after['types/verwalter-toolbox/index.d.ts']).to.equal(sha256(await read('types/verwalter-toolbox/index.d.ts')));
  });
});
