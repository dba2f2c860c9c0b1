// tick: actions, their answers, and states it refuses.
import { expect } from 'chai';
import { P, tick, buttons, jsonCopy } from './helpers.mjs';

const CMD = { name: 'cmd_migrate', kind: 'run_once', processes: ['migrate'], forward_mode: 'ack', forward_time: 0, backward_mode: 'skip', backward_time: 0 };
const TEST = { name: 'test_mode', kind: 'test_mode', processes: ['web'], test_mode_percent: { web: 10 }, forward_mode: 'manual', forward_time: 10, backward_mode: 'time', backward_time: 10 };
const QUICK = { name: 'quick_restart', kind: 'restart', processes: ['web'], forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5 };
const PIPE = [CMD, TEST, QUICK];

function at(step, extra = {}) {
  return {
    pipeline: PIPE, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step, direction: 'forward', start_ts: 0, step_ts: 1000, change_ts: 1000, auto: false, ...extra,
  };
}
const act = (update_action, extra) => ({ update_action, ...extra });

describe('pipeline tick: actions and answers', () => {
  it('takes actions keyed by id, in posting order whatever the key order', () => {
    // pause (t=3000) then resume (t=4000): running; the other order: paused.
    const a = tick(at('test_mode'), { 4000: { button: act('resume') }, 3000: { button: act('pause') } }, 5000);
    expect(a.state.direction).to.equal('forward');
    expect(Object.keys(a.answers).sort()).to.deep.equal(['3000', '4000']);
    const b = tick(at('test_mode'), { 3000: { button: act('resume') }, 4000: { button: act('pause') } }, 5000);
    expect(b.state.direction).to.equal('pause');
  });

  it('or a list of {id, action}', () => {
    const r = tick(at('cmd_migrate'), [{ id: '7', action: { button: act('ack', { step: 'cmd_migrate' }) } }], 5000);
    expect(r.answers).to.deep.equal({ 7: { ok: true, action: 'ack', step: 'test_mode', direction: 'forward' } });
  });

  it('answers every action, each against the state the previous left', () => {
    const r = tick(at('cmd_migrate'), buttons(100,
      act('ack', { step: 'cmd_migrate' }),
      act('ack', { step: 'cmd_migrate' }),
      act('proceed'),
      act('bogus'),
      { step: 'x' }), 5000);
    expect(r.answers).to.deep.equal({
      100: { ok: true, action: 'ack', step: 'test_mode', direction: 'forward' },
      101: { error: 'step cmd_migrate is not running (the update is at test_mode)' },
      102: { ok: true, action: 'proceed', step: 'quick_restart', direction: 'forward' },
      103: { error: 'invalid update action: .button.update_action: Must be one of pause, resume, revert, skip, proceed, ack, error' },
      104: { error: 'invalid update action: .button.update_action: Required key' },
    });
    // Moved by actions: the clock waits for the next run.
    expect(r.state).to.include({ step: 'quick_restart', step_ts: 5000 });
  });

  it('refuses what the step\'s mode does not allow', () => {
    expect(tick(at('quick_restart'), buttons(1, act('ack')), 2000).answers[1])
      .to.deep.equal({ error: 'step quick_restart is in time mode, not waiting for an ack' });
    expect(tick(at('cmd_migrate'), buttons(1, act('proceed')), 2000).answers[1])
      .to.deep.equal({ error: 'step cmd_migrate is in ack mode; only a manual step can proceed (skip it instead)' });
    expect(tick(at('test_mode'), buttons(1, act('error', { error_message: 'x' })), 2000).answers[1])
      .to.deep.equal({ error: 'step test_mode is in manual mode, not waiting for an ack' });
    expect(tick(at('cmd_migrate', { direction: 'backward' }), buttons(1, act('ack')), 2000).answers[1])
      .to.deep.equal({ error: 'the update is reverting; step cmd_migrate takes no ack' });
    const failed = at('cmd_migrate', { direction: 'error', pause_ts: 1000, error_message: 'x' });
    expect(tick(failed, buttons(1, act('pause')), 2000).answers[1])
      .to.deep.equal({ error: 'the update is already stopped by an error; resume, revert or skip step cmd_migrate' });
  });

  it('an ack after an error is the retry that worked', () => {
    const failed = at('cmd_migrate', { direction: 'error', pause_ts: 1000, error_message: 'x' });
    const r = tick(failed, buttons(1, act('ack', { step: 'cmd_migrate' })), 2000);
    expect(r.state).to.include({ step: 'test_mode', direction: 'forward' });
    expect(r.state).to.not.have.any.keys('error_message', 'pause_ts');
  });

  it('ack_ignore_errors: an ack or an error both go on', () => {
    const pipe = [{ ...CMD, forward_mode: 'ack_ignore_errors' }, TEST, QUICK];
    for (const b of [act('ack'), act('error', { error_message: 'ignored' })]) {
      const r = tick(at('cmd_migrate', { pipeline: pipe }), buttons(1, b), 2000);
      expect(r.state).to.include({ step: 'test_mode', direction: 'forward' });
    }
  });

  it('pause and resume twice are harmless (tools retry)', () => {
    const paused = tick(at('test_mode'), buttons(1, act('pause')), 2000).state;
    const again = tick(paused, buttons(2, act('pause')), 3000);
    expect(again.answers[2]).to.deep.equal({ ok: true, action: 'pause', step: 'test_mode', direction: 'pause' });
    // Someone touched it: the auto-revert clock starts again.
    expect(again.state.pause_ts).to.equal(3000);
    const running = tick(at('test_mode'), buttons(1, act('resume')), 2000);
    expect(running.answers[1].ok).to.equal(true);
    expect(running.state).to.deep.equal(at('test_mode'));
  });

  it('a paused update moved by an action stays paused', () => {
    const paused = at('cmd_migrate', { direction: 'pause', pause_ts: 1000 });
    const acked = tick(paused, buttons(1, act('ack')), 2000).state;
    // and its auto-revert clock restarts at each action
    expect(acked).to.include({ step: 'test_mode', direction: 'pause', pause_ts: 2000 });
    const skipped = tick(acked, buttons(2, act('skip')), 3000).state;
    expect(skipped).to.include({ step: 'quick_restart', direction: 'pause', pause_ts: 3000 });
  });

  it('skip and proceed walk back while reverting', () => {
    const back = at('test_mode', { direction: 'backward', pipeline: [CMD, { ...TEST, backward_mode: 'manual' }, QUICK] });
    // (the migration's stage walking back is skipped, in the same run)
    expect(tick(back, buttons(1, act('proceed')), 2000).state).to.include({ step: 'revert_done', direction: 'backward' });
    expect(tick(at('quick_restart', { direction: 'backward' }), buttons(1, act('skip')), 2000).state)
      .to.include({ step: 'test_mode', direction: 'backward' });
  });

  it('walking back into a smooth stage starts from all switched, and switches a part back', () => {
    const smooth = { name: 'smooth_restart', kind: 'smooth', processes: ['web'], forward_mode: 'smooth', forward_time: 40, backward_mode: 'smooth', backward_time: 40, substeps: 4 };
    const s = at('quick_restart', { pipeline: [CMD, smooth, QUICK], direction: 'backward' });
    const r = tick(s, {}, 10000);
    expect(r.state).to.include({ step: 'smooth_restart', smooth_step: 3 });
    expect(P.current(r.state).web).to.deep.equal({ v1: 25, v2: 75 });
    // not a smooth walk back (a stage whose backward mode is time): all switched until it is left
    const timed = { ...smooth, backward_mode: 'time' };
    const t = tick(at('quick_restart', { pipeline: [CMD, timed, QUICK], direction: 'backward' }), {}, 10000);
    expect(t.state).to.include({ step: 'smooth_restart', smooth_step: 4 });
    expect(P.current(t.state).web).to.deep.equal({ v1: 0, v2: 100 });
  });

  it('entering a smooth stage switches its first part at once, unless paused', () => {
    const smooth = { name: 'smooth_restart', kind: 'smooth', processes: ['web'], forward_mode: 'smooth', forward_time: 40, backward_mode: 'smooth', backward_time: 40, substeps: 4 };
    const r = tick(at('quick_restart', { pipeline: [CMD, QUICK, smooth] }), {}, 6000);
    expect(r.state).to.include({ step: 'smooth_restart', smooth_step: 1 });
    expect(P.current(r.state).web).to.deep.equal({ v1: 75, v2: 25 });
    // a person moves a paused update on: nothing switches until it resumes
    const p = tick(at('quick_restart', { pipeline: [CMD, QUICK, smooth], direction: 'pause', pause_ts: 2000 }), buttons(1, act('skip')), 3000);
    expect(p.state).to.include({ step: 'smooth_restart', direction: 'pause' });
    expect(p.state).to.not.have.property('smooth_step');
    expect(P.current(p.state).web).to.deep.equal({ v1: 100, v2: 0 });
  });

  it('manual steps of an auto update go on at their time', () => {
    expect(tick(at('test_mode', { auto: true }), {}, 11000).state.step).to.equal('quick_restart');
    expect(tick(at('test_mode', { auto: true }), {}, 10999).state.step).to.equal('test_mode');
    expect(tick(at('test_mode'), {}, 1e9).state.step).to.equal('test_mode');
  });

  it('keeps long error messages short', () => {
    const r = tick(at('cmd_migrate'), buttons(1, act('error', { error_message: 'x'.repeat(5000) })), 2000);
    expect(r.state.error_message).to.have.length(P.MAX_ERROR_MESSAGE + 3);
  });

  it('does not touch its input', () => {
    const input = at('cmd_migrate');
    const before = jsonCopy(input);
    tick(input, buttons(1, act('ack')), 2000);
    tick(input, buttons(1, act('error', { error_message: 'm' })), 2000);
    expect(input).to.deep.equal(before);
  });
});

