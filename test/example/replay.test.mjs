// The README's main job: the example scheduler replays its recordings in
// QuickJS with every expectation met.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const root = new URL('../..', import.meta.url).pathname;
const cases = readdirSync(`${root}test/example/recordings`).length;

describe('example scheduler recordings', function () {
  this.timeout(120000);
  it(`replays all ${cases} recordings in QuickJS`, () => {
    const r = spawnSync('node', ['harness/bin/verwalter-harness.mjs', 'replay', '--json', 'test/example/scheduler/v1', 'test/example/recordings'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).to.equal('');
    const report = JSON.parse(r.stdout);
    expect(r.status, r.stdout).to.equal(0);
    expect(report.passed).to.equal(cases);
    expect(cases).to.be.at.least(12);
  });
});
