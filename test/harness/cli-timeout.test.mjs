// --timeout is the budget of the scheduler call alone; loading main.js and
// what it requires has its own (--load-timeout, 10 s by default, as
// verwalter gives loading), so a small --timeout does not fail a scheduler
// that is slow to load and quick to run (issue 20).
import { expect } from 'chai';
import path from 'node:path';
import { fixture, INPUT, removeDir, runCli, tempDir, writeCase } from './helpers.mjs';

describe('verwalter-harness --timeout and --load-timeout', function () {
  this.timeout(120000);
  let dir;
  let input;
  before(async function () {
    dir = await tempDir();
    await writeCase(dir, { 'input.json': INPUT, 'scenario.json': { start: INPUT, duration_ms: 0 } });
    input = path.join(dir, 'input.json');
  });
  after(async function () {
    await removeDir(dir);
  });

  // slow-load spends far more than 100 ms at module level (about a second
  // here), and its call a few ms.
  it('run, replay, plan and simulate pass a scheduler slow to load and quick to run with --timeout 100', async function () {
    const run = await runCli(['run', fixture('slow-load'), input, '--timeout', '100']);
    expect(run.stderr).to.equal('loaded\n');
    expect(run.code).to.equal(0);
    const { schedule } = JSON.parse(run.stdout);
    await writeCase(path.join(dir, 'case'), { 'input.json': INPUT, 'expected.json': schedule });
    const replay = await runCli(['replay', fixture('slow-load'), path.join(dir, 'case'), '--timeout', '100']);
    expect(replay.stdout).to.include('1 passed, 0 failed');
    expect(replay.code).to.equal(0);
    const plan = await runCli(['plan', fixture('slow-load'), input, '--timeout', '100']);
    expect(plan.stderr).to.equal('');
    expect(plan.code).to.equal(0);
    const simulate = await runCli(['simulate', fixture('slow-load'), path.join(dir, 'scenario.json'), '--timeout', '100']);
    expect(simulate.stderr).to.equal('');
    expect(simulate.code).to.equal(0);
  });

  it('fails a scheduler whose call is slow, naming the run and its budget', async function () {
    const { code, stderr } = await runCli(['run', fixture('endless'), input, '--timeout', '100']);
    expect(code).to.equal(1);
    expect(stderr).to.equal('about to loop\nverwalter-harness: TimeoutError: the scheduler run exceeded its time budget of 100 ms\n');
  });

  it('fails a load past --load-timeout with an error naming the load budget', async function () {
    for (const command of ['run', 'plan']) {
      const { code, stderr } = await runCli([command, fixture('slow-load'), input, '--load-timeout', '100']);
      expect(code, command).to.equal(1);
      expect(stderr, command).to.equal(
        'verwalter-harness: TimeoutError: loading the scheduler exceeded its load time budget of 100 ms (loadTimeoutMs, --load-timeout; verwalter allows loading 10 s)\n',
      );
    }
    const simulate = await runCli(['simulate', fixture('slow-load'), path.join(dir, 'scenario.json'), '--load-timeout', '100']);
    expect(simulate.code).to.equal(1);
    expect(simulate.stderr).to.include('loading the scheduler exceeded its load time budget of 100 ms');
  });

  it('checks --load-timeout as it checks --timeout', async function () {
    const { code, stderr } = await runCli(['run', fixture('good'), input, '--load-timeout', '0']);
    expect(code).to.equal(2);
    expect(stderr).to.include("option '--load-timeout <ms>' argument '0' is invalid. It must be above 0.");
  });
});
