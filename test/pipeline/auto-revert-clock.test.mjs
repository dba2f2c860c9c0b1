// Auto revert happens when nobody touches a stopped update: any accepted
// action on a paused or failed update restarts its clock, so an ack, skip
// or proceed on an update paused for longer than the auto-revert time is
// not undone by a revert on the very next run.
import { expect } from 'chai';
import { tick, buttons } from './helpers.mjs';
import { withProd, pyCluster, MINUTE, HOUR } from '../drivers/helpers.mjs';

const CMD = { name: 'cmd_migrate', kind: 'run_once', processes: ['migrate'], forward_mode: 'ack', forward_time: 0, backward_mode: 'skip', backward_time: 0 };
const TEST = { name: 'test_mode', kind: 'test_mode', processes: ['web'], test_mode_percent: { web: 10 }, forward_mode: 'manual', forward_time: 10, backward_mode: 'time', backward_time: 10 };
const QUICK = { name: 'quick_restart', kind: 'restart', processes: ['web'], forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5 };
const LIMIT = 30 * MINUTE;
const T1 = 10 * HOUR;

function at(step, extra = {}) {
  return {
    pipeline: [CMD, TEST, QUICK], source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step, direction: 'pause', start_ts: 0, step_ts: 1000, change_ts: 1000, pause_ts: 1000, auto: false, ...extra,
  };
}

const cases = [
  ['ack', 'cmd_migrate', {}],
  ['skip', 'test_mode', {}],
  ['proceed', 'test_mode', {}],
  ['pause', 'test_mode', {}],
  ['error', 'cmd_migrate', { direction: 'error', error_message: 'x' }],
  // an error reported while paused: failed from now, not from the pause
  ['error', 'cmd_migrate', {}],
  ['skip', 'cmd_migrate', { direction: 'error', error_message: 'x' }],
];

describe('pipeline tick: an action restarts a stopped update\'s auto-revert clock', () => {
  for (const [action, step, extra] of cases) {
    it(`${action} on an update ${extra.direction || 'paused'} at ${step} for hours: not reverted on the next run`, () => {
      const acted = tick(at(step, extra), buttons(T1, { update_action: action }), T1, { autoRevertMs: LIMIT });
      expect(acted.answers[T1].ok, JSON.stringify(acted.answers)).to.equal(true);
      const next = tick(acted.state, {}, T1 + MINUTE, { autoRevertMs: LIMIT });
      expect(next.state.direction).to.not.equal('backward');
      if (acted.state.direction === 'forward') return; // a skip out of an error goes on
      expect(acted.state.pause_ts).to.equal(T1);
      // Untouched for the whole time again: it reverts.
      const later = tick(next.state, {}, T1 + LIMIT + MINUTE, { autoRevertMs: LIMIT });
      expect(later.state.direction).to.equal('backward');
    });
  }

  it('an error on a running update stops it and starts its clock at once', () => {
    const running = at('cmd_migrate', { direction: 'forward', step_ts: T1 - HOUR, change_ts: T1 - HOUR });
    delete running.pause_ts;
    const failed = tick(running, buttons(T1, { update_action: 'error', error_message: 'boom' }), T1, { autoRevertMs: LIMIT }).state;
    expect(failed).to.include({ direction: 'error', pause_ts: T1, change_ts: T1, error_message: 'boom' });
    expect(tick(failed, {}, T1 + LIMIT, { autoRevertMs: LIMIT }).state.direction).to.equal('error');
    expect(tick(failed, {}, T1 + LIMIT + 1, { autoRevertMs: LIMIT }).state.direction).to.equal('backward');
  });

  it('a refused action does not', () => {
    const acted = tick(at('test_mode'), buttons(T1, { update_action: 'ack' }), T1, { autoRevertMs: LIMIT });
    expect(acted.answers[T1].error).to.be.a('string');
    expect(acted.state.direction).to.equal('backward');
  });

  it('in the api driver: a group paused for hours, acked, keeps going', () => {
    const c = withProd(pyCluster()).later(MINUTE).upload('v1.6.0');
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    c.until('cmd_migrate');
    c.later(MINUTE).run([{ action: 'update_action', group: 'prod', update_action: 'pause' }]);
    c.later(2 * HOUR).run([{ action: 'update_action', group: 'prod', update_action: 'ack', step: 'cmd_migrate' }]);
    expect(Object.values(c.last.actions)[0], c.last.log).to.include({ ok: true });
    c.later(MINUTE).run();
    expect(c.group().update).to.include({ step: 'test_mode', direction: 'pause' });
    expect(c.schedule.changes || []).to.not.satisfy((list) => list.some((l) => /reverting/.test(l)));
  });
});
