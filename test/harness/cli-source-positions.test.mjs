// A scheduler compiled by `build` fails at its .ts file and line in run,
// replay and simulate (the headline and the stack in the log; wasm's
// unresolvable requires too), through QuickJS and through scheduler.wasm
// (which gives lines, no columns), when a source map is beside the failing
// file; without one, at the .js line.
import { expect } from 'chai';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadScheduler } from '../../harness/index.mjs';
import { freshProject, rejection, runCli } from './helpers.mjs';

// Line 6, column 42 is `(` of `new Error(`, where QuickJS places the throw.
const CHECK_TS = `import type { SchedulerInput } from 'verwalter-toolbox';

// Refuses every input, as a scheduler with a bug might.
export function check(input: SchedulerInput): void {
  const hosts: string[] = [];
  if (hosts.length === 0) throw new Error('no hosts at ' + String(input.now));
}
`;

// check(input) is called at line 6, column 8 (its \`(\`).
const MAIN_TS = `import * as toolbox from 'verwalter-toolbox';
import type { ApiSchedule, SchedulerInput } from 'verwalter-toolbox';
import { check } from './lib/check';

export const scheduler = toolbox.log.wrapScheduler(function (input: SchedulerInput): ApiSchedule {
  check(input);
  return toolbox.drivers.api.schedule(input, { template: 'example/v1' });
});
`;

const THROWN = 'Error: no hosts at 1793610005000';

