// `verwalter-harness wasm`: what goes into scheduler.wasm, the same bytes
// from the same files, bad input refused with exit 2 and nothing written;
// the shipped engine is what its pinned sources build; `--engine wasm` in
// run, replay and simulate; and where scheduler.wasm's QuickJS differs from
// the harness's (docs/wasm.md lists each).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildModule, collectModules } from '../../harness/wasm/build.mjs';
import { resolveIn } from '../../harness/wasm/boot.mjs';
import { directoryModules } from '../../harness/engine/loader.mjs';
import { settingsOf } from '../../harness/wasm/binary.mjs';
import { EXAMPLE, fixture, harnessRun, hostFor, root } from './helpers.mjs';

const cli = (...args) => spawnSync('node', [`${root}harness/bin/verwalter-harness.mjs`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function scratch(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vwt-wasm-'));
  t.cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('verwalter-harness wasm', function () {
  this.timeout(120000);
  const t = { cleanup: [] };
  after(() => t.cleanup.forEach((f) => f()));

  it('writes scheduler.wasm into the scheduler directory, with main.js and every module it requires', () => {
    const dir = path.join(scratch(t), 'v1');
    cpSync(fixture('good'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'unused.js'), 'module.exports = 1;\n');
    const r = cli('wasm', dir);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^wrote .*scheduler\.wasm: \d+ bytes, 3 modules \(counter\.js, lib\/helper\.js, main\.js\); budget \d+ units, memory 1024 MiB\n$/);
    expect(readdirSync(dir).sort()).to.deep.equal(['counter.js', 'lib', 'main.js', 'scheduler.wasm', 'unused.js']);
  });

  it('gives the same bytes from the same files, twice', () => {
    const dir = scratch(t);
    for (const name of ['a.wasm', 'b.wasm']) expect(cli('wasm', EXAMPLE, '-o', path.join(dir, name)).status).to.equal(0);
    const [a, b] = ['a.wasm', 'b.wasm'].map((name) => readFileSync(path.join(dir, name)));
    expect(a.equals(b)).to.equal(true);
    expect(buildModule(EXAMPLE).bytes.equals(a)).to.equal(true);
  });

  it('records --budget and --memory in the module', () => {
    const file = path.join(scratch(t), 'x.wasm');
    expect(cli('wasm', EXAMPLE, '-o', file, '--budget', '1234', '--memory', '64').status).to.equal(0);
    const settings = settingsOf(readFileSync(file));
    expect(settings.budget).to.equal(1234);
    expect(settings.memory_limit).to.equal(64 * 1024 * 1024);
    expect(cli('wasm', EXAMPLE, '-o', file, '--budget', '-1').status).to.equal(2);
    expect(cli('wasm', EXAMPLE, '-o', file, '--memory', '8').status).to.equal(2);
  });

  const refusals = [
    ['a directory without main.js', fixture('no-main'), /no main\.js in the scheduler directory/],
    ['a missing required file', fixture('missing-module'), /^verwalter-harness: wasm: main\.js:1: require\("\.\/absent"\): no module "absent\.js"/],
    ['a module that is not ES5', fixture('es2015-syntax'), /^verwalter-harness: wasm: main\.js:3:3: .*not ES5\.1/],
    ['a syntax error', fixture('syntax-error'), /^verwalter-harness: wasm: main\.js:3:16: syntax error/],
    ['a require leaving the directory', fixture('escape-parent'), /main\.js:1: require\("\.\.\/good\/main"\): path "\.\.\/good\/main" leaves the scheduler directory/],
  ];
  for (const [what, dir, message] of refusals) {
    it(`refuses ${what} with exit 2, naming the file, writing nothing`, () => {
      const out = path.join(scratch(t), 'scheduler.wasm');
      const r = cli('wasm', dir, '-o', out);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(message);
      expect(readdirSync(path.dirname(out))).to.deep.equal([]);
    });
  }

  it('refuses an -o it cannot write with exit 2, leaving nothing behind', () => {
    const dir = scratch(t);
    const r = cli('wasm', EXAMPLE, '-o', path.join(dir, 'missing', 'scheduler.wasm'));
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal(`verwalter-harness: wasm: cannot write ${path.join(dir, 'missing', 'scheduler.wasm')}: ENOENT\n`);
    mkdirSync(path.join(dir, 'taken', 'scheduler.wasm'), { recursive: true });
    const taken = cli('wasm', EXAMPLE, '-o', path.join(dir, 'taken', 'scheduler.wasm'));
    expect(taken.status).to.equal(2);
    expect(readdirSync(path.join(dir, 'taken'))).to.deep.equal(['scheduler.wasm']);
  });
});

describe('the shipped engine', function () {
  this.timeout(300000);
  const engineDir = `${root}harness/wasm/engine`;
  const sources = JSON.parse(readFileSync(`${engineDir}/sources.json`, 'utf8'));

  it('is the engine.wasm and glue.c its recorded hashes name, from pinned packages', () => {
    expect(sha256(readFileSync(`${engineDir}/engine.wasm`))).to.equal(sources.engine);
    expect(sha256(readFileSync(`${engineDir}/glue.c`))).to.equal(sources.glue);
    expect(sources.package).to.equal('qjsc@0.3.0');
    expect(sources.quickjs).to.equal('2021-03-27');
    expect(sources.integrity).to.match(/^sha512-[A-Za-z0-9+/]{86}==$/);
    for (const hash of Object.values(sources.files)) expect(hash).to.match(/^[0-9a-f]{64}$/);
    expect(Object.keys(sources.toolchain).sort()).to.deep.equal(['clang-14', 'libclang-rt-14-dev-wasm32', 'lld-14', 'wasi-libc']);
  });

  it('is, byte for byte, what npm run build:engine makes from those sources', function () {
    const missing = Object.keys(sources.toolchain).filter((name) => spawnSync('dpkg-query', ['-W', name]).status !== 0);
    const install = `apt-get install -y ${Object.keys(sources.toolchain).join(' ')}`;
    if (missing.length) {
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`the engine's toolchain is not installed; CI must install it: ${install}`);
      console.log(`      (the engine's toolchain is not installed: this check is skipped; install with: ${install})`);
      this.skip();
    }
    const r = spawnSync('node', [`${engineDir}/build.mjs`, '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`sha256 ${sources.engine}`);
  });
});

describe('--engine wasm in run, replay and simulate', function () {
  this.timeout(180000);
  const recordings = `${root}test/example/recordings`;

  it('replay passes every recording through the module', () => {
    const r = cli('replay', '--json', '--engine', 'wasm', EXAMPLE, recordings);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout);
    expect(report.passed).to.equal(readdirSync(recordings).length);
  });

  it('run prints what run in QuickJS prints, and runs a given .wasm file', () => {
    const input = `${recordings}/04-start-update/input.json`;
    const quickjs = cli('run', EXAMPLE, input);
    const wasm = cli('run', '--engine', 'wasm', EXAMPLE, input);
    expect(wasm.status).to.equal(0);
    expect(wasm.stdout).to.equal(quickjs.stdout);
    expect(wasm.stderr).to.equal(quickjs.stderr);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vwt-wasm-')), 'scheduler.wasm');
    expect(cli('wasm', EXAMPLE, '-o', file).status).to.equal(0);
    expect(cli('run', '--engine', file, EXAMPLE, input).stdout).to.equal(quickjs.stdout);
    rmSync(path.dirname(file), { recursive: true });
  });

  it('a failing scheduler fails run with the harness\'s kind of error', () => {
    const input = `${recordings}/04-start-update/input.json`;
    const r = cli('run', '--engine', 'wasm', fixture('throws-later'), input);
    expect(r.status).to.equal(0);
    const thrown = cli('run', '--engine', 'wasm', fixture('globals'), input);
    expect(thrown.status).to.equal(1);
    expect(thrown.stderr).to.match(/verwalter-harness: SchedulerError: main\.js:15: TypeError: cannot read property 'length' of undefined\n$/);
    const bomb = cli('run', '--engine', 'wasm', '--memory', '32', '--budget', '0', fixture('alloc-bomb'), input);
    expect(bomb.stderr).to.match(/OutOfMemoryError: the scheduler run ran out of memory \(budget 32 MiB\)/);
    expect(cli('run', '--engine', 'nope', EXAMPLE, input).status).to.equal(2);
    expect(cli('run', '--budget', '10', EXAMPLE, input).stderr).to.include('--budget is for --engine wasm');
    const stopped = cli('run', '--engine', 'wasm', '--budget', '100', fixture('endless'), input);
    expect(stopped.stderr).to.match(/TimeoutError: the scheduler run went over its work budget: the run was stopped after \d+ units of work, its budget being 100/);
  });

  it('simulate gives the timeline of the kept QuickJS engine', () => {
    const scenario = `${root}test/example/scenarios/smooth-rollout.json`;
    const read = (r) => {
      expect(r.status, r.stderr).to.equal(0);
      const { globals, ...rest } = JSON.parse(r.stdout);
      return rest;
    };
    expect(read(cli('simulate', '--json', '--engine', 'wasm', EXAMPLE, scenario))).to.deep.equal(read(cli('simulate', '--json', EXAMPLE, scenario)));
  });
});

// docs/wasm.md's "Differences from the harness's QuickJS" lists these.
describe('scheduler.wasm\'s QuickJS (2021-03-27) beside the harness\'s', function () {
  this.timeout(60000);
  const t = { cleanup: [] };
  after(() => t.cleanup.forEach((f) => f()));

  it('rounds exact ties in toFixed/toPrecision to even, writes no columns in stacks, and lets eval take ES2015+', async () => {
    const dir = scratch(t);
    writeFileSync(path.join(dir, 'main.js'), [
      'exports.scheduler = function () {',
      '  var stack;',
      '  try { null.x; } catch (e) { stack = e.stack.split("\\n")[0]; }',
      '  var newer;',
      '  try { newer = eval("(function () { let x = 1; return x; })()"); } catch (e) { newer = e.name; }',
      '  return { schedule: { fixed: [(0.5).toFixed(0), (2.5).toFixed(0), (1.25).toFixed(1), (-2.5).toFixed(0), (1.5).toFixed(0), (2.45).toPrecision(2)], stack: stack, newer: newer }, log: "" };',
      '};',
      '',
    ].join('\n'));
    const harness = await harnessRun(dir, { now: 0 });
    const wasm = hostFor(dir).call({ now: 0 });
    expect(harness.schedule.fixed).to.deep.equal(['1', '3', '1.3', '-3', '2', '2.5']);
    expect(wasm.schedule.fixed).to.deep.equal(['0', '2', '1.2', '-2', '2', '2.5']);
    expect(harness.schedule.stack).to.equal('    at <anonymous> (main.js:3:13)');
    expect(wasm.schedule.stack).to.equal('    at <anonymous> (main.js:3)');
    expect(harness.error).to.equal(undefined);
    expect(harness.schedule.newer).to.be.a('string');
    expect(wasm.schedule.newer).to.equal(1);
  });
});

describe('require() inside scheduler.wasm', () => {
  it('resolves every request to the id, or fails with the message, the harness\'s loader gives', () => {
    const dir = fixture('good');
    const loader = directoryModules(dir, { es5: true });
    const table = Object.fromEntries(collectModules(dir).map(({ id }, i) => [id, i + 1]));
    const requests = ['./main', 'main', 'main.js', './lib/helper', 'lib/helper.js', './lib/../counter', 'counter', './counter.js', 'lib/./helper',
      '../x', '..', '/etc/passwd', '', 5, './missing', 'lib/', './lib/helper/'];
    const outcome = (fn) => {
      try {
        return fn();
      } catch (error) {
        return `error: ${error.message}`;
      }
    };
    for (const from of ['', 'main.js', 'lib/helper.js']) {
      for (const request of requests) {
        expect(outcome(() => resolveIn(table, from, request)), `${from} -> ${JSON.stringify(request)}`).to.equal(outcome(() => loader.resolve(from, request)));
      }
    }
  });
});
