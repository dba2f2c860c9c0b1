// tick, rule by rule: the order actions are carried out in, what each
// action and the clock log, and when the clock waits for the next run.
import { expect } from 'chai';
import { P, tick, buttons } from './helpers.mjs';

const stage = (name, extra = {}) => ({
  name, kind: 'restart', processes: ['web'],
  forward_mode: 'time', forward_time: 100, backward_mode: 'time', backward_time: 100, ...extra,
});
// Five long steps: only actions move the update.
const LONG = ['s1', 's2', 's3', 's4', 's5'].map((n) => stage(n));
const ZERO = (name, extra) => stage(name, { forward_time: 0, backward_time: 0, ...extra });
const ACK = (name, extra) => stage(name, { kind: 'run_once', forward_mode: 'ack', forward_time: 5, backward_mode: 'time', backward_time: 0, ...extra });

function state(pipeline, step, extra = {}) {
  return {
    pipeline, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step, direction: 'forward', start_ts: 0, step_ts: 1000, change_ts: 1000, auto: false, ...extra,
  };
}
const act = (update_action, extra) => ({ update_action, ...extra });
const item = (id, button) => ({ id, action: { button } });
const steps = (answers) => Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.step || a.error]));

describe('pipeline tick rules: the order of actions', () => {
  it('numeric ids go by value (9 before 10), before any other id, and those by name', () => {
    const r = tick(state(LONG, 's1'), [
      item('b', act('skip')), item('10', act('skip')), item('a', act('skip')), item('9', act('skip')),
    ], 5000);
    expect(steps(r.answers)).to.deep.equal({ 9: 's2', 10: 's3', a: 's4', b: 's5' });
  });

  it('ids of the same value go by their text ("05" before "5")', () => {
    const r = tick(state(LONG, 's1'), [item('5', act('skip')), item('05', act('skip'))], 5000);
    expect(steps(r.answers)).to.deep.equal({ '05': 's2', 5: 's3' });
  });

  it('the same id twice goes in list order, the later answer kept', () => {
    const r = tick(state(LONG, 's1'), [item('x', act('pause')), item('x', act('resume'))], 5000);
    expect(r.state.direction).to.equal('forward');
    expect(r.answers).to.deep.equal({ x: { ok: true, action: 'resume', step: 's1', direction: 'forward' } });
  });

  it('a list item\'s id may be a number; one with no id answers under #<its index>', () => {
    const r = tick(state(LONG, 's1'), [item(7, act('skip')), { action: { button: act('skip') } }, 'junk'], 5000);
    expect(r.answers).to.deep.equal({
      7: { ok: true, action: 'skip', step: 's2', direction: 'forward' },
      '#1': { ok: true, action: 'skip', step: 's3', direction: 'forward' },
      '#2': { error: 'invalid update action: : Value is not an object, but undefined' },
    });
  });

  it('list items with no id go in list order, the eleventh after the second (#10 after #2)', () => {
    // Twelve long steps: each skip moves one on, so each answer tells when it ran.
    const twelve = Array.from({ length: 12 }, (_, i) => stage(`s${i + 1}`));
    const r = tick(state(twelve, 's1'), Array.from({ length: 11 }, () => ({ action: { button: act('skip') } })), 5000);
    expect(Object.keys(r.answers).sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))).map((id) => r.answers[id].step))
      .to.deep.equal(['s2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 's12']);
    // Beside a listed id that is not a number they still go by text.
    const mixed = tick(state(LONG, 's1'), [item('a', act('skip')), { action: { button: act('skip') } }], 5000);
    expect(steps(mixed.answers)).to.deep.equal({ '#1': 's2', a: 's3' });
  });

  it('an action may carry keys besides its button', () => {
    const r = tick(state(LONG, 's1'), { 5: { button: act('skip'), sent_by: 'ui' } }, 5000);
    expect(r.answers).to.deep.equal({ 5: { ok: true, action: 'skip', step: 's2', direction: 'forward' } });
  });

  it('answers and logs only the actions passed in', () => {
    const r = tick(state(LONG, 's1'), { 5: { button: act('pause') } }, 5000);
    expect(Object.keys(r.answers)).to.deep.equal(['5']);
    expect(r.log).to.equal('[role]:CHANGE: pausing update at s1\n');
  });

  it('an unreadable action is refused with all its problems, and logged', () => {
    const r = tick(state(LONG, 's1'), { 5: { button: { update_action: 'bogus', step: 3 } } }, 5000);
    const why = 'invalid update action: .button.step: Value is not a string, but number; .button.update_action: Must be one of pause, resume, revert, skip, proceed, ack, error';
    expect(r.answers).to.deep.equal({ 5: { error: why } });
    expect(r.log).to.equal('[role]:ERROR: action 5 refused: ' + why + '\n');
  });
});

