import { expect } from 'chai';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fixture, INPUT, removeDir, ROOT, runCli, tempDir, writeCase } from './helpers.mjs';

describe('verwalter-harness run and usage', function () {
  let dir;
  let inputFile;

  before(async function () {
    dir = await tempDir();
    await writeCase(dir, { 'input.json': INPUT, 'bad.json': '[1, 2' });
    inputFile = path.join(dir, 'input.json');
  });
  after(async function () {
    await removeDir(dir);
  });

  it('run prints the result to stdout and the log to stderr', async function () {
    const { code, stdout, stderr } = await runCli(['run', fixture('good'), inputFile]);
    expect(code).to.equal(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).to.deep.equal(['actions', 'schedule']);
    expect(result.schedule.hosts).to.deep.equal(['alpha', 'beta']);
    expect(stderr).to.equal('scheduling alpha {"peers":1}\nscheduled 2 hosts\n');
  });

  it('run exits 1 when the scheduler fails, after its log', async function () {
    const { code, stdout, stderr } = await runCli(['run', fixture('recursion'), inputFile]);
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.equal('descending\nverwalter-harness: StackOverflowError: the scheduler run overflowed the stack (limit 256 KiB)\n');
  });

  it('run stops a scheduler stuck in one long built-in call at --timeout, and exits', async function () {
    // Minutes unbounded, longer than this test may take: only the cap (the
    // budget plus the watchdog's grace) lets it end with the budget's error.
    const { code, stdout, stderr } = await runCli(['run', fixture('slow-builtin'), inputFile, '--timeout', '300']);
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.equal('about to join\nverwalter-harness: TimeoutError: the scheduler run exceeded its time budget of 300 ms\n');
  });

  it('run takes the engine options', async function () {
    expect((await runCli(['run', fixture('es2015-syntax'), inputFile])).code).to.equal(1);
    expect((await runCli(['run', fixture('es2015-syntax'), inputFile, '--no-es5'])).code).to.equal(0);
    const small = await runCli(['run', fixture('alloc-bomb'), inputFile, '--memory', '32', '--timeout', '10000', '--stack', '128']);
    expect(small.code).to.equal(1);
    expect(small.stderr).to.include('OutOfMemoryError: the scheduler run ran out of memory (budget 32 MiB)');
  });

  it('run exits 2 on an unreadable or malformed input', async function () {
    const missing = await runCli(['run', fixture('good'), path.join(dir, 'nope.json')]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('nope.json: cannot read: ENOENT');
    const malformed = await runCli(['run', fixture('good'), path.join(dir, 'bad.json')]);
    expect(malformed.code).to.equal(2);
    expect(malformed.stderr).to.include('bad.json:1:6: invalid JSON');
  });

  const usage = {
    'no command': [],
    'an unknown command': ['frobnicate'],
    'an unknown option': ['replay', fixture('good'), dir, '--bogus'],
    'an option of another command': ['run', fixture('good'), 'x.json', '--update'],
    'too few arguments': ['replay', fixture('good')],
    'too many arguments': ['run', fixture('good'), 'a.json', 'b.json'],
    'a bad number': ['run', fixture('good'), 'a.json', '--timeout', 'soon'],
    'a memory budget out of range': ['run', fixture('good'), 'a.json', '--memory', '1'],
  };
  for (const [what, args] of Object.entries(usage)) {
    it(`exits 2 on ${what}`, async function () {
      const { code, stdout, stderr } = await runCli(args);
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr).to.match(/^verwalter-harness: .+\n\(see verwalter-harness --help\)\n$/);
    });
  }

  it('--help prints the usage and exits 0', async function () {
    const { code, stdout } = await runCli(['--help']);
    expect(code).to.equal(0);
    expect(stdout).to.include('Usage: verwalter-harness <command>');
    expect(stdout).to.include('replay [options] <scheduler-dir> <case...>');
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(await runCli(['--version'])).to.deep.equal({ code: 0, stdout: `${version}\n`, stderr: '' });
    const replayHelp = await runCli(['replay', '--help']);
    expect(replayHelp.code).to.equal(0);
    expect(replayHelp.stdout).to.include('-u, --update');
  });

  it("each command's --help names an option's default once", async function () {
    this.timeout(60000);
    const { stdout } = await runCli(['--help']);
    const commands = [...stdout.matchAll(/^  ([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).to.include('simulate');
    for (const command of commands) {
      const help = await runCli([command, '--help']);
      // An option's lines run until the next option (wrapped text is indented).
      const options = help.stdout.split(/\n(?=  -)/);
      for (const text of options) expect(text.match(/\(default/g) ?? [], `${command}: ${text}`).to.have.length.below(2);
    }
  });
});
