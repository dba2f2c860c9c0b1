import { expect } from 'chai';
import {
  InputError,
  InvalidResultError,
  LoadError,
  SchedulerError,
  loadScheduler,
} from '../../harness/index.mjs';
import { fixture, INPUT, rejection } from './helpers.mjs';

async function run(name, input = INPUT, options = {}) {
  const scheduler = await loadScheduler(fixture(name), options);
  try {
    return await scheduler.run(input);
  } finally {
    scheduler.dispose();
  }
}

describe('harness engine', function () {
  describe('a good scheduler', function () {
    it('returns the schedule, the actions and the log', async function () {
      const result = await run('good');
      expect(result.schedule.hosts).to.deep.equal(['alpha', 'beta']);
      expect(result.actions).to.deep.equal({});
      expect(result.schedulerLog).to.equal('scheduled 2 hosts\n');
      expect(result.log).to.equal('scheduling alpha {"peers":1}\nscheduled 2 hosts\n');
      expect(result.duration).to.be.a('number').at.least(0);
    });

    it('passes answers to actions through', async function () {
      const input = { ...INPUT, actions: { 1700000000001: { button: { restart: 'app' } } } };
      const result = await run('actions', input);
      expect(result.actions).to.deep.equal({ 1700000000001: { handled: { restart: 'app' } } });
    });

    it('reads back the schedule it was given, as one JSON.stringify of it writes it, in its key order', async function () {
      // The schedule crosses in pieces, one per member (prelude.mjs).
      for (const input of [INPUT, { ...INPUT, toJSON: true }]) {
        const { schedule, schedulerLog } = await run('awkward-schedule', input);
        const whole = JSON.parse(schedulerLog);
        expect(schedule).to.deep.equal(whole);
        expect(Object.keys(schedule)).to.deep.equal(Object.keys(whole));
        expect(Object.getPrototypeOf(schedule)).to.equal(Object.prototype);
      }
      const { schedule } = await run('awkward-schedule');
      for (const value of [schedule, schedule.nested]) {
        expect(value.keyed).to.equal('written as keyed');
        expect(value.boxed).to.equal(5);
        expect(Object.keys(value.__proto__)).to.deep.equal(['own']);
        expect(Object.keys(value)).to.deep.equal(['9', '10', '__proto__', 'b', 'a', 'keyed', 'when', 'boxed', 'empty'].concat(value === schedule ? ['nested'] : []));
      }
      expect((await run('awkward-schedule', { ...INPUT, toJSON: true })).schedule).to.deep.equal({ whole: true });
      // A boxed number is written as a number, so no schedule.
      const error = await rejection(run('awkward-schedule', { ...INPUT, boxed: true }));
      expect(error).to.be.instanceOf(InvalidResultError);
      expect(error.message).to.equal('invalid return value: schedule must be a JSON object, got a number');
    });

    it('runs again and again from the same load', async function () {
      const scheduler = await loadScheduler(fixture('good'));
      for (let i = 0; i < 3; i++) expect((await scheduler.run(INPUT)).schedule.counterLoads).to.equal(1);
    });

    it('reads the input from the text it was parsed from when given it, as from its own JSON.stringify', async function () {
      const scheduler = await loadScheduler(fixture('good'));
      try {
        const written = await scheduler.run(INPUT);
        // A file as people write it: indented, keys in another order.
        const { now, ...rest } = INPUT;
        const text = JSON.stringify({ ...rest, now }, null, 2);
        const read = await scheduler.run(JSON.parse(text), { inputJson: text });
        expect(read.schedule).to.deep.equal(written.schedule);
        expect(read.log).to.equal(written.log);
        // The text is what the engine reads, not a second copy of the object.
        const other = JSON.stringify({ ...INPUT, peers: { a: { hostname: 'gamma' } } });
        expect((await scheduler.run(INPUT, { inputJson: other })).log).to.equal('scheduling alpha {"peers":1}\nscheduled 1 hosts\n');
        expect(await rejection(scheduler.run(INPUT, { inputJson: INPUT }))).to.be.instanceOf(TypeError);
      } finally {
        scheduler.dispose();
      }
    });

    it('rejects an input that is not an object', async function () {
      const scheduler = await loadScheduler(fixture('good'));
      // Typed, so that replay reports the case and goes on.
      expect(await rejection(scheduler.run([]))).to.be.instanceOf(InputError);
      expect(await rejection(scheduler.run({ now: 'soon' }))).to.be.instanceOf(InputError);
    });

    it('rejects unknown and out-of-range options', async function () {
      expect(await rejection(loadScheduler(fixture('good'), { timeout: 5 }))).to.be.instanceOf(TypeError);
      expect(await rejection(loadScheduler(fixture('good'), { memoryBytes: 1024 }))).to.be.instanceOf(RangeError);
      expect(await rejection(loadScheduler(fixture('good'), { stackBytes: 64 * 1024 * 1024 }))).to.be.instanceOf(RangeError);
    });
  });

  describe('determinism', function () {
    it('gives byte-identical results for the same input, Math.random included', async function () {
      const scheduler = await loadScheduler(fixture('good'));
      const once = await scheduler.run(INPUT);
      const twice = await scheduler.run(INPUT);
      const text = ({ schedule, actions, log }) => JSON.stringify({ schedule, actions, log });
      expect(text(twice)).to.equal(text(once));
      expect(once.schedule.random).to.have.length(3);
      expect(new Set(once.schedule.random).size).to.equal(3);
      for (const value of once.schedule.random) expect(value).to.be.within(0, 1);
    });

    it('seeds Math.random from the input, whatever its key order', async function () {
      const scheduler = await loadScheduler(fixture('good'));
      const reordered = Object.fromEntries(Object.entries(INPUT).reverse());
      reordered.peers = { b2: INPUT.peers.b2, a1: INPUT.peers.a1 };
      const base = (await scheduler.run(INPUT)).schedule.random;
      expect((await scheduler.run(reordered)).schedule.random).to.deep.equal(base);
      expect((await scheduler.run({ ...INPUT, now: INPUT.now + 1 })).schedule.random).not.to.deep.equal(base);
    });

    it('seeds Math.random from the input already while main.js loads', async function () {
      const scheduler = await loadScheduler(fixture('random-at-load'));
      const good = await loadScheduler(fixture('good'));
      const { first, second } = (await scheduler.run(INPUT)).schedule;
      // The same sequence as a scheduler that draws only when called.
      expect([first, second]).to.deep.equal((await good.run(INPUT)).schedule.random.slice(0, 2));
      const reordered = Object.fromEntries(Object.entries(INPUT).reverse());
      expect((await scheduler.run(reordered)).schedule).to.deep.equal({ first, second });
      expect((await scheduler.run({ ...INPUT, now: INPUT.now + 1 })).schedule.first).to.not.equal(first);
    });

    it('seeds Math.random from the input as the scheduler reads it (its JSON text)', async function () {
      const random = async (input) => (await run('good', input)).schedule.random;
      const base = await random({ ...INPUT, when: '1970-01-01T00:00:00.000Z', gone: null });
      // A Date reaches the scheduler as its JSON string, undefined not at all.
      expect(await random({ ...INPUT, when: new Date(0), gone: null, absent: undefined })).to.deep.equal(base);
      expect(await random({ ...INPUT, when: new Date(1), gone: null })).not.to.deep.equal(base);
    });

    it('makes Date.now() and new Date() the input\'s now, and leaves new Date(x) alone', async function () {
      const { schedule } = await run('good');
      expect(schedule.now).to.equal(INPUT.now);
      expect(schedule.dateNow).to.equal(INPUT.now);
      expect(schedule.dateArg).to.equal('1970-01-02T00:00:00.000Z');
    });
  });

  describe('the module loader', function () {
    it('evaluates each module once, found by ./relative, bare and .js names', async function () {
      const { schedule } = await run('good');
      expect(schedule.counterLoads).to.equal(1);
      expect(schedule.sameHelper).to.equal(true);
    });

    it('refuses a path that leaves the directory, naming it', async function () {
      const error = await rejection(loadScheduler(fixture('escape-parent')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error.message).to.include('"../good/main"').and.include('leaves the scheduler directory');
      expect(error.file).to.equal('main.js');
    });

    it('refuses an absolute path, naming it', async function () {
      const error = await rejection(run('escape-absolute'));
      expect(error).to.be.instanceOf(SchedulerError);
      expect(error.message).to.include('"/etc/passwd"').and.include('absolute paths are not allowed');
    });

    it('refuses a symlink that leads outside', async function () {
      const error = await rejection(loadScheduler(fixture('escape-symlink')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error.message).to.include('"link.js" leads outside the scheduler directory');
    });

    it('names a module that does not exist', async function () {
      const error = await rejection(loadScheduler(fixture('missing-module')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error.code).to.equal('EVAL');
      expect(error.message).to.include('no module "absent.js"');
    });
  });

  describe('a scheduler that cannot load', function () {
    it('has no main.js', async function () {
      const error = await rejection(loadScheduler(fixture('no-main')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error.code).to.equal('NO_MAIN');
      expect(error.message).to.include('no main.js');
    });

    it('is not a directory at all', async function () {
      const error = await rejection(loadScheduler(fixture('does-not-exist')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error.code).to.equal('NO_MAIN');
    });

    it('has a syntax error: the message names the file and line', async function () {
      const error = await rejection(loadScheduler(fixture('syntax-error')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error).to.include({ code: 'SYNTAX', file: 'main.js', line: 3, column: 16 });
      expect(error.message).to.match(/^main\.js:3:16: syntax error/);
    });

    it('uses ES2015 syntax: refused in es5 mode, accepted with es5: false', async function () {
      const error = await rejection(loadScheduler(fixture('es2015-syntax')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error).to.include({ code: 'SYNTAX', file: 'main.js', line: 3 });
      expect(error.message).to.include('not ES5.1');
      const result = await run('es2015-syntax', INPUT, { es5: false });
      expect(result.schedule).to.deep.equal({});
    });

    it('does not export scheduler', async function () {
      const error = await rejection(loadScheduler(fixture('no-export')));
      expect(error).to.be.instanceOf(LoadError);
      expect(error.code).to.equal('NO_EXPORT');
      expect(error.message).to.include('must export a scheduler function');
    });
  });

  describe('a scheduler that throws', function () {
    it('reports the exception with its stack and innermost file:line', async function () {
      const error = await rejection(run('throws', { now: 1 }));
      expect(error).to.be.instanceOf(SchedulerError);
      expect(error).to.include({ errorName: 'TypeError', errorMessage: 'input has no peers', file: 'lib/check.js', line: 3 });
      expect(error.message).to.match(/^lib\/check\.js:3:\d+: TypeError: input has no peers$/);
      expect(error.schedulerStack).to.include('main.js:5');
      expect(error.log).to.equal('checking\n');
    });

    it('gives true columns on a module\'s first line and leaves out the harness\'s frames', async function () {
      const error = await rejection(run('line-one'));
      expect(error).to.include({ file: 'first.js', line: 1, column: 37 });
      expect(error.schedulerStack).to.equal('    at <anonymous> (first.js:1:37)\n    at <anonymous> (main.js:2:35)\n');
    });
  });

  describe('an invalid return value', function () {
    const cases = {
      'returns-string': 'the scheduler returned string',
      'schedule-array': 'schedule must be a JSON object, got an array',
      'bad-log': 'log must be a string',
      'bad-actions': 'actions key "latest" is not an action id of the input',
      'cyclic-result': 'cannot be serialized as JSON',
    };
    for (const [name, reason] of Object.entries(cases)) {
      it(`${name}: ${reason}`, async function () {
        const error = await rejection(run(name));
        expect(error).to.be.instanceOf(InvalidResultError);
        expect(error.message).to.match(/^invalid return value: /);
        expect(error.reason).to.include(reason);
      });
    }

    it('keeps the log the scheduler returned with it', async function () {
      const error = await rejection(run('schedule-array'));
      expect(error.log).to.equal('returned an array');
    });
  });
});
