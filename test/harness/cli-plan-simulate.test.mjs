import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { progressLine } from '../../harness/cli/commands/simulate.mjs';
import { CLI, fixture, INPUT, removeDir, ROOT, runCli, tempDir, writeCase } from './helpers.mjs';

const EXAMPLE = path.join(ROOT, 'test/example/scheduler/v1');
const RECORDING = path.join(ROOT, 'test/example/recordings/06-migration-acked');
const SMOOTH = path.join(ROOT, 'test/example/scenarios/smooth-rollout.json');

describe('verwalter-harness plan and simulate', function () {
  this.timeout(60000);
  let dir;
  before(async function () {
    dir = await tempDir();
  });
  after(async function () {
    await removeDir(dir);
  });

  it('plan says what a recorded tick changes, from a case directory or an input.json', async function () {
    const fromDir = await runCli(['plan', EXAMPLE, RECORDING]);
    expect(fromDir.code).to.equal(0);
    expect(fromDir.stdout).to.match(/^at 2026-11-02T10:01:00\.000Z \(the input's now\)\npyapp:\n {2}prod:\n/);
    expect(fromDir.stdout).to.include('    step cmd_migrate (forward) -> test_mode (forward)\n');
    expect(fromDir.stdout).to.include('    update v1.5.0 -> v1.6.0 at test_mode (forward), waiting for "proceed"\n');
    const fromFile = await runCli(['plan', EXAMPLE, path.join(RECORDING, 'input.json')]);
    expect(fromFile.stdout).to.equal(fromDir.stdout);
  });

  it('plan counts down to the auto revert of a paused or failed update, and to the next step, as the scheduler decides them', async function () {
    const paused = await runCli(['plan', EXAMPLE, path.join(ROOT, 'test/example/recordings/11-pause')]);
    expect(paused.code).to.equal(0);
    expect(paused.stdout).to.include(
      '    update v1.5.0 -> v1.6.0 at test_mode (pause), paused, waiting for resume, revert or skip\n' +
        '    auto revert in 30m00s (at 2026-11-02T10:31:30.001Z), unless someone acts before\n',
    );
    const failed = await runCli(['plan', EXAMPLE, path.join(ROOT, 'test/example/recordings/15-ack-error')]);
    expect(failed.stdout).to.include(
      '    update v1.5.0 -> v1.6.0 at cmd_migrate (error), failed (alembic: relation "users" already exists), waiting for resume, revert or skip\n' +
        '    auto revert in 30m00s (at 2026-11-02T10:31:00.001Z), unless someone acts before\n',
    );
    const smooth = await runCli(['plan', EXAMPLE, path.join(ROOT, 'test/example/recordings/09-smooth-restart-substep'), '--json']);
    const [update] = JSON.parse(smooth.stdout).updates;
    expect(update).to.deep.include({ step: 'smooth_restart', smooth_step: 3, waiting_for: null });
    expect(update.next).to.deep.equal({ at: 1793613767500, in_ms: 7500, auto_revert: false, version: 'v1.5.0', update: { step: 'smooth_restart', direction: 'forward', smooth_step: 4 } });
    // A scheduler that reverts after 10 minutes: the countdown is its own.
    const own = path.join(dir, 'own-revert');
    await writeCase(own, {
      'main.js': "var toolbox = require('./verwalter-toolbox');\nexports.scheduler = toolbox.log.wrapScheduler(function (input) {\n  return toolbox.drivers.api.schedule(input, { template: 'example/v1', auto_revert_ms: 600000 });\n});\n",
    });
    copyFileSync(path.join(EXAMPLE, 'verwalter-toolbox.js'), path.join(own, 'verwalter-toolbox.js'));
    const soon = await runCli(['plan', own, path.join(ROOT, 'test/example/recordings/11-pause')]);
    expect(soon.stdout).to.include('    auto revert in 10m00s (at 2026-11-02T10:11:30.001Z), unless someone acts before\n');
  });

  it('plan --json gives the same as data', async function () {
    const { code, stdout } = await runCli(['plan', EXAMPLE, RECORDING, '--json']);
    expect(code).to.equal(0);
    const p = JSON.parse(stdout);
    expect(p.groups.map((g) => g.group)).to.include('prod');
    expect(p.answers[0].answer).to.include({ ok: true, action: 'ack' });
  });

  it('plan exits 1 when the scheduler fails, 2 for a missing input', async function () {
    await writeCase(dir, { 'input.json': INPUT });
    const failed = await runCli(['plan', fixture('recursion'), path.join(dir, 'input.json')]);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.match(/StackOverflowError/);
    const missing = await runCli(['plan', EXAMPLE, path.join(dir, 'nope.json')]);
    expect(missing.code).to.equal(2);
  });

  it('simulate prints the timeline, writes the final schedule and the report', async function () {
    const out = path.join(dir, 'final.json');
    const report = path.join(dir, 'report.html');
    const { code, stdout } = await runCli(['simulate', EXAMPLE, SMOOTH, '--until', 'idle', '--out', out, '--report', report]);
    expect(code).to.equal(0);
    expect(stdout).to.include('pyapp/prod: version v1.5.0 -> v1.7.0');
    expect(stdout).to.match(/idle at \+1m25s/);
    const final = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(final)).to.deep.equal(['actions', 'schedule']);
    expect(final.schedule.state.pyapp.groups.prod.version).to.equal('v1.7.0');
    expect(readFileSync(report, 'utf8')).to.match(/^<!DOCTYPE html>[\s\S]*<svg[\s\S]*<\/html>\n$/);
  });

  it('simulate --json gives the outcome as data', async function () {
    const { code, stdout } = await runCli(['simulate', EXAMPLE, SMOOTH, '--json', '--until', 'idle']);
    expect(code).to.equal(0);
    const outcome = JSON.parse(stdout);
    expect(outcome).to.include({ name: 'smooth-rollout', ended: 'idle', end_ms: 85000 });
    expect(outcome.actions[0].answer).to.include({ ok: true });
  });

  it('simulate exits 1 naming the tick and time when the scheduler throws', async function () {
    const scenario = path.join(dir, 'throws.json');
    await writeCase(dir, { 'throws.json': { start: INPUT, duration_ms: 60000 } });
    const { code, stdout, stderr } = await runCli(['simulate', fixture('throws-later'), scenario]);
    expect(code).to.equal(1);
    expect(stderr).to.include('verwalter-harness: tick 3 (+0m15s): SchedulerError: main.js:5:35: Error: third run: out of ideas\n');
    expect(stdout).to.include('stopped at tick 3 (+0m15s)');
  });

  it('simulate exits 0 when what the scenario expects holds, and --json says so', async function () {
    const { code, stdout, stderr } = await runCli(['simulate', EXAMPLE, SMOOTH, '--json']);
    expect(code).to.equal(0);
    expect(stderr).to.equal('');
    const outcome = JSON.parse(stdout);
    expect(outcome.expectations.map((e) => e.ok)).to.deep.equal([true, true, true, true, true, true]);
    expect(outcome.expectations[4]).to.deep.include({ at_ms: 85000, tick: 17, expected: { version: 'v1.7.0', step: null }, actual: { version: 'v1.7.0', step: null } });
    expect(outcome.refusals).to.deep.equal([]);
  });

  it('simulate writes everything, then lists what the scenario expected and did not get, and exits 1', async function () {
    const smooth = JSON.parse(readFileSync(SMOOTH, 'utf8'));
    const start = path.join(ROOT, 'test/example/recordings/04-start-update');
    const button = smooth.actions[0].button;
    const scenario = {
      ...smooth,
      start,
      actions: [{ at_ms: 5000, button }, { at_ms: 10000, button }, { at_ms: 15000, button, refused: true }],
      expect: [
        { at_ms: 20000, role: 'pyapp', group: 'prod', step: 'quick_restart' },
        { at_ms: 30000, role: 'pyapp', group: 'prod', step: null },
        { at_ms: 300000, role: 'pyapp', group: 'prod', version: 'v1.6.0' },
      ],
    };
    await writeCase(dir, { 'expects.json': scenario });
    const out = path.join(dir, 'expects-final.json');
    const report = path.join(dir, 'expects.svg');
    const file = path.join(dir, 'expects.json');
    const { code, stdout, stderr } = await runCli(['simulate', EXAMPLE, file, '--out', out, '--report', report]);
    expect(code).to.equal(1);
    expect(stdout).to.match(/ended at \+5m00s/);
    expect(existsSync(out)).to.equal(true);
    expect(existsSync(report)).to.equal(true);
    expect(stderr).to.equal(
      'verwalter-harness: tick 2 (+0m10s): actions[1]: start_update on pyapp/prod {"to_version":"v1.7.0"}: refused unexpectedly: {"error":"group is still updating"} (mark the action "refused": true if that is intended)\n' +
        'verwalter-harness: tick 6 (+0m30s): expect[1]: pyapp/prod: step smooth_restart, expected no update running\n' +
        'verwalter-harness: tick 60 (+5m00s): expect[2]: pyapp/prod: version v1.7.0, expected v1.6.0\n',
    );
    const json = await runCli(['simulate', EXAMPLE, file, '--json']);
    expect(json.code).to.equal(1);
    const outcome = JSON.parse(json.stdout);
    expect(outcome.expectations.map((e) => [e.tick, e.ok, e.actual])).to.deep.equal([
      [4, true, { version: 'v1.5.0', step: 'quick_restart' }],
      [6, false, { version: 'v1.5.0', step: 'smooth_restart' }],
      [60, false, { version: 'v1.7.0', step: null }],
    ]);
    expect(outcome.refusals.map((r) => [r.index, r.tick, r.refused, r.expected, r.ok])).to.deep.equal([
      [1, 2, true, false, false],
      [2, 3, true, true, true],
    ]);
  });

  it('simulate keeps exiting 1 with the failure alone when the scheduler throws', async function () {
    await writeCase(dir, { 'throws-expects.json': { start: INPUT, duration_ms: 60000, expect: [{ at_ms: 60000, role: 'r', group: 'g', step: null }] } });
    const { code, stderr } = await runCli(['simulate', fixture('throws-later'), path.join(dir, 'throws-expects.json')]);
    expect(code).to.equal(1);
    expect(stderr).to.equal('verwalter-harness: tick 3 (+0m15s): SchedulerError: main.js:5:35: Error: third run: out of ideas\n');
  });

  const bad = {
    'an unknown field': [{ start: INPUT, duration_ms: 1000, color: 'red' }, 'color: unknown field'],
    'an action at a negative time': [{ start: INPUT, duration_ms: 1000, actions: [{ at_ms: -1, button: {} }] }, 'actions[0].at_ms: must not be negative'],
    'a missing starting input': [{ duration_ms: 1000 }, 'start: missing'],
    'a duration that is not a number': [{ start: INPUT, duration_ms: 'long' }, 'duration_ms: must be a number'],
    'an action after the last tick': [{ start: INPUT, duration_ms: 12000, actions: [{ at_ms: 11000, button: {} }] }, 'actions[0].at_ms: 11000 is after the last tick, at 10000'],
    'two split brains in one tick': [{ start: INPUT, duration_ms: 12000, split_brain: [{ at_ms: 1, leader: 'beta' }, { at_ms: 5000, leader: 'gamma' }] }, 'split_brain[1].at_ms: due at the same tick as split_brain[0]'],
    'a start.now past the Date range': [{ start: { ...INPUT, now: 9e15 }, duration_ms: 1000 }, 'start.now: must be at most 8639999999999000'],
    'an expectation with neither version nor step': [{ start: INPUT, duration_ms: 1000, expect: [{ at_ms: 0, role: 'r', group: 'g' }] }, 'expect[0]: needs version'],
  };
  for (const [what, [scenario, message]] of Object.entries(bad)) {
    it(`simulate exits 2 and writes nothing for ${what}`, async function () {
      const file = path.join(dir, 'bad.json');
      await writeCase(dir, { 'bad.json': scenario });
      const out = path.join(dir, 'never.json');
      const report = path.join(dir, 'never.svg');
      const { code, stdout, stderr } = await runCli(['simulate', EXAMPLE, file, '--out', out, '--report', report]);
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr).to.include(`${file}: ${message}`);
      expect(existsSync(out)).to.equal(false);
      expect(existsSync(report)).to.equal(false);
    });
  }

  it('simulate draws a progress line on a terminal only: tick, simulated time, ticks per second', function () {
    const written = [];
    const tty = { isTTY: true, write: (text) => written.push(text) };
    const progress = progressLine(tty);
    progress.onTick({ tick: 11, atMs: 55000, ticks: 120 });
    progress.onTick({ tick: 12, atMs: 60000, ticks: 120 }); // within 200 ms: not redrawn
    progress.done();
    expect(written).to.have.length(2);
    expect(written[0]).to.match(/^\r\x1b\[Ktick 12\/120 {2}\+0m55s {2}\d+ ticks\/s$/);
    expect(written[1]).to.equal('\r\x1b[K');
    const pipe = { isTTY: false, write: (text) => written.push(text) };
    progressLine(pipe).onTick({ tick: 0, atMs: 0, ticks: 1 });
    expect(written).to.have.length(2);
  });

  it('simulate exits 2 for a report that is neither .svg nor .html, or a bad --until', async function () {
    const png = await runCli(['simulate', EXAMPLE, SMOOTH, '--report', path.join(dir, 'r.png')]);
    expect(png.code).to.equal(2);
    expect(png.stderr).to.match(/--report.*\.svg or an \.html/);
    const until = await runCli(['simulate', EXAMPLE, SMOOTH, '--until', 'soon']);
    expect(until.code).to.equal(2);
    const full = await runCli(['simulate', EXAMPLE, SMOOTH, '--report-full']);
    expect(full.code).to.equal(2);
    expect(full.stderr).to.match(/^verwalter-harness: --report-full is for --report\n/);
  });

  it('simulate --report draws up to the last change plus a margin, --report-full the whole duration', async function () {
    const drawn = path.join(dir, 'drawn.svg');
    const whole = path.join(dir, 'whole.svg');
    expect((await runCli(['simulate', EXAMPLE, SMOOTH, '--report', drawn])).code).to.equal(0);
    expect((await runCli(['simulate', EXAMPLE, SMOOTH, '--report', whole, '--report-full'])).code).to.equal(0);
    expect(readFileSync(drawn, 'utf8')).to.include('smooth-rollout: 61 ticks of 5 s, to +5m00s; drawn to +1m45s, nothing changes after +1m25s');
    expect(readFileSync(whole, 'utf8')).to.include('smooth-rollout: 61 ticks of 5 s, to +5m00s</text>');
  });
});

// Ctrl-C during a long simulation (issue 20): it stops after the running
// tick, writes everything for the ticks done, says where, and exits 130.
describe('verwalter-harness simulate: interrupted', function () {
  this.timeout(120000);

  it('on SIGINT writes the timeline, --out and --report for the ticks done, names the last tick and time, and exits 130', async function () {
    const dir = await tempDir();
    try {
      const smooth = JSON.parse(readFileSync(SMOOTH, 'utf8'));
      // 100,001 ticks: minutes of work, far more than the test waits for.
      const scenario = { ...smooth, start: path.resolve(path.dirname(SMOOTH), smooth.start), tick_ms: 1000, duration_ms: 100000000, expect: [{ at_ms: 99000000, role: 'pyapp', group: 'prod', step: 'cmd_migrate' }] };
      await writeCase(dir, { 'long.json': scenario });
      const out = path.join(dir, 'out.json');
      const report = path.join(dir, 'report.svg');
      const child = spawn(process.execPath, [CLI, 'simulate', EXAMPLE, path.join(dir, 'long.json'), '--out', out, '--report', report], { env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      // A regression that ignores the signal fails here, not by the suite's timeout.
      const guard = setTimeout(() => child.kill('SIGKILL'), 90000);
      const code = await new Promise((resolve) => {
        child.stdout.on('data', (chunk) => {
          const first = stdout === '';
          stdout += chunk;
          // The header comes once the first tick ran.
          if (first) child.kill('SIGINT');
        });
        child.on('close', (status, signal) => resolve(status ?? signal));
      });
      clearTimeout(guard);
      expect(code).to.equal(130);
      expect(stdout).to.match(/^simulation smooth-rollout: 100001 ticks, every 1000 ms from 2026-11-02T10:00:00\.000Z\n/);
      const [, tick, time] = /\ninterrupted after tick (\d+) \((\+[\dhms]+)\): (\d+) of 100001 ticks ran\n/.exec(stdout);
      expect(Number(tick)).to.be.below(100000);
      expect(stderr).to.include('verwalter-harness: interrupted: stopping after this tick');
      // The expectation past the last tick is not reported as failed.
      expect(stderr).to.not.include('expect[0]');
      expect(stderr.endsWith(`verwalter-harness: interrupted after tick ${tick} (${time}): ${Number(tick) + 1} of 100001 ticks ran; wrote ${out} and ${report} for those\n`)).to.equal(true);
      const written = JSON.parse(readFileSync(out, 'utf8'));
      expect(Object.keys(written)).to.deep.equal(['actions', 'schedule']);
      expect(written.schedule.state.pyapp.groups.prod).to.be.an('object');
      const svg = readFileSync(report, 'utf8');
      expect(svg).to.match(/^<svg/);
      expect(svg).to.include(`interrupted at ${time}`);
    } finally {
      await removeDir(dir);
    }
  });
});

// Careless runs (issue 20): what simulate would find only at the end, it
// says before the first tick.
describe('verwalter-harness simulate: refused before the first tick', function () {
  this.timeout(60000);

  it('an --out or --report it cannot write: one line, exit 2, no run', async () => {
    const dir = await tempDir();
    try {
      const missing = path.join(dir, 'no-such-dir', 'out.json');
      const r = await runCli(['simulate', '--out', missing, EXAMPLE, SMOOTH]);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.equal(`verwalter-harness: ${missing}: cannot be written (ENOENT for ${path.dirname(missing)})\n`);
      const report = await runCli(['simulate', '--report', path.join(dir, 'nowhere', 'x.svg'), EXAMPLE, SMOOTH]);
      expect(report.code).to.equal(2);
      expect(report.stderr).to.include('cannot be written (ENOENT');
      const asDir = await runCli(['simulate', '--out', dir, EXAMPLE, SMOOTH]);
      expect(asDir.stderr).to.equal(`verwalter-harness: ${dir}: a directory, not a file to write\n`);
      expect(asDir.code).to.equal(2);
    } finally {
      await removeDir(dir);
    }
  });

  it('a scenario of more ticks than --max-ticks (default 10 million) unless allowed', async () => {
    const r = await runCli(['simulate', '--max-ticks', '10', EXAMPLE, SMOOTH]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/^verwalter-harness: .*smooth-rollout\.json: \d+ ticks \(duration_ms \d+ \/ tick_ms 5000\), more than --max-ticks 10; raise it if that is meant\n/);
    const dir = await tempDir();
    try {
      const huge = path.join(dir, 'huge.json');
      const scenario = JSON.parse(readFileSync(SMOOTH, 'utf8'));
      scenario.start = path.resolve(path.dirname(SMOOTH), scenario.start);
      scenario.duration_ms = 1e13;
      delete scenario.expect;
      writeFileSync(huge, JSON.stringify(scenario));
      const big = await runCli(['simulate', EXAMPLE, huge]);
      expect(big.code).to.equal(2);
      expect(big.stderr).to.include('2000000001 ticks (duration_ms 10000000000000 / tick_ms 5000), more than --max-ticks 10000000');
    } finally {
      await removeDir(dir);
    }
  });
});