describe('pipeline tick rules: actions', () => {
  it('a refusal is logged with its reason', () => {
    const r = tick(state(LONG, 's1'), { 5: { button: act('ack') } }, 5000);
    expect(r.log).to.equal('[role]:ERROR: update action refused: step s1 is in time mode, not waiting for an ack\n');
  });

  it('pausing a paused update changes nothing and logs nothing', () => {
    const r = tick(state(LONG, 's2', { direction: 'pause', pause_ts: 1000 }), { 5: { button: act('pause') } }, 5000);
    expect(r.log).to.equal('');
    expect(r.state).to.include({ direction: 'pause', change_ts: 1000 });
  });

  it('reverting a reverting update changes nothing and logs nothing', () => {
    const r = tick(state(LONG, 's2', { direction: 'backward' }), { 5: { button: act('revert') } }, 5000);
    expect(r.log).to.equal('');
    expect(r.state).to.include({ step: 's2', direction: 'backward', change_ts: 1000 });
  });

  it('resuming logs where', () => {
    const r = tick(state(LONG, 's2', { direction: 'pause', pause_ts: 1000 }), { 5: { button: act('resume') } }, 5000);
    expect(r.log).to.equal('[role]:CHANGE: resuming update at s2\n');
  });

  it('a skip logs the step skipped and the step the update moves to', () => {
    expect(tick(state(LONG, 's2'), { 5: { button: act('skip') } }, 5000).log)
      .to.equal('[role]:CHANGE: skipping step s2\n[role]:DEBUG: next step is s3\n');
    expect(tick(state(LONG, 's2', { direction: 'backward' }), { 5: { button: act('skip') } }, 5000).log)
      .to.equal('[role]:CHANGE: skipping step s2\n[role]:DEBUG: previous step is s1\n');
  });

  it('the ends are logged as done', () => {
    expect(tick(state(LONG, 's5'), { 5: { button: act('skip') } }, 5000).log)
      .to.equal('[role]:CHANGE: skipping step s5\n[role]:CHANGE: update done\n');
    expect(tick(state(LONG, 's1', { direction: 'backward' }), { 5: { button: act('skip') } }, 5000).log)
      .to.equal('[role]:CHANGE: skipping step s1\n[role]:CHANGE: revert done\n');
  });

  it('a proceed is logged', () => {
    const pipe = [stage('m', { forward_mode: 'manual' }), ...LONG];
    expect(tick(state(pipe, 'm'), { 5: { button: act('proceed') } }, 5000).log)
      .to.equal('[role]:CHANGE: manual step m proceeded\n[role]:DEBUG: next step is s1\n');
  });

  it('an error on an ack_ignore_errors step is logged with its message, or "(no message)"', () => {
    const pipe = [ACK('cmd', { forward_mode: 'ack_ignore_errors' }), ...LONG];
    expect(tick(state(pipe, 'cmd'), { 5: { button: act('error', { error_message: 'disk full' }) } }, 5000).log)
      .to.equal('[role]:CHANGE: acked step cmd ignoring its error: disk full\n[role]:DEBUG: next step is s1\n');
    expect(tick(state(pipe, 'cmd'), { 5: { button: act('error') } }, 5000).log)
      .to.equal('[role]:CHANGE: acked step cmd ignoring its error: (no message)\n[role]:DEBUG: next step is s1\n');
  });

  it('an error on an ack step is logged with its message, or "(no message)"', () => {
    const pipe = [ACK('cmd'), ...LONG];
    expect(tick(state(pipe, 'cmd'), { 5: { button: act('error', { error_message: 'disk full' }) } }, 5000).log)
      .to.equal('[role]:CHANGE: error at step cmd: disk full\n');
    expect(tick(state(pipe, 'cmd'), { 5: { button: act('error') } }, 5000).log)
      .to.equal('[role]:CHANGE: error at step cmd: (no message)\n');
  });

  it('a reverting update takes no error', () => {
    const pipe = [ACK('cmd'), ...LONG];
    const r = tick(state(pipe, 'cmd', { direction: 'backward', step_ts: 5000 }), { 5: { button: act('error') } }, 5000);
    expect(r.answers).to.deep.equal({ 5: { error: 'the update is reverting; step cmd takes no error' } });
  });

  it('an error message of exactly the limit is kept whole; one longer is cut', () => {
    const pipe = [ACK('cmd'), ...LONG];
    const exact = 'x'.repeat(P.MAX_ERROR_MESSAGE);
    expect(tick(state(pipe, 'cmd'), { 5: { button: act('error', { error_message: exact }) } }, 5000).state.error_message).to.equal(exact);
    expect(tick(state(pipe, 'cmd'), { 5: { button: act('error', { error_message: exact + 'y' }) } }, 5000).state.error_message)
      .to.equal(exact + '...');
  });
});

