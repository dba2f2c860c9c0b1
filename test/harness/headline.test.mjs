// What a failed run reports first: the scheduler's own exception, with its
// file and line, also when the toolbox's wrapScheduler caught it; and a
// built-in ES5.1 lacks named, not only "not a function".
import { expect } from 'chai';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidResultError, loadScheduler, LoadError, SchedulerError } from '../../harness/index.mjs';
import { BUNDLE_PATH } from '../support/engines.mjs';
import { INPUT, rejection, removeDir, runCli, tempDir } from './helpers.mjs';

describe('the headline of a failed run', function () {
  let dir;
  let count = 0;

  before(async function () {
    dir = await tempDir();
  });
  after(async function () {
    await removeDir(dir);
  });

  // A scheduler directory with the bundle and `main` as main.js.
  async function scheduler(main) {
    const at = path.join(dir, `s${count++}`);
    await mkdir(at);
    await copyFile(BUNDLE_PATH, path.join(at, 'verwalter-toolbox.js'));
    await writeFile(path.join(at, 'main.js'), main);
    return at;
  }
  const wrapped = (body) =>
    `var toolbox = require('./verwalter-toolbox');\n` +
    `function helper(input) {\n  ${body}\n}\n` +
    `exports.scheduler = toolbox.log.wrapScheduler(function (input) {\n  console.log('starting');\n  helper(input);\n  return {};\n});\n`;
  const failure = async (main, options) => rejection((await loadScheduler(await scheduler(main), options)).run(INPUT));

  it('is the exception wrapScheduler caught, with its file and line, not "schedule got null"', async function () {
    const error = await failure(wrapped("throw new RangeError('no room on ' + input.current_host);"));
    expect(error).to.be.instanceOf(SchedulerError);
    expect(error.message).to.equal('main.js:3:23: RangeError: no room on alpha');
    expect(error).to.include({ errorName: 'RangeError', errorMessage: 'no room on alpha', file: 'main.js', line: 3 });
    expect(error.schedulerStack.split('\n')[0]).to.equal('    at helper (main.js:3:23)');
    expect(error.log).to.match(/\[no-role\]:DEBUG: starting\n\nUncaught RangeError: no room on alpha\n {4}at helper \(main\.js:3:23\)\n/);
    // Nothing of the harness's own prelude, no doubled "Error: " prefix.
    expect(error.log).not.to.include('<harness>');
    expect(error.log).not.to.include('Error: RangeError');
    expect(error.schedulerStack).not.to.include('<harness>');
  });

  it('stays an invalid result when a scheduler returns null by itself', async function () {
    const error = await failure("exports.scheduler = function () { return { schedule: null, log: 'Uncaught nothing really\\n' }; };\n");
    expect(error).to.be.instanceOf(InvalidResultError);
  });

  it('is the same on the command line: the error, after the log', async function () {
    const at = await scheduler(wrapped("throw new Error('broken');"));
    const input = path.join(dir, 'input.json');
    await writeFile(input, JSON.stringify(INPUT));
    const { code, stderr } = await runCli(['run', at, input]);
    expect(code).to.equal(1);
    expect(stderr.trimEnd().split('\n').at(-1)).to.equal('verwalter-harness: SchedulerError: main.js:3:18: Error: broken');
  });

  const es2015 = {
    "[1, 2].indexOf(1) >= 0 && [1, 2].includes(input.now);": 'Array.prototype.includes or String.prototype.includes',
    "return 'abc'.startsWith('a');": 'String.prototype.startsWith',
    'return Object.assign({}, input);': 'Object.assign',
    'return new Map();': 'Map',
  };
  for (const [body, builtin] of Object.entries(es2015)) {
    it(`names ${builtin} and says it is not ES5.1`, async function () {
      const error = await failure(wrapped(body));
      expect(error).to.be.instanceOf(SchedulerError);
      expect(error.message).to.match(/^main\.js:3:\d+: (TypeError: not a function|ReferenceError: 'Map' is not defined) \(/);
      expect(error.message).to.include(`(${builtin}: not ES5.1, which is all verwalter's engine has)`);
    });
  }

  it('names them on loading too, and not with --no-es5', async function () {
    const main = "var seen = new Set();\nexports.scheduler = function () { return { schedule: {}, log: '' }; };\n";
    const error = await rejection(loadScheduler(await scheduler(main)));
    expect(error).to.be.instanceOf(LoadError);
    expect(error.message).to.include("ReferenceError: 'Set' is not defined (Set: not ES5.1");
    await loadScheduler(await scheduler(main), { es5: false });
  });

  it('adds nothing to a "not a function" of the scheduler\'s own making', async function () {
    const error = await failure(wrapped('var f = input.missing; f();'));
    expect(error.message).to.equal('main.js:3:27: TypeError: not a function');
  });
});
