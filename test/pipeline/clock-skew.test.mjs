// A leader whose clock ran ahead (issue 19, item 3): the times it stamped
// into an update are later than `now` once the right clock is back. Read as
// now, once, they let a step wait its own time, not the skew's.
import { expect } from 'chai';
import { tick } from './helpers.mjs';

const NOW = 1500000000000;
const AHEAD = 2 * 3600 * 1000;
const QUICK = { name: 'quick_restart', kind: 'restart', processes: ['web'], forward_mode: 'time', forward_time: 20, backward_mode: 'time', backward_time: 20 };
const SMOOTH = { name: 'smooth_restart', kind: 'smooth', processes: ['web'], substeps: 4, forward_mode: 'time', forward_time: 40, backward_mode: 'time', backward_time: 40 };

function update(step, pipeline, extra = {}) {
  return {
    pipeline, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step, direction: 'forward', start_ts: NOW - 60000, step_ts: NOW + AHEAD, change_ts: NOW + AHEAD, auto: false, ...extra,
  };
}

describe('pipeline tick: times later than now (a clock that ran ahead)', () => {
  it('a 20 s step stamped two hours ahead moves 20 s after the clock is right again', () => {
    const first = tick(update('quick_restart', [QUICK]), null, NOW);
    expect(first.state.step).to.equal('quick_restart');
    expect(first.state.step_ts).to.equal(NOW);
    expect(first.state.change_ts).to.equal(NOW);
    expect(first.log).to.include(`update times later than now, read as now (a clock ahead?): step_ts ${NOW + AHEAD} (${AHEAD} ms ahead), change_ts ${NOW + AHEAD} (${AHEAD} ms ahead)`);
    const next = tick(first.state, null, NOW + 20000);
    expect(next.state.step).to.equal('done');
    // Said once: the state written back holds now.
    expect(next.log).to.not.include('later than now');
  });

  it('a smooth stage\'s substeps go by their own time, as for one stamped now', () => {
    const skewed = tick(update('smooth_restart', [SMOOTH], { smooth_step: 1 }), null, NOW);
    const right = tick(update('smooth_restart', [SMOOTH], { smooth_step: 1, step_ts: NOW, change_ts: NOW }), null, NOW);
    expect(skewed.state).to.deep.equal(right.state);
    for (const at of [NOW + 10000, NOW + 20000, NOW + 40000]) {
      expect(tick(skewed.state, null, at).state, `at +${at - NOW} ms`).to.deep.equal(tick(right.state, null, at).state);
    }
    // It moves within the stage's own time, not two hours on.
    expect(tick(skewed.state, null, NOW + 40000).state).to.not.deep.equal(skewed.state);
  });

  it('a pause stamped ahead reverts 30 minutes after now, not after the skew', () => {
    const paused = update('quick_restart', [QUICK], { direction: 'pause', pause_ts: NOW + AHEAD });
    const first = tick(paused, null, NOW);
    expect(first.state.pause_ts).to.equal(NOW);
    const later = tick(first.state, null, NOW + 30 * 60 * 1000 + 1);
    expect(later.state.direction).to.equal('backward');
  });
});
