// Every harness failure is a typed error, the host unharmed, and `replay`
// goes on with the other cases (issue 9, section 3).
import { expect } from 'chai';
import path from 'node:path';
import { loadScheduler, HarnessError, InputError, OutputTooLargeError, SchedulerError } from '../../harness/index.mjs';
import { stableJson } from '../../harness/json.mjs';
import { limitProblem, normalizeOptions } from '../../harness/engine/options.mjs';
import { INPUT, fixture, rejection, removeDir, runCli, tempDir, writeCase } from './helpers.mjs';

const MiB = 1024 * 1024;

function nested(depth) {
  let value = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('harness: typed errors', function () {
  this.timeout(60000);
  let dir;
  before(async () => { dir = await tempDir(); });
  after(async () => { await removeDir(dir); });

  describe('input', () => {
    let scheduler;
    before(async () => { scheduler = await loadScheduler(fixture('good')); });
    after(() => scheduler.dispose());

    for (const now of [null, 'soon', {}, Infinity]) {
      it(`now: ${JSON.stringify(now)} is an InputError`, async () => {
        const error = await rejection(scheduler.run({ ...INPUT, now }));
        expect(error).to.be.instanceOf(InputError).and.instanceOf(HarnessError);
        expect(error.message).to.match(/^input\.now must be a number of milliseconds/);
      });
    }

    it('an input nested 5,000 levels deep is an InputError, not a RangeError from the host', async () => {
      const error = await rejection(scheduler.run({ ...INPUT, metrics: nested(5000) }));
      expect(error).to.be.instanceOf(InputError);
      expect(error.message).to.match(/nested too deeply/);
      // The host is unharmed: the next run works.
      expect((await scheduler.run(INPUT)).schedule.hosts).to.deep.equal(['alpha', 'beta']);
    });

    it('replay goes on after a case whose input is bad, and says why', async () => {
      const cases = path.join(dir, 'cases');
      await writeCase(path.join(cases, 'a-bad-now'), { 'input.json': { ...INPUT, now: 'soon' }, 'expected.json': {} });
      const deep = '{"a":'.repeat(5000) + '{}' + '}'.repeat(5000);
      await writeCase(path.join(cases, 'b-deep'), { 'input.json': JSON.stringify(INPUT).replace('"metrics":{}', `"metrics":${deep}`), 'expected.json': {} });
      await writeCase(path.join(cases, 'c-fine'), { 'input.json': INPUT, 'expected.json': {} });
      const r = await runCli(['replay', '--json', fixture('actions'), cases]);
      const report = JSON.parse(r.stdout);
      // Replay hands QuickJS the file's text as it is (readInputText): the
      // host never writes it, so the deep input is QuickJS's to read, and it
      // does (only a run given the object alone is refused, above).
      expect(report.cases.map((c) => [path.basename(c.name), c.status, c.error && c.error.type])).to.deep.equal([
        ['a-bad-now', 'fail', 'InputError'],
        ['b-deep', 'fail', undefined],
        ['c-fine', 'fail', undefined],
      ]);
      expect(r.stderr).to.not.match(/TypeError|RangeError|at /);
    });
  });

  describe('output', () => {
    it('a schedule too long for a V8 string is an OutputTooLargeError naming its size', () => {
      // Stands in for a real 512 MiB schedule: what V8 throws past its limit.
      const huge = { toJSON() { const e = new RangeError('Invalid string length'); e.code = 'ERR_STRING_TOO_LONG'; throw e; } };
      let error;
      try {
        stableJson({ schedule: { big: huge } });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(OutputTooLargeError).and.instanceOf(HarnessError);
      expect(error.message).to.match(/longer than the \d+ characters a JavaScript string can hold/);
    });

    it('a result answering an action id that is not decimal is accepted when the input had that id', async () => {
      const scheduler = await loadScheduler(fixture('actions'));
      try {
        const input = { ...INPUT, actions: { abc: { button: { x: 1 } }, '-5': { button: {} }, 17: { button: {} } } };
        const r = await scheduler.run(input);
        expect(Object.keys(r.actions).sort()).to.deep.equal(['-5', '17', 'abc']);
      } finally {
        scheduler.dispose();
      }
    });

    it('but not an id the input did not have', async () => {
      const sched = path.join(dir, 'stray');
      await writeCase(sched, { 'main.js': "exports.scheduler = function () { return { schedule: {}, log: '', actions: { abc: 1 } }; };" });
      const scheduler = await loadScheduler(sched);
      try {
        const error = await rejection(scheduler.run(INPUT));
        expect(error.message).to.contain('actions key "abc" is not an action id of the input');
      } finally {
        scheduler.dispose();
      }
    });
  });

  describe('limits', () => {
    it('the memory range ends where an out-of-memory is still reported as one (2047 MiB)', () => {
      expect(limitProblem('memoryBytes', 2047 * MiB)).to.equal(null);
      expect(limitProblem('memoryBytes', 2048 * MiB)).to.equal('must be from 24 MiB to 2047 MiB, got 2048 MiB');
      expect(() => normalizeOptions({ memoryBytes: 2048 * MiB })).to.throw(RangeError);
    });

    it('--memory 2048 is a usage error', async () => {
      const r = await runCli(['run', '--memory', '2048', fixture('good'), path.join(dir, 'none.json')]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('from 24 MiB to 2047 MiB');
    });
  });

  describe('eval and Function in ES5 mode', () => {
    const make = async (name, body) => {
      const sched = path.join(dir, name);
      await writeCase(sched, { 'main.js': `exports.scheduler = function () { var v = ${body}; return { schedule: { v: v }, log: '' }; };` });
      return loadScheduler(sched);
    };

    for (const [name, body] of [
      ['arrow-eval', 'eval("(function () { return (() => 1)(); })()")'],
      ['class-function', 'new Function("class A {} return 1")()'],
      ['template-function', 'Function("a", "return `x${a}`")(1)'],
      ['constructor-function', '(function () {}).constructor("return () => 1")'],
    ]) {
      it(`${name}: ES2015 syntax is refused as the loader refuses it`, async () => {
        const scheduler = await make(name, body);
        try {
          const error = await rejection(scheduler.run(INPUT));
          expect(error).to.be.instanceOf(SchedulerError);
          expect(error.message).to.match(/not ES5\.1/);
        } finally {
          scheduler.dispose();
        }
      });
    }

    it('ES5 source still evaluates, and without ES5 mode anything goes', async () => {
      const ok = await make('es5-eval', 'eval("1 + 1") + new Function("a", "b", "return a * b")(3, 4) + (function () {}).constructor("return 5")()');
      try {
        expect((await ok.run(INPUT)).schedule.v).to.equal(19);
      } finally {
        ok.dispose();
      }
      const sched = path.join(dir, 'arrow-eval');
      const loose = await loadScheduler(sched, { es5: false });
      try {
        expect((await loose.run(INPUT)).schedule.v).to.equal(1);
      } finally {
        loose.dispose();
      }
    });
  });
});