describe('pipeline tick rules: the clock after actions', () => {
  // Each action that moves the update lands on a step of time 0: the clock
  // would move it on at once, but waits for the next run.
  const cases = [
    ['a skip', [stage('s0'), ZERO('z1'), ZERO('z2')], 's0', act('skip')],
    ['a proceed', [stage('s0', { forward_mode: 'manual' }), ZERO('z1'), ZERO('z2')], 's0', act('proceed')],
    ['an ack', [ACK('s0'), ZERO('z1'), ZERO('z2')], 's0', act('ack')],
    ['an ignored error', [ACK('s0', { forward_mode: 'ack_ignore_errors' }), ZERO('z1'), ZERO('z2')], 's0', act('error')],
  ];
  for (const [what, pipe, at, button] of cases) {
    it(`${what} that moves the update holds the clock until the next run`, () => {
      const r = tick(state(pipe, at), { 5: { button } }, 5000);
      expect(r.state).to.include({ step: 'z1', step_ts: 5000 });
    });
  }

  it('the first step is not timed in the run that starts the update', () => {
    const r = tick(state([ZERO('z1'), ZERO('z2')], 'start'), null, 5000);
    expect(r.state).to.include({ step: 'z1', step_ts: 5000 });
    expect(r.log).to.equal('[role]:DEBUG: next step is z1\n');
  });

  it('an action that leaves the update on its step does not hold the clock', () => {
    // The error stops the update; the revert then runs the clock backward,
    // and the step's backward time (0) is over at once.
    const pipe = [stage('s0'), ACK('cmd'), stage('s2')];
    const r = tick(state(pipe, 'cmd'), buttons(5, act('error'), act('revert')), 5000);
    expect(r.state).to.include({ step: 's0', direction: 'backward' });
  });

  it('a step reverting waits its backward time, running forward its forward time', () => {
    const pipe = [stage('s0'), stage('t', { forward_time: 10, backward_time: 20 }), stage('s2')];
    const back = state(pipe, 't', { direction: 'backward' });
    expect(tick(back, null, 1000 + 19999).state.step).to.equal('t');
    expect(tick(back, null, 1000 + 20000).state.step).to.equal('s0');
    expect(tick(state(pipe, 't'), null, 1000 + 9999).state.step).to.equal('t');
    expect(tick(state(pipe, 't'), null, 1000 + 10000).state.step).to.equal('s2');
  });

  it('an ack step never moves by the clock, whatever its time', () => {
    const r = tick(state([ACK('cmd'), stage('s2')], 'cmd'), null, 1000 + 3600 * 1000);
    expect(r.state).to.include({ step: 'cmd', direction: 'forward' });
  });

  it('an auto update\'s manual step moves by the clock forward, not backward', () => {
    const pipe = [stage('s0'), stage('m', { forward_mode: 'manual', backward_mode: 'manual', forward_time: 1, backward_time: 1 }), stage('s2')];
    expect(tick(state(pipe, 'm', { auto: true }), null, 1000 + 3600 * 1000).state.step).to.equal('s2');
    expect(tick(state(pipe, 'm', { auto: true, direction: 'backward' }), null, 1000 + 3600 * 1000).state.step).to.equal('m');
  });
});

