import { expect } from 'chai';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, INPUT, removeDir, runCli, tempDir, writeCase } from './helpers.mjs';

// Usage errors: one line naming the flag as typed, a hint where one helps,
// exit status 2; and the small promises of `run` and `replay -u`.
describe('verwalter-harness command line', function () {
  let dir;
  let inputFile;

  before(async function () {
    dir = await tempDir();
    await writeCase(dir, { 'input.json': INPUT });
    inputFile = path.join(dir, 'input.json');
  });
  after(async function () {
    await removeDir(dir);
  });

  async function usageError(args) {
    const { code, stdout, stderr } = await runCli(args);
    expect(code, stderr).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/^verwalter-harness: [^\n]+\n\(see verwalter-harness --help\)\n$/);
    return stderr.split('\n')[0];
  }

  it('names a bad number by its flag, in its own unit', async function () {
    const negative = await usageError(['run', fixture('good'), inputFile, '--timeout', '-5']);
    expect(negative).to.equal("verwalter-harness: option '--timeout <ms>' argument '-5' is invalid. It must be above 0.");
    const memory = await usageError(['run', fixture('good'), inputFile, '--memory', '1']);
    expect(memory).to.include("option '--memory <MiB>' argument '1' is invalid").and.include('from 24 MiB to 2047 MiB');
    expect(memory).not.to.include('memoryBytes');
    const diff = await usageError(['replay', fixture('good'), dir, '--max-diff', '1.5']);
    expect(diff).to.include("option '--max-diff <n>' argument '1.5' is invalid. It must be a whole number");
  });

  it('suggests the close match of a misspelt option or command', async function () {
    expect(await usageError(['replay', fixture('good'), dir, '--updat'])).to.equal(
      "verwalter-harness: unknown option '--updat' (did you mean --update?)",
    );
    expect(await usageError(['replya', fixture('good'), dir])).to.equal(
      "verwalter-harness: unknown command 'replya' (did you mean replay?)",
    );
  });

  it('says a file is not a scheduler directory', async function () {
    const other = path.join(dir, 'other.json');
    await writeFile(other, '{}');
    const { code, stderr } = await runCli(['run', inputFile, other]);
    expect(code).to.equal(2);
    expect(stderr).to.equal(`verwalter-harness: ${inputFile}: a file, not a scheduler directory (the directory holding main.js)\n`);
  });

  it('spots swapped arguments instead of a raw EISDIR', async function () {
    const run = await usageError(['run', inputFile, fixture('good')]);
    expect(run).to.include('the arguments look swapped (usage: verwalter-harness run <scheduler-dir> <input.json>)');
    expect(run).not.to.include('EISDIR');
    const replay = await usageError(['replay', dir, fixture('good')]);
    expect(replay).to.include(`${fixture('good')} holds main.js, ${dir} does not: the arguments look swapped`);
  });

  it('says an input that is a directory is not a JSON file', async function () {
    const { code, stderr } = await runCli(['run', fixture('good'), fixture('good')]);
    expect(code).to.equal(2);
    expect(stderr).to.equal(`verwalter-harness: ${fixture('good')}: a directory, not a JSON file\n`);
  });

  it('points a project directory without main.js at scheduler/v1/', async function () {
    const project = path.join(dir, 'project');
    await mkdir(path.join(project, 'scheduler/v1'), { recursive: true });
    await writeFile(path.join(project, 'scheduler/v1/main.js'), 'exports.scheduler = function () {};\n');
    const near = await runCli(['run', project, inputFile]);
    expect(near.code).to.equal(2);
    expect(near.stderr).to.include(`no main.js in the scheduler directory; did you mean ${path.join(project, 'scheduler/v1')}?`);
    const far = await runCli(['run', fixture('no-main'), inputFile]);
    expect(far.code).to.equal(2);
    expect(far.stderr).to.include('(the scheduler directory is the one holding main.js, usually scheduler/v1/)');
  });

  it('run ends the log with a newline', async function () {
    const scheduler = path.join(dir, 'no-newline');
    await mkdir(scheduler);
    await writeFile(
      path.join(scheduler, 'main.js'),
      "exports.scheduler = function () { console.log('printed'); return { schedule: {}, log: 'no newline at the end' }; };\n",
    );
    const { code, stderr } = await runCli(['run', scheduler, inputFile]);
    expect(code).to.equal(0);
    expect(stderr).to.equal('printed\nno newline at the end\n');
  });

  it('takes -u for --update', async function () {
    const caseDir = path.join(dir, 'cases/new');
    await writeCase(caseDir, { 'input.json': INPUT });
    const { code, stdout } = await runCli(['replay', fixture('good'), caseDir, '-u']);
    expect(code).to.equal(0);
    expect(stdout).to.include(`updated ${caseDir} (expected.json)`);
  });
});
