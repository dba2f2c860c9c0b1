// log_spec.lua (wrap_scheduler returns {schedule, log, actions} here), and
// the reference's logging defects, fixed.
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const log = T.log;

describe('log', () => {
  describe('log: wrap scheduler', () => {
    it('normal_output', () => {
      const r = log.wrapScheduler(() => ({ a: 1 }))({});
      expect(r.schedule).to.deep.equal({ a: 1 });
      expect(r.log).to.equal('');
      expect(r.actions).to.deep.equal({});
    });

    it('print', () => {
      const r = log.wrapScheduler(() => {
        log.print('hello');
        return { a: 1 };
      })({});
      expect(r.schedule).to.deep.equal({ a: 1 });
      expect(r.log).to.equal('[no-role]:DEBUG: hello\n');
    });

    it('print (console.log is captured as print is in the reference)', () => {
      const saved = console.log;
      const r = log.wrapScheduler(() => {
        console.log('hello', { a: 1 });
        console.error('oops');
        return { a: 1 };
      })({});
      expect(console.log).to.equal(saved);
      expect(r.log).to.equal('[no-role]:DEBUG: hello {a=1}\n[no-role]:ERROR: oops\n');
    });

    it('error', () => {
      const r = log.wrapScheduler(() => {
        const x = {};
        function test_subfunction() {
          x.call_non_existent_method();
        }
        test_subfunction();
        return { a: 1 };
      })({});
      expect(r.schedule).to.equal(null);
      expect(r.log).to.include('is not a function');
      expect(r.log).to.include('test_subfunction');
      expect(r.log).to.match(/^\nUncaught TypeError/);
    });

    it('role error', () => {
      const r = log.wrapScheduler(() => {
        log.roleError('me', 'hello');
        return { a: 1 };
      })({});
      expect(r.schedule).to.deep.equal({ a: 1 });
      expect(r.log).to.equal('[me]:ERROR: hello\n');
    });

    it('role debug', () => {
      const r = log.wrapScheduler(() => {
        log.roleDebug('other', 'some', 'data');
        return { a: 1 };
      })({});
      expect(r.schedule).to.deep.equal({ a: 1 });
      expect(r.log).to.equal('[other]:DEBUG: some data\n');
    });

    it('role change', () => {
      const r = log.wrapScheduler(() => {
        log.roleChange('other', 'important', 'change');
        return { a: 1 };
      })({});
      expect(r.schedule).to.deep.equal({ a: 1, changes: ['other: important change'] });
      expect(r.log).to.equal('[other]:CHANGE: important change\n');
    });

    it('logger debug', () => {
      const logger = new log.Logger('other');
      const r = log.wrapScheduler(() => {
        logger.debug('some', 'data');
        return { a: 1 };
      })({});
      expect(r.schedule).to.deep.equal({ a: 1 });
      expect(r.log).to.equal('[other]:DEBUG: some data\n');
    });

    it('table value', () => {
      const r = log.wrapScheduler(() => {
        log.roleDebug('other', 'data:', { hello: 1 });
        return { a: 1 };
      })({});
      expect(r.schedule).to.deep.equal({ a: 1 });
      expect(r.log).to.equal('[other]:DEBUG: data: {hello=1}\n');
    });
  });

  describe('log: test_mocks', () => {
    it('logger debug', () => {
      const logger = T.gen.logger('other');
      logger.debug('some', 'data');
      expect(logger.lines).to.deep.equal(['other DEBUG some data']);
    });

    it('keeps every level and sub-logger line, and no change note', () => {
      const logger = T.gen.logger('r');
      const r = log.wrapScheduler(() => {
        logger.sub('g').error('bad');
        logger.change('did', 1);
        logger.invalid('bad action', { a: 1 }, ['.a: no']);
        return {};
      })({});
      expect(r.log).to.equal('');
      expect(r.schedule).to.deep.equal({});
      expect(logger.lines).to.deep.equal([
        'r ERROR g: bad', 'r CHANGE did 1', 'r ERROR bad action, data: {a=1}', 'r ERROR bad action, error: .a: no',
      ]);
    });
  });

  describe('defects of the reference, fixed', () => {
    it('a sub-logger of a sub-logger keeps its prefix (a.b: )', () => {
      const r = log.wrapScheduler(() => {
        const a = new log.Logger('role').sub('a');
        a.debug('one');
        a.sub('b').debug('two');
        a.sub('b').sub('c').change('three');
        return {};
      })({});
      expect(r.log).to.equal('[role]:DEBUG: a: one\n[role]:DEBUG: a.b: two\n[role]:CHANGE: a.b.c: three\n');
      expect(r.schedule.changes).to.deep.equal(['role: a.b.c: three']);
    });

    it('long strings in log output are shortened, not crashing', () => {
      const long = 'x'.repeat(5000);
      const r = log.wrapScheduler(() => {
        log.roleDebug('r', 'data:', { name: long, list: [long] });
        new log.Logger('r').invalid('bad', long, ['e']);
        return {};
      })({});
      expect(r.schedule).to.deep.equal({});
      const shortened = '"' + 'x'.repeat(100) + '..."';
      expect(r.log).to.equal(
        '[r]:DEBUG: data: {list={' + shortened + '}, name=' + shortened + '}\n' +
        '[r]:ERROR: bad, data: ' + shortened + '\n' +
        '[r]:ERROR: bad, error: e\n');
    });

    it('actions can be answered: log.answer ends up in the result\'s actions', () => {
      const r = log.wrapScheduler((input) => {
        log.answer('1465479290007', { ok: true });
        log.answer('1465479290014', { error: 'unknown role' });
        return { n: Object.keys(input.actions).length };
      })({ actions: { 1465479290007: {}, 1465479290014: {} } });
      expect(r.actions).to.deep.equal({ 1465479290007: { ok: true }, 1465479290014: { error: 'unknown role' } });
    });

    it('answers given before an exception are still returned', () => {
      const r = log.wrapScheduler(() => {
        log.answer('1', { error: 'failed' });
        throw new Error('later');
      })({});
      expect(r.schedule).to.equal(null);
      expect(r.actions).to.deep.equal({ 1: { error: 'failed' } });
      expect(r.log).to.include('\nUncaught Error: later');
    });
  });

  describe('wrapScheduler', () => {
    it('notes a leader change, and not when the same leader runs again', () => {
      const fn = log.wrapScheduler(() => ({}));
      const changed = fn({ current_host: 'h2', parents: [{ owner_hostname: 'h1' }, { owner_hostname: 'h3' }] });
      expect(changed.schedule).to.deep.equal({ changes: ['no-role: Leader change [h1, h3] -> h2'], owner_hostname: 'h2' });
      expect(changed.log).to.equal('[no-role]:CHANGE: Leader change [h1, h3] -> h2\n');
      const same = fn({ current_host: 'h1', parents: [{ owner_hostname: 'h1' }] });
      expect(same.schedule).to.deep.equal({ owner_hostname: 'h1' });
      const first = fn({ current_host: 'h1', parents: [] });
      expect(first.schedule.changes).to.deep.equal(['no-role: Leader change [] -> h1']);
      const odd = fn({ current_host: 'h1', parents: [null, { owner_hostname: 5 }] });
      expect(odd.schedule.changes).to.deep.equal(['no-role: Leader change [?, ?] -> h1']);
    });

    it('appends change notes to the changes the scheduler wrote', () => {
      const r = log.wrapScheduler(() => {
        new log.Logger('r').change('b');
        return { changes: ['r: a'] };
      })({});
      expect(r.schedule.changes).to.deep.equal(['r: a', 'r: b']);
    });

    it('reports a non-object schedule as an error', () => {
      for (const [value, name] of [[null, 'null'], [[], 'an array'], ['s', 'string'], [undefined, 'undefined']]) {
        const r = log.wrapScheduler(() => value)({});
        expect(r.schedule).to.equal(null);
        expect(r.log).to.include('scheduler returned ' + name + ', not an object');
      }
    });

    it('keeps runs apart: nothing leaks into the next run or outside', () => {
      const fn = log.wrapScheduler((input) => {
        log.print('run', input.n);
        log.answer(String(input.n), input.n);
        if (input.n === 1) {
          const inner = log.wrapScheduler(() => { log.print('inner'); return {}; })({});
          expect(inner.log).to.equal('[no-role]:DEBUG: inner\n');
        }
        return {};
      });
      const one = fn({ n: 1 });
      const two = fn({ n: 2 });
      expect(one.log).to.equal('[no-role]:DEBUG: run 1\n');
      expect(two.log).to.equal('[no-role]:DEBUG: run 2\n');
      expect(two.actions).to.deep.equal({ 2: 2 });
    });

    it('collect gives the value, the text, the changes and the answers', () => {
      const run = log.collect(() => {
        log.roleChange('r', 'x');
        log.answer('7', null);
        return 42;
      });
      expect(run).to.deep.equal({ value: 42, text: '[r]:CHANGE: x\n', changes: ['r: x'], answers: { 7: null } });
    });

    it('drops answers outside a run', () => {
      expect(() => log.answer('1', { a: 1 })).not.to.throw();
    });
  });

  describe('bad input', () => {
    it('a wrapped non-function, and any input, give a logged error, not an exception', () => {
      for (const input of [null, undefined, 5, 'x', [], { parents: 'x' }, { parents: [1, 'x'], current_host: {} }]) {
        const r = log.wrapScheduler(() => ({}))(input);
        expect(r.schedule).to.be.an('object');
        const bad = log.wrapScheduler(null)(input);
        expect(bad.schedule).to.equal(null);
        expect(bad.log).to.include('\nUncaught TypeError');
      }
    });

    it('loggers take any names, messages and error lists', () => {
      const r = log.wrapScheduler(() => {
        const weird = { toString: 1 };
        const l = new log.Logger(weird, 7);
        l.debug(weird, undefined, null, () => 1);
        l.sub(weird).error();
        l.sub(null).change();
        l.invalid(weird, weird, 'not a list');
        l.invalid('m', 1, null);
        log.roleDebug(null, 'x');
        log.roleChange(weird);
        log.answer(weird, undefined);
        return {};
      })({});
      expect(r.schedule).to.be.an('object');
      expect(r.actions).to.deep.equal({ '{toString=1}': null });
      expect(r.log.split('\n')[0]).to.equal('[{toString=1}]:DEBUG: 7{toString=1} undefined null function');
    });

    it('errorText renders whatever was thrown', () => {
      expect(log.errorText('plain')).to.equal('plain');
      expect(log.errorText(null)).to.equal('null');
      expect(log.errorText({ message: 'm' })).to.equal('m');
      expect(log.errorText({ toString: 1, message: { toString: 1 } })).to.equal('{message={toString=1}, toString=1}');
      expect(log.errorText(new RangeError('deep'))).to.match(/^RangeError: deep\n/);
      const r = log.wrapScheduler(() => { throw { toString: 1 }; })({});
      expect(r.log).to.equal('\nUncaught {toString=1}\n');
    });
  });
});
