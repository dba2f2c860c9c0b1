// The example cluster's recordings in Node: each gives the schedule and the
// answers recorded with it, and its log line for line as kept in
// fixtures/recording-logs.json (the operator reads the log and `changes`;
// a changed word there is a change of behaviour too). Regenerate that file
// with UPDATE_RECORDING_LOGS=1 after a deliberate change, and review its
// diff.
import { expect } from 'chai';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('../example/', import.meta.url));
const RECORDINGS = EXAMPLE + 'recordings/';
const LOGS = fileURLToPath(new URL('./fixtures/recording-logs.json', import.meta.url));
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

describe('api driver: the example recordings, in Node', function () {
  this.timeout(60000);
  const names = readdirSync(RECORDINGS).sort();
  const logs = existsSync(LOGS) ? read(LOGS) : {};
  const seen = {};

  after(() => {
    if (process.env.UPDATE_RECORDING_LOGS) writeFileSync(LOGS, `${JSON.stringify(seen, null, 2)}\n`);
  });

  for (const name of names) {
    it(`${name}: the recorded schedule, answers and log`, () => {
      // Required in the test: mutation testing switches the bundle's
      // mutants between tests, and the scheduler keeps no state.
      const scheduler = createRequire(import.meta.url)(EXAMPLE + 'scheduler/v1/main.js').scheduler;
      const dir = RECORDINGS + name + '/';
      const result = JSON.parse(JSON.stringify(scheduler(read(dir + 'input.json'))));
      const expected = read(dir + 'expected.json');
      for (const key of Object.keys(expected)) expect(result.schedule[key], `${name}: schedule.${key}`).to.deep.equal(expected[key]);
      if (existsSync(dir + 'expected-actions.json')) expect(result.actions, `${name}: answers`).to.deep.equal(read(dir + 'expected-actions.json'));
      seen[name] = { changes: result.schedule.changes || [], log: result.log.split('\n') };
      if (!process.env.UPDATE_RECORDING_LOGS) expect(seen[name], `${name}: changes and log`).to.deep.equal(logs[name]);
    });
  }

  it('every recording is in the kept logs, and nothing else', () => {
    expect(Object.keys(logs).sort()).to.deep.equal(names);
  });
});
