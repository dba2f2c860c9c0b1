// `build [project-dir]` compiles what `init --typescript` lays out with the
// TypeScript this package depends on: src/ to ES5 scheduler/v1/, one file
// per module with a source map each; type and syntax errors are one
// `src/main.ts:line:column: message` line each, exit 2, nothing written.
import { expect } from 'chai';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freshProject, runCli } from './helpers.mjs';

const { version: tsVersion } = JSON.parse(await readFile(new URL('../../node_modules/typescript/package.json', import.meta.url), 'utf8'));
const exists = (file) => stat(file).then(() => true, () => false);

describe('verwalter-harness build', function () {
  this.timeout(60000);
  // One init --typescript, copied for each test.
  let dir;
  let project;
  freshProject((d, p) => { dir = d; project = p; }, async (sched) => {
    const r = await runCli(['init', '--typescript', sched]);
    expect(r.code, r.stderr).to.equal(0);
  });

  const replayGreen = async (...engine) => {
    const r = await runCli(['replay', ...engine, 'scheduler/v1', 'cases'], { cwd: project });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.equal('1 passed, 0 failed\n');
  };
  const source = (file, text) => writeFile(path.join(project, 'src', file), text);

  it('the package pins the TypeScript it builds with to a release that still emits ES5', async function () {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.dependencies.typescript).to.equal('5.9.3');
    expect(pkg.devDependencies?.typescript).to.equal(undefined);
    expect(tsVersion).to.equal('5.9.3');
  });

  it('compiles src/main.ts to ES5 scheduler/v1/main.js with its source map, in the current directory by default; it replays green', async function () {
    const r = await runCli(['build'], { cwd: project });
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(`wrote scheduler/v1/main.js, scheduler/v1/main.js.map (TypeScript ${tsVersion}, ES5)\n`);
    const main = await readFile(path.join(project, 'scheduler/v1/main.js'), 'utf8');
    expect(main).to.include('var toolbox = require("verwalter-toolbox");');
    expect(main.trimEnd().split('\n').pop()).to.equal('//# sourceMappingURL=main.js.map');
    const map = JSON.parse(await readFile(path.join(project, 'scheduler/v1/main.js.map'), 'utf8'));
    expect(map.sources).to.deep.equal(['../../src/main.ts']);
    await replayGreen();
    // From elsewhere, the paths it names start with the project's.
    const there = await runCli(['build', project]);
    expect(there.stdout).to.equal(`wrote ${project}/scheduler/v1/main.js, ${project}/scheduler/v1/main.js.map (TypeScript ${tsVersion}, ES5)\n`);
  });

  it('compiles a src/ of several modules to one file per module, which the loader and the wasm build resolve', async function () {
    await mkdir(path.join(project, 'src/lib'));
    await source('lib/template.ts', "export function templateOf(name: string): string {\n  return name + '/v1';\n}\n");
    await source(
      'main.ts',
      [
        "import * as toolbox from 'verwalter-toolbox';",
        "import type { ApiSchedule, SchedulerInput } from 'verwalter-toolbox';",
        "import { templateOf } from './lib/template';",
        '',
        'export const scheduler = toolbox.log.wrapScheduler(function (input: SchedulerInput): ApiSchedule {',
        "  return toolbox.drivers.api.schedule(input, { template: templateOf('example') });",
        '});',
        '',
      ].join('\n'),
    );
    const r = await runCli(['build'], { cwd: project });
    expect(r.stdout).to.equal(
      `wrote scheduler/v1/lib/template.js, scheduler/v1/lib/template.js.map, scheduler/v1/main.js, scheduler/v1/main.js.map (TypeScript ${tsVersion}, ES5)\n`,
    );
    expect(await readFile(path.join(project, 'scheduler/v1/main.js'), 'utf8')).to.include('require("./lib/template")');
    await replayGreen();
    await replayGreen('--engine', 'wasm');
  });

  it('a type or syntax error is a src/main.ts:line:column line each, exit 2, and nothing is written', async function () {
    const before = await readFile(path.join(project, 'scheduler/v1/main.js'), 'utf8');
    await source('main.ts', "const port: number = 'http';\nconst broken = ;\nexport const scheduler = port;\n");
    const r = await runCli(['build'], { cwd: project });
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.equal(
      [
        "src/main.ts:1:7: TS2322: Type 'string' is not assignable to type 'number'.",
        'src/main.ts:2:16: TS1109: Expression expected.',
        'verwalter-harness: build: 2 errors; nothing written',
        '',
      ].join('\n'),
    );
    expect(await readFile(path.join(project, 'scheduler/v1/main.js'), 'utf8')).to.equal(before);
    expect(await exists(path.join(project, 'scheduler/v1/main.js.map'))).to.equal(false);
    // From elsewhere, the line names the file from there.
    const there = await runCli(['build', project]);
    expect(there.stderr.split('\n')[0]).to.equal(`${project}/src/main.ts:1:7: TS2322: Type 'string' is not assignable to type 'number'.`);
  });

  it("honours the project's tsconfig.json, but refuses one that sets another target, module or output (exit 2)", async function () {
    const tsconfig = path.join(project, 'tsconfig.json');
    const config = JSON.parse(await readFile(tsconfig, 'utf8'));
    // strict: false lets what strict refuses through.
    await source('main.ts', "import * as toolbox from 'verwalter-toolbox';\nfunction loose(x) { return x; }\nexport const scheduler = toolbox.log.wrapScheduler(function (input) { return toolbox.drivers.api.schedule(loose(input), { template: 'example/v1' }); });\n");
    expect((await runCli(['build'], { cwd: project })).stderr).to.include("src/main.ts:2:16: TS7006: Parameter 'x' implicitly has an 'any' type.");
    await writeFile(tsconfig, JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, strict: false } }));
    expect((await runCli(['build'], { cwd: project })).code).to.equal(0);
    await writeFile(tsconfig, JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, target: 'ES2017', module: 'esnext', outDir: 'dist' } }));
    const r = await runCli(['build'], { cwd: project });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      [
        'tsconfig.json: "target" is ES2017; build needs "ES5": verwalter\'s engine runs ES5.1',
        'tsconfig.json: "module" is ESNext; build needs "commonjs": verwalter\'s engine loads modules with require()',
        'tsconfig.json: "outDir" is dist; build writes scheduler/v1/main.js, the file verwalter runs',
        'verwalter-harness: build: 3 errors; nothing written',
        '',
      ].join('\n'),
    );
  });

  it("without a tsconfig.json, builds with init's settings and, where the project vendors none, the package's types", async function () {
    await rm(path.join(project, 'tsconfig.json'));
    await rm(path.join(project, 'types'), { recursive: true });
    const r = await runCli(['build'], { cwd: project });
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    await replayGreen();
  });

  it('a directory without src/main.ts is one line, exit 2', async function () {
    const r = await runCli(['build', dir]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      `verwalter-harness: ${dir}/src/main.ts: missing: build compiles it and the modules it imports to ${dir}/scheduler/v1/main.js (init --typescript writes one)\n`,
    );
    const none = await runCli(['build', path.join(dir, 'nowhere')]);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.equal(`verwalter-harness: ${dir}/nowhere: no such project directory (the one holding src/ and scheduler/v1/)\n`);
  });
});