describe('pipeline tick: states', () => {
  it('an invalid state gives null, the reason logged and every action refused', () => {
    const r = tick({ ...at('test_mode'), direction: 'sideways' }, buttons(1, act('pause')), 2000);
    expect(r.state).to.equal(null);
    expect(r.answers[1].error).to.match(/^the update state is invalid: \.direction: Must be one of/);
    expect(r.log).to.include('update state error, error: .direction: Must be one of');
  });

  it('a step that is not in the pipeline is invalid', () => {
    const r = tick(at('nowhere'), {}, 2000);
    expect(r.state).to.equal(null);
    expect(r.log).to.include('.step: No stage "nowhere" in the pipeline');
  });

  it('a smooth mode without substeps is invalid', () => {
    const r = tick(at('quick_restart', { pipeline: [{ ...QUICK, forward_mode: 'smooth' }] }), {}, 2000);
    expect(r.state).to.equal(null);
    expect(r.log).to.include('.pipeline.0.substeps: Required by smooth mode');
  });

  it('garbage gives null, never an exception', () => {
    for (const junk of [null, undefined, 1, 'x', [], {}, { pipeline: 'x' }, { step: 'start' }]) {
      expect(tick(junk, { 1: 'nope' }, 5).state).to.equal(null);
    }
    expect(tick(at('test_mode'), 'not actions', 2000).answers).to.deep.equal({});
  });

  it('a finished update comes back unchanged, actions refused', () => {
    const r = tick(at('done'), buttons(1, act('revert')), 2000);
    expect(r.state).to.deep.equal(at('done'));
    expect(r.answers).to.deep.equal({ 1: { error: 'the update is finished (done)' } });
  });

  it('actions at start apply to the first stage', () => {
    const r = tick(at('start'), buttons(1, act('ack', { step: 'cmd_migrate' })), 2000);
    expect(r.state.step).to.equal('test_mode');
  });
});

describe('pipeline start', () => {
  it('marks a downgrade by version ordering, not text', () => {
    expect(P.start('v1.9', 'v1.10', [], false, 5).downgrade).to.equal(false);
    expect(P.start('v1.10', 'v1.9', [], false, 5).downgrade).to.equal(true);
    // The reference counted an update to the same version as a downgrade.
    expect(P.start('v2', 'v2', [], false, 5).downgrade).to.equal(false);
  });

  it('is a valid state at `start` that the first tick moves on', () => {
    const s = P.start('v1', 'v2', PIPE, true, 5);
    expect(s).to.deep.equal({
      pipeline: PIPE, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
      step: 'start', direction: 'forward', downgrade: false, start_ts: 5, step_ts: 5, change_ts: 5, auto: true,
    });
    expect(P.validateState(s).ok).to.equal(true);
    expect(tick(s, {}, 6).state.step).to.equal('cmd_migrate');
    expect(tick(P.start('v1', 'v2', [], true, 5), {}, 6).state.step).to.equal('done');
  });
});
