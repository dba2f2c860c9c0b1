// current() beyond the reference's spec: shares between stages.
import { expect } from 'chai';
import { P } from './helpers.mjs';

const PIPELINE = [
  { name: 'test_mode', kind: 'test_mode', forward_mode: 'manual', forward_time: 5, backward_mode: 'time', backward_time: 5, processes: ['site'], test_mode_percent: { site: 10 } },
  { name: 'quick_restart', kind: 'restart', forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5, processes: ['worker'] },
  { name: 'smooth_restart', kind: 'smooth', forward_mode: 'smooth', forward_time: 40, backward_mode: 'smooth', backward_time: 40, processes: ['site'], substeps: 4 },
];

function at(step, smooth_step) {
  const s = { pipeline: PIPELINE, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {}, step, direction: 'forward', start_ts: 1, step_ts: 1, change_ts: 1, auto: false };
  if (smooth_step !== undefined) s.smooth_step = smooth_step;
  return s;
}

describe('pipeline: current() between test mode and the restart', () => {
  it('keeps the test share of a process while another stage runs', () => {
    expect(P.current(at('test_mode')).site).to.deep.equal({ v1: 90, v2: 10 });
    // The reference went back to {v1: 100} here, stopping the test instances.
    expect(P.current(at('quick_restart')).site).to.deep.equal({ v1: 90, v2: 10 });
    expect(P.current(at('quick_restart')).worker).to.deep.equal({ v2: 100 });
    expect(P.current(at('smooth_restart', 0)).site).to.deep.equal({ v1: 90, v2: 10 });
    expect(P.current(at('smooth_restart', 2)).site).to.deep.equal({ v1: 50, v2: 50 });
  });
  it('does not give a test share to a process before test mode', () => {
    expect(P.current(at('start')).site).to.deep.equal({ v1: 100 });
  });
});

describe('pipeline: current() of a smooth stage whose substeps do not divide 100', () => {
  // Whole percents, rounded down for the target: the target's share grows
  // by at most its due and never passes it (2 of 3 is 66, not 67).
  const three = (smooth_step) => P.current({
    pipeline: [{ name: 'smooth_restart', kind: 'smooth', forward_mode: 'smooth', forward_time: 30, backward_mode: 'smooth', backward_time: 30, processes: ['site'], substeps: 3 }],
    source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step: 'smooth_restart', direction: 'forward', start_ts: 1, step_ts: 1, change_ts: 1, auto: false, smooth_step,
  }).site;

  it('0, 33, 66, 100 percent of the target over 3 substeps', () => {
    expect([0, 1, 2, 3].map(three)).to.deep.equal([{ v1: 100, v2: 0 }, { v1: 67, v2: 33 }, { v1: 34, v2: 66 }, { v1: 0, v2: 100 }]);
  });
  it('a smooth_step past the substeps counts as the last', () => {
    expect(three(5)).to.deep.equal({ v1: 0, v2: 100 });
  });
});
