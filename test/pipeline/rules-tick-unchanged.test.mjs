// tick's shortcut for a run that changes nothing (the state comes back
// without being validated again): a run that edits the state in place, as
// the clock does when it counts a smooth step, is not such a run.
import { expect } from 'chai';
import { tick } from './helpers.mjs';

const SMOOTH = {
  name: 'roll', kind: 'smooth', processes: ['web'],
  forward_mode: 'smooth', forward_time: 40, backward_mode: 'smooth', backward_time: 40, substeps: 4,
};

// Step 1 of 4 done at 1000; the next is due 10 s later.
function rolling(extra = {}) {
  return {
    pipeline: [SMOOTH], source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step: 'roll', direction: 'forward', start_ts: 0, step_ts: 1000, change_ts: 1000, auto: false,
    smooth_step: 1, ...extra,
  };
}

describe('pipeline tick rules: a run that changes the state in place', () => {
  it('a smooth step counted at a time that is no timestamp drops the update, with no action passed', () => {
    const r = tick(rolling(), null, NaN);
    expect(r.state).to.equal(null);
    expect(r.answers).to.deep.equal({});
    expect(r.log).to.include('[role]:ERROR: bad state after update, error: .change_ts: Value is not a timestamp, but number\n');
    expect(r.log).to.match(/\[role\]:CHANGE: forcing revert, sorry\n$/);
  });

  it('so does a smooth step counted back at an endless time', () => {
    const r = tick(rolling({ direction: 'backward', smooth_step: 2 }), {}, Infinity);
    expect(r.state).to.equal(null);
    expect(r.log).to.include('error: .change_ts: Value is not a timestamp, but number\n');
  });
});
