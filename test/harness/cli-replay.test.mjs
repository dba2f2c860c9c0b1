import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadScheduler } from '../../harness/index.mjs';
import { fixture, INPUT, removeDir, runCli, tempDir, writeCase } from './helpers.mjs';

const GOOD = fixture('good');

describe('verwalter-harness replay', function () {
  let dir;
  let expected;

  before(async function () {
    // What `good` makes of INPUT, taken from the harness itself.
    expected = (await (await loadScheduler(GOOD)).run(INPUT)).schedule;
  });
  beforeEach(async function () {
    dir = await tempDir();
  });
  afterEach(async function () {
    await removeDir(dir);
  });

  it('passes a case whose schedule matches, key order aside', async function () {
    const reordered = Object.fromEntries(Object.entries(expected).reverse());
    await writeCase(path.join(dir, 'one'), { 'input.json': INPUT, 'expected.json': reordered });
    const { code, stdout, stderr } = await runCli(['replay', GOOD, path.join(dir, 'one')]);
    expect(stderr).to.equal('');
    expect(stdout).to.equal('1 passed, 0 failed\n');
    expect(code).to.equal(0);
  });

  it('walks a directory of cases, sorted by name, and shows a diff for each failure', async function () {
    await writeCase(path.join(dir, 'b-fails'), { 'input.json': INPUT, 'expected.json': { ...expected, hosts: ['alpha'], now: 1 } });
    await writeCase(path.join(dir, 'nested/a-passes'), { 'input.json': INPUT, 'expected.json': expected });
    await writeCase(path.join(dir, 'a-fails'), { 'input.json': INPUT, 'expected.json': { ...expected, extra: 1 } });
    const { code, stdout } = await runCli(['replay', GOOD, dir]);
    expect(code).to.equal(1);
    expect(stdout.split('\n')).to.deep.equal([
      `FAIL ${path.join(dir, 'a-fails')}: schedule differs from expected.json (1 difference)`,
      '  $.extra: missing, expected 1',
      `FAIL ${path.join(dir, 'b-fails')}: schedule differs from expected.json (2 differences)`,
      '  $.hosts[1]: unexpected "beta"',
      `  $.now: expected 1, got ${INPUT.now}`,
      '1 passed, 2 failed',
      '',
    ]);
  });

  it('-v lists every case with its time, and --json still reports', async function () {
    await writeCase(path.join(dir, 'a-passes'), { 'input.json': INPUT, 'expected.json': expected });
    await writeCase(path.join(dir, 'b-fails'), { 'input.json': INPUT, 'expected.json': { ...expected, hosts: ['beta'] } });
    const { code, stdout } = await runCli(['replay', GOOD, dir, '-v']);
    expect(code).to.equal(1);
    const lines = stdout.split('\n');
    expect(lines[0]).to.match(new RegExp(`^PASS ${path.join(dir, 'a-passes')} \\(\\d+(\\.\\d)? ms\\)$`));
    expect(lines.slice(1)).to.deep.equal([
      `FAIL ${path.join(dir, 'b-fails')}: schedule differs from expected.json (1 difference)`,
      '  $.hosts[0]: unexpected "alpha"',
      '1 passed, 1 failed',
      '',
    ]);
    const json = await runCli(['replay', GOOD, dir, '--json', '-v']);
    expect(JSON.parse(json.stdout).cases[1].differences).to.deep.equal([{ path: '$.hosts[0]', kind: 'unexpected', actual: 'alpha' }]);
  });

  it('caps the diff with "… N more"', async function () {
    const wrong = Object.fromEntries(Object.keys(expected).map((key) => [key, 'wrong']));
    await writeCase(dir, { 'input.json': INPUT, 'expected.json': wrong });
    const { code, stdout } = await runCli(['replay', GOOD, dir, '--max-diff', '2']);
    expect(code).to.equal(1);
    const more = Object.keys(expected).length - 2;
    expect(stdout).to.include(`  … ${more} more\n`);
    expect(stdout.split('\n').filter((line) => line.startsWith('  $.'))).to.have.length(2);
  });

  it('compares actions when the case has expected-actions.json', async function () {
    const input = { ...INPUT, actions: { 1700000000001: { button: 'go' } } };
    await writeCase(dir, {
      'input.json': input,
      'expected.json': { handled: 1 },
      'expected-actions.json': { 1700000000001: { handled: 'stop' } },
    });
    const { code, stdout } = await runCli(['replay', fixture('actions'), dir]);
    expect(code).to.equal(1);
    expect(stdout).to.include('actions differ from expected-actions.json (1 difference)');
    expect(stdout).to.include('$["1700000000001"].handled: expected "stop", got "go"');
  });

  it('--update writes the results as stable JSON, after which the case passes', async function () {
    await writeCase(path.join(dir, 'new'), { 'input.json': INPUT });
    await writeCase(path.join(dir, 'stale'), { 'input.json': INPUT, 'expected.json': { old: true } });
    await writeCase(path.join(dir, 'actions'), { 'input.json': { ...INPUT, actions: { 7: { button: 'x' } } } });
    const update = await runCli(['replay', GOOD, path.join(dir, 'new'), path.join(dir, 'stale'), '--update']);
    expect(update.code).to.equal(0);
    expect(update.stdout).to.include(`updated ${path.join(dir, 'new')} (expected.json)`);
    expect(update.stdout).to.match(/0 passed, 0 failed, 2 updated\n$/);
    const written = await readFile(path.join(dir, 'new/expected.json'), 'utf8');
    expect(JSON.parse(written)).to.deep.equal(expected);
    expect(written).to.equal(`${JSON.stringify(expected, Object.keys(expected).sort(), 2)}\n`);
    const again = await runCli(['replay', GOOD, path.join(dir, 'new'), path.join(dir, 'stale')]);
    expect(again.stdout).to.equal('2 passed, 0 failed\n');

    const actions = await runCli(['replay', fixture('actions'), path.join(dir, 'actions'), '--update']);
    expect(actions.stdout).to.include('(expected.json, expected-actions.json)');
    expect(JSON.parse(await readFile(path.join(dir, 'actions/expected-actions.json'), 'utf8'))).to.deep.equal({ 7: { handled: 'x' } });
  });

  it('--json prints a machine-readable report', async function () {
    await writeCase(path.join(dir, 'ok'), { 'input.json': INPUT, 'expected.json': expected });
    await writeCase(path.join(dir, 'off'), { 'input.json': INPUT, 'expected.json': { ...expected, now: 2 } });
    const { code, stdout } = await runCli(['replay', GOOD, dir, '--json']);
    expect(code).to.equal(1);
    const report = JSON.parse(stdout);
    expect(report).to.include({ scheduler: GOOD, passed: 1, failed: 1, updated: 0, unreadable: 0 });
    expect(report.cases.map(({ name, status }) => ({ name, status }))).to.deep.equal([
      { name: path.join(dir, 'off'), status: 'fail' },
      { name: path.join(dir, 'ok'), status: 'pass' },
    ]);
    expect(report.cases[0].differences).to.deep.equal([{ path: '$.now', kind: 'changed', expected: 2, actual: INPUT.now }]);
    expect(report.cases[1].durationMs).to.be.a('number');
  });

  it('fails a case whose run fails, with the error and the log', async function () {
    await writeCase(dir, { 'input.json': INPUT, 'expected.json': {} });
    const { code, stdout } = await runCli(['replay', fixture('endless'), dir, '--timeout', '1000']);
    expect(code).to.equal(1);
    expect(stdout).to.include(`FAIL ${dir}: TimeoutError: the scheduler run exceeded its time budget of 1000 ms`);
    expect(stdout).to.include('  | about to loop');
    expect(stdout).to.match(/0 passed, 1 failed\n$/);
  });

  it('exits 2 on a malformed input.json, naming file, line and column', async function () {
    await writeCase(dir, { 'input.json': '{\n  "now": 1,\n  "peers": {,\n}\n', 'expected.json': {} });
    const { code, stdout } = await runCli(['replay', GOOD, dir]);
    expect(code).to.equal(2);
    expect(stdout).to.include(`ERROR ${path.join(dir, 'input.json')}:3:13: invalid JSON: expected a property name`);
    expect(stdout).to.include('0 passed, 0 failed, 1 unreadable');
  });

  it('exits 2 on a missing expected.json and suggests --update', async function () {
    await writeCase(dir, { 'input.json': INPUT });
    const { code, stdout } = await runCli(['replay', GOOD, dir]);
    expect(code).to.equal(2);
    expect(stdout).to.include(`${path.join(dir, 'expected.json')}: missing; run with --update`);
  });

  it('exits 2 when there is no case or no scheduler', async function () {
    const empty = await runCli(['replay', GOOD, dir]);
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.include('no cases');
    const nowhere = await runCli(['replay', GOOD, path.join(dir, 'nope')]);
    expect(nowhere.code).to.equal(2);
    expect(nowhere.stderr).to.include('no such case directory');
    await writeCase(path.join(dir, 'c'), { 'input.json': INPUT, 'expected.json': {} });
    const noScheduler = await runCli(['replay', fixture('no-main'), dir]);
    expect(noScheduler.code).to.equal(2);
    expect(noScheduler.stderr).to.include('no main.js');
  });

  it('exits 1 when the scheduler does not load', async function () {
    await writeCase(path.join(dir, 'c'), { 'input.json': INPUT, 'expected.json': {} });
    const { code, stderr } = await runCli(['replay', fixture('syntax-error'), dir]);
    expect(code).to.equal(1);
    expect(stderr).to.include('LoadError: main.js:3:16: syntax error');
  });
});