describe('pipeline tick rules: moving a paused update', () => {
  it('a paused update skipped into a skipped step stops there', () => {
    const pipe = [stage('s0'), stage('sk', { forward_mode: 'skip', backward_mode: 'skip' }), stage('s2')];
    const r = tick(state(pipe, 's0', { direction: 'pause', pause_ts: 1000 }), { 5: { button: act('skip') } }, 5000);
    expect(r.state).to.include({ step: 'sk', direction: 'pause' });
  });

  it('a paused update skipped past its last step is done, not paused', () => {
    const r = tick(state(LONG, 's5', { direction: 'pause', pause_ts: 1000 }), { 5: { button: act('skip') } }, 5000);
    expect(r.answers).to.deep.equal({ 5: { ok: true, action: 'skip', step: 'done', direction: 'forward' } });
    expect(r.state).to.not.have.property('pause_ts');
  });
});

describe('pipeline tick rules: the stopped clock and times', () => {
  it('a failed update with no pause time reverts counting from its last change', () => {
    const failed = state(LONG, 's2', { direction: 'error', change_ts: 1000 });
    expect(tick(failed, null, 1000 + 60000, { autoRevertMs: 60000 }).state.direction).to.equal('error');
    expect(tick(failed, null, 1000 + 60001, { autoRevertMs: 60000 }).state.direction).to.equal('backward');
  });

  it('every time stamp later than now is read as now', () => {
    const r = tick(state(LONG, 's2', { direction: 'pause', start_ts: 9001, step_ts: 9002, change_ts: 9003, pause_ts: 9004 }), null, 5000);
    expect(r.state).to.include({ start_ts: 5000, step_ts: 5000, change_ts: 5000, pause_ts: 5000 });
    expect(r.log).to.equal('[role]:ERROR: update times later than now, read as now (a clock ahead?): ' +
      'start_ts 9001 (4001 ms ahead), step_ts 9002 (4002 ms ahead), change_ts 9003 (4003 ms ahead), pause_ts 9004 (4004 ms ahead)\n');
  });

  it('a finished update is left as it is, and says so', () => {
    const r = tick(state(LONG, 'done', { step_ts: 9000 }), { 5: { button: act('skip') } }, 5000);
    expect(r.state).to.include({ step: 'done', step_ts: 9000 });
    expect(r.log).to.equal('[role]:DEBUG: update is done already; nothing to do\n');
  });

  it('a run at a time that is no timestamp drops the update, refusing its actions', () => {
    const r = tick(state(LONG, 's1'), { 5: { button: act('skip') } }, NaN);
    expect(r.state).to.equal(null);
    expect(r.answers).to.deep.equal({ 5: { error: 'the update broke (invalid state) and is dropped: .change_ts: Value is not a timestamp, but number' } });
    expect(r.log).to.include('[role]:ERROR: bad state after update, error: .change_ts: Value is not a timestamp, but number\n');
    expect(r.log).to.match(/\[role\]:CHANGE: forcing revert, sorry\n$/);
  });
});
