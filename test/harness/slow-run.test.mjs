// A run past half of --timeout is close to verwalter's own alarm (issue 21):
// run and replay say so, before verwalter ends its whole process.
import { expect } from 'chai';
import { slowRunWarning } from '../../harness/engine/options.mjs';
import { outcomeLines } from '../../harness/cases/report.mjs';

const plain = { green: String, red: String, yellow: String, dim: String };

describe('a run past half its time budget', () => {
  it('is named with its time and the budget, and only past half', () => {
    expect(slowRunWarning(2500, 5000)).to.equal(null);
    expect(slowRunWarning(120, 5000)).to.equal(null);
    expect(slowRunWarning(2712.4, 5000)).to.equal('the run took 2712 ms, more than half of its 5000 ms time budget (verwalter ends its whole process when a run takes over 5 s)');
    expect(slowRunWarning(600, 1000)).to.match(/^the run took 600 ms, more than half of its 1000 ms time budget/);
  });

  it('replay shows it under the case, passing or not', () => {
    const warning = slowRunWarning(3000, 5000);
    expect(outcomeLines({ name: 'cases/big', status: 'pass', durationMs: 3001, warning }, { paint: plain, maxDiff: 20 })).to.deep.equal([`WARN cases/big: ${warning}`]);
    expect(outcomeLines({ name: 'cases/big', status: 'pass', durationMs: 3001 }, { paint: plain, maxDiff: 20 })).to.deep.equal([]);
    const failed = outcomeLines({ name: 'cases/big', status: 'fail', durationMs: 3001, differences: [], actionDifferences: [], warning }, { paint: plain, maxDiff: 20 });
    expect(failed.at(-1)).to.equal(`WARN cases/big: ${warning}`);
  });
});