describe('failures told at the TypeScript source', function () {
  this.timeout(60000);
  let project;
  // One project, built, copied for each test.
  freshProject((d, p) => { project = p; }, async (sched) => {
    expect((await runCli(['init', '--typescript', sched])).code).to.equal(0);
    await mkdir(path.join(sched, 'src/lib'));
    await writeFile(path.join(sched, 'src/lib/check.ts'), CHECK_TS);
    await writeFile(path.join(sched, 'src/main.ts'), MAIN_TS);
    const built = await runCli(['build', sched]);
    expect(built.code, built.stderr).to.equal(0);
    await writeFile(path.join(sched, 'scenario.json'), JSON.stringify({ start: 'cases/add-services', duration_ms: 10000 }));
  });

  const cli = (...args) => runCli(args, { cwd: project });
  const lastLine = (text) => text.trimEnd().split('\n').pop();

  it('run: the headline and the stack name src/lib/check.ts and src/main.ts', async function () {
    const r = await cli('run', 'scheduler/v1', 'cases/add-services/input.json');
    expect(r.code).to.equal(1);
    expect(lastLine(r.stderr)).to.equal(`verwalter-harness: SchedulerError: src/lib/check.ts:6:42: ${THROWN}`);
    expect(r.stderr).to.include(`Uncaught ${THROWN}\n    at check (src/lib/check.ts:6:42)\n    at <anonymous> (src/main.ts:6:8)\n`);
    // The bundle has no map: its frames stay as they were.
    expect(r.stderr).to.match(/ at [^\n]*\(verwalter-toolbox\.js:\d+:\d+\)\n/);
    // From elsewhere, the source is named from there.
    const there = await runCli(['run', path.join(project, 'scheduler/v1'), path.join(project, 'cases/add-services/input.json')]);
    expect(lastLine(there.stderr)).to.equal(`verwalter-harness: SchedulerError: ${project}/src/lib/check.ts:6:42: ${THROWN}`);
  });

  it('replay and simulate: the failed case and the failed tick name src/lib/check.ts', async function () {
    const replayed = await cli('replay', 'scheduler/v1', 'cases');
    expect(replayed.code).to.equal(1);
    expect(replayed.stdout).to.include(`FAIL cases/add-services: SchedulerError: src/lib/check.ts:6:42: ${THROWN}\n`);
    expect(replayed.stdout).to.include('  |     at check (src/lib/check.ts:6:42)\n');
    const simulated = await cli('simulate', 'scheduler/v1', 'scenario.json');
    expect(simulated.code).to.equal(1);
    expect(lastLine(simulated.stderr)).to.equal(`verwalter-harness: tick 0 (+0m00s): SchedulerError: src/lib/check.ts:6:42: ${THROWN}`);
    expect(simulated.stderr).to.include('    at <anonymous> (src/main.ts:6:8)\n');
  });

  it('through scheduler.wasm, which gives no columns: the .ts line', async function () {
    const r = await cli('run', '--engine', 'wasm', 'scheduler/v1', 'cases/add-services/input.json');
    expect(r.code).to.equal(1);
    expect(lastLine(r.stderr)).to.equal(`verwalter-harness: SchedulerError: src/lib/check.ts:6: ${THROWN}`);
    expect(r.stderr).to.include('    at check (src/lib/check.ts:6)\n    at <anonymous> (src/main.ts:6)\n');
  });

  it('a throw while loading is told at its .ts line too', async function () {
    await writeFile(path.join(project, 'src/main.ts'), `${MAIN_TS}\nthrow new Error('not configured');\n`);
    expect((await cli('build')).code).to.equal(0);
    const r = await cli('run', 'scheduler/v1', 'cases/add-services/input.json');
    expect(r.code).to.equal(1);
    expect(lastLine(r.stderr)).to.equal('verwalter-harness: LoadError: src/main.ts:10:16: loading the scheduler failed: Error: not configured');
  });

  it('wasm: a require verwalter cannot resolve (a directory) is told at its .ts import', async function () {
    await writeFile(path.join(project, 'src/lib/index.ts'), "export { check } from './check';\n");
    await writeFile(path.join(project, 'src/main.ts'), MAIN_TS.replace("from './lib/check'", "from './lib'"));
    expect((await cli('build')).code).to.equal(0);
    const r = await cli('wasm', 'scheduler/v1');
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('verwalter-harness: wasm: src/main.ts:3: require("./lib"): no module "lib.js" in the scheduler directory\n');
  });

  it('the programmatic API: the message names the source, file/line/column stay the compiled file\'s, source is the .ts position', async function () {
    const scheduler = await loadScheduler(path.join(project, 'scheduler/v1'));
    const error = await rejection(scheduler.run(JSON.parse(await readFile(path.join(project, 'cases/add-services/input.json'), 'utf8'))));
    scheduler.dispose();
    expect(error.name).to.equal('SchedulerError');
    expect(error.message).to.equal(`${project}/src/lib/check.ts:6:42: ${THROWN}`);
    expect({ file: error.file, line: error.line }).to.deep.equal({ file: 'lib/check.js', line: 8 });
    expect(error.source).to.deep.equal({ file: `${project}/src/lib/check.ts`, line: 6, column: 42 });
  });

  it('a map inlined in its sourceMappingURL comment is read as well', async function () {
    const js = path.join(project, 'scheduler/v1/lib/check.js');
    const map = await readFile(`${js}.map`);
    const text = await readFile(js, 'utf8');
    await writeFile(js, text.replace('//# sourceMappingURL=check.js.map', `//# sourceMappingURL=data:application/json;base64,${map.toString('base64')}`));
    await rm(`${js}.map`);
    const r = await cli('run', 'scheduler/v1', 'cases/add-services/input.json');
    expect(lastLine(r.stderr)).to.equal(`verwalter-harness: SchedulerError: src/lib/check.ts:6:42: ${THROWN}`);
  });

  it('without a source map, the position is the compiled file\'s', async function () {
    await rm(path.join(project, 'scheduler/v1/lib/check.js.map'));
    const r = await cli('run', 'scheduler/v1', 'cases/add-services/input.json');
    expect(lastLine(r.stderr)).to.match(new RegExp(`^verwalter-harness: SchedulerError: lib/check\\.js:8:\\d+: ${THROWN}$`));
    // main.js keeps its map.
    expect(r.stderr).to.include('    at <anonymous> (src/main.ts:6:8)\n');
  });
});
