import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ES2015_PLUS_BUILTINS,
  ES5_BUILTINS,
  LoadError,
  SchedulerError,
  loadScheduler,
  runScript,
} from '../../harness/index.mjs';
import { fixture, rejection, ROOT } from './helpers.mjs';

const FIXTURE_BUNDLE = readFileSync(path.join(fixture('umd'), 'verwalter-toolbox.js'), 'utf8');

async function presenceOf(expressions, options) {
  const scheduler = await loadScheduler(fixture('globals'), options);
  return (await scheduler.run({ expressions })).schedule;
}

describe('harness ES5 environment', function () {
  it('removes every listed ES2015+ built-in in es5 mode', async function () {
    const { present } = await presenceOf(ES2015_PLUS_BUILTINS);
    const left = ES2015_PLUS_BUILTINS.filter((name) => present[name]);
    expect(left).to.deep.equal([]);
  });

  it('keeps all of them with es5: false', async function () {
    const { present } = await presenceOf(ES2015_PLUS_BUILTINS, { es5: false });
    const missing = ES2015_PLUS_BUILTINS.filter((name) => !present[name]);
    expect(missing).to.deep.equal([]);
  });

  it('leaves exactly the ES5.1 built-ins', async function () {
    const script = `(function () {
      var out = {}, paths = ${JSON.stringify(Object.keys(ES5_BUILTINS))};
      for (var i = 0; i < paths.length; i++) {
        var parts = paths[i].split('.'), target = (function () { return this; })();
        for (var j = parts[0] === 'global' ? 1 : 0; j < parts.length; j++) target = target[parts[j]];
        out[paths[i]] = Object.getOwnPropertyNames(target).sort();
      }
      return out;
    })()`;
    const own = await runScript(FIXTURE_BUNDLE, script);
    for (const [where, names] of Object.entries(own)) {
      // The bundle adds its global, the harness console and print.
      const allowed = [...ES5_BUILTINS[where], ...(where === 'global' ? ['VerwalterToolbox', 'console', 'print'] : [])];
      expect(names, where).to.have.members(allowed);
    }
  });

  it('keeps what QuickJS routes through removed built-ins working', async function () {
    const schedule = await presenceOf(['Object.keys', 'JSON.stringify', 'Math.random']);
    expect(schedule.present).to.deep.equal({ 'Object.keys': true, 'JSON.stringify': true, 'Math.random': true });
    expect(schedule.split).to.deep.equal(['a', 'b', '', 'c']);
    expect(schedule.replace).to.equal('a+b+c');
    expect(schedule.match).to.deep.equal(['1', '2']);
    expect(schedule.json).to.equal('1970-01-01T00:00:00.000Z');
    expect(schedule.errorStack).to.equal('string');
  });

  it('has an ES5 Number without the ES2015 constants', async function () {
    const script = `[Number('5'), new Number(5) instanceof Number, (5).constructor === Number,
      typeof Number.EPSILON, Number.MAX_VALUE > 1e308, Number.length, (255).toString(16)]`;
    expect(await runScript(FIXTURE_BUNDLE, script)).to.deep.equal([5, true, true, 'undefined', true, 1, 'ff']);
  });

  it('has a Date that is the input\'s now unless given a time', async function () {
    const script = `[Date.now(), new Date().getTime(), new Date(5).getTime(), new Date(2020, 0, 2).getFullYear(),
      new Date() instanceof Date, typeof Date(), Date.UTC(1970, 0, 1), Date.parse('1970-01-01T00:00:01Z')]`;
    expect(await runScript(FIXTURE_BUNDLE, script, { now: 1234 })).to.deep.equal([1234, 1234, 5, 2020, true, 'string', 0, 1000]);
  });

  describe('runScript', function () {
    it('loads a bundle as a plain script and returns the script\'s value through JSON', async function () {
      const value = await runScript(FIXTURE_BUNDLE, 'VerwalterToolbox.hostnames({a: {hostname: "b"}, c: {hostname: "a"}})');
      expect(value).to.deep.equal(['a', 'b']);
      expect(await runScript(FIXTURE_BUNDLE, 'undefined')).to.equal(undefined);
    });

    it('refuses a bundle that is not ES5.1, naming the line', async function () {
      const error = await rejection(runScript('var a = 1;\nlet b = 2;\n', '1'));
      expect(error).to.be.instanceOf(LoadError);
      expect(error).to.include({ code: 'SYNTAX', file: 'verwalter-toolbox.js', line: 2 });
      expect(await runScript('var a = 1;\nlet b = 2;\n', '1', { es5: false })).to.equal(1);
    });

    it('reports a throwing script as a SchedulerError with its position', async function () {
      const error = await rejection(runScript(FIXTURE_BUNDLE, '\nVerwalterToolbox.missing()'));
      expect(error).to.be.instanceOf(SchedulerError);
      expect(error).to.include({ file: 'script.js', line: 2 });
    });

    it('loads the built bundle, if there is one, in es5 mode', async function () {
      const built = path.join(ROOT, 'dist/verwalter-toolbox.js');
      if (!existsSync(built)) this.skip();
      const value = await runScript(readFileSync(built, 'utf8'), 'typeof VerwalterToolbox');
      expect(value).to.equal('object');
    });
  });

  it('runs a UMD bundle through require() the same way', async function () {
    const scheduler = await loadScheduler(fixture('umd'));
    const { schedule } = await scheduler.run({ peers: { x: { hostname: 'b' }, y: { hostname: 'a' } } });
    expect(schedule).to.deep.equal({ hosts: ['a', 'b'], version: '0.0.0-fixture' });
  });
});
