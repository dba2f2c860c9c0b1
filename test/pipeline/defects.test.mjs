// The reference's defects (DESIGN section 4) that touch updates, each with
// the behaviour that replaces it.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { P, logged, tick, buttons } from './helpers.mjs';

const MIN = 60 * 1000;
const PIPE = [
  { name: 'cmd_migrate', kind: 'run_once', processes: ['migrate'], forward_mode: 'ack', forward_time: 0, backward_mode: 'skip', backward_time: 0 },
  { name: 'quick_restart', kind: 'restart', processes: ['web'], forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5 },
];

function stopped(direction, pauseTs, extra = {}) {
  return {
    pipeline: PIPE, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step: 'quick_restart', direction, start_ts: 0, step_ts: 1000, change_ts: pauseTs, auto: false, pause_ts: pauseTs, ...extra,
  };
}

describe('pipeline defects: a stopped update reverts after 30 minutes', () => {
  it('a paused update stays paused for 30 minutes', () => {
    const r = tick(stopped('pause', 1000), {}, 1000 + 30 * MIN);
    expect(r.state).to.include({ direction: 'pause', pause_ts: 1000 });
  });

  it('and walks back after (the reference compared pause_ts - now)', () => {
    const r = tick(stopped('pause', 1000), {}, 1000 + 30 * MIN + 1);
    // Reverting, and the quick restart's own time being long over, it is
    // already back past the migration's stage (skipped walking back).
    expect(r.state).to.include({ step: 'revert_done', direction: 'backward' });
    expect(r.state).to.not.have.property('pause_ts');
    expect(r.log).to.include('paused for too long at step quick_restart, reverting');
  });

  it('an errored one too, dropping its message', () => {
    const r = tick(stopped('error', 1000, { error_message: 'boom' }), {}, 1000 + 31 * MIN);
    expect(r.state.direction).to.equal('backward');
    expect(r.state).to.not.have.property('error_message');
    expect(r.log).to.include('failed for too long at step quick_restart (boom), reverting');
  });

  it('the time is an option; 0 turns auto revert off', () => {
    expect(tick(stopped('pause', 1000), {}, 1000 + MIN + 1, { autoRevertMs: MIN }).state.direction).to.equal('backward');
    expect(tick(stopped('pause', 1000), {}, 1000 + MIN, { autoRevertMs: MIN }).state.direction).to.equal('pause');
    expect(tick(stopped('pause', 1000), {}, 1000 + 1000 * MIN, { autoRevertMs: 0 }).state.direction).to.equal('pause');
    expect(P.AUTO_REVERT_MS).to.equal(30 * MIN);
  });
});

describe('pipeline defects: an error with a message keeps the update', () => {
  const atCmd = { ...stopped('forward', 0), step: 'cmd_migrate' };
  delete atCmd.pause_ts;

  it('stays in error with its error_message, and validates', () => {
    const r = tick(atCmd, buttons(5000, { step: 'cmd_migrate', update_action: 'error', error_message: 'exit code 3' }), 5000);
    expect(r.state).to.include({ step: 'cmd_migrate', direction: 'error', error_message: 'exit code 3', pause_ts: 5000, change_ts: 5000 });
    expect(P.validateState(r.state).ok).to.equal(true);
    expect(r.answers).to.deep.equal({ 5000: { ok: true, action: 'error', step: 'cmd_migrate', direction: 'error' } });
    expect(r.log).to.include('error at step cmd_migrate: exit code 3');
    // ... and on the next runs, until someone acts (or it times out)
    const later = tick(JSON.parse(JSON.stringify(r.state)), {}, 5000 + 10 * MIN);
    expect(later.state).to.deep.equal(r.state);
  });

  it('resume, revert or skip clear the message', () => {
    const failed = tick(atCmd, buttons(5000, { update_action: 'error', error_message: 'x' }), 5000).state;
    const resumed = tick(failed, buttons(6000, { update_action: 'resume' }), 6000).state;
    expect(resumed).to.include({ step: 'cmd_migrate', direction: 'forward' });
    expect(resumed).to.not.have.any.keys('error_message', 'pause_ts');
    const skipped = tick(failed, buttons(6000, { update_action: 'skip' }), 6000).state;
    expect(skipped).to.include({ step: 'quick_restart', direction: 'forward' });
    expect(skipped).to.not.have.any.keys('error_message', 'pause_ts');
    const reverted = tick(failed, buttons(6000, { update_action: 'revert' }), 6000).state;
    expect(reverted).to.include({ step: 'revert_done', direction: 'backward' });
  });
});

describe('pipeline defects: malformed version metadata affects only that version', () => {
  const services = { web: { service: 'web', servers: ['a'], number_per_server: 1 } };

  it('no daemons key: an error value, nothing thrown', () => {
    const r = logged(() => P.groupPipeline({ timestamp: 1 }, services)).value;
    expect(r).to.deep.equal({ pipeline: null, error: 'version metadata has no "daemons"' });
  });

  it('metadata or daemons of the wrong type', () => {
    expect(P.groupPipeline(null, services).error).to.equal('version metadata is not an object');
    expect(P.groupPipeline('v1', services).error).to.equal('version metadata is not an object');
    expect(P.groupPipeline({ daemons: 'x' }, services).error).to.equal('version metadata\'s "daemons" is not an object');
    expect(P.groupPipeline({ daemons: { web: {} } }, { web: { servers: [] } }).error)
      .to.equal('group service web names no daemon (its "service" is not a string)');
  });

  it('the next version is unaffected', () => {
    const bad = P.groupPipeline({}, services);
    const good = P.groupPipeline({ daemons: { web: { image: 'i', config: 'c', update: { restart: 'quick' } } } }, services);
    expect(bad.pipeline).to.equal(null);
    expect(good.pipeline.map((s) => s.name)).to.deep.equal(['quick_restart']);
  });
});

describe('pipeline defects: a before/after cycle names its stages', () => {
  it('gives an error with the stages in cycle order', () => {
    const r = logged(() => P.derivePipeline({
      a: { restart: 'quick', stage: 'one', before: ['two'] },
      b: { restart: 'quick', stage: 'two', before: ['three'] },
      c: { mode: 'skip', stage: 'three', before: ['one'] },
      d: { restart: 'smooth' },
    })).value;
    expect(r).to.deep.equal({
      pipeline: null,
      error: 'before/after constraints form a cycle: one -> two -> three -> one',
      cycle: ['one', 'two', 'three'],
    });
  });

  it('names only the cycle, not the stages downstream of it', () => {
    const r = P.derivePipeline({
      a: { mode: 'skip', stage: 'x', after: ['y'] },
      b: { mode: 'skip', stage: 'y', after: ['x'] },
      c: { restart: 'quick', after: ['x'] },
    });
    expect(r.cycle).to.deep.equal(['x', 'y']);
  });

  it('an implicit ordering never makes a cycle: explicit constraints win', () => {
    // The reference spec's own "typical setup" is a cycle there: celery's
    // quick restart `before` test mode against test mode's implicit
    // "before the restarts".
    const r = P.derivePipeline({
      db_migrate: { mode: 'run-with-ack', before: ['test_mode'] },
      celery: { restart: 'quick', before: ['test_mode'] },
      site: { restart: 'smooth', test_mode_percent: 5 },
    });
    expect(r.pipeline.map((s) => s.name)).to.deep.equal(['cmd_db_migrate', 'quick_restart', 'test_mode', 'smooth_restart']);
  });
});

describe('pipeline: Lua-era states carry over', () => {
  const lua = JSON.parse(readFileSync(new URL('./fixtures/lua-paused-state.json', import.meta.url), 'utf8'));

  it('a state the Lua toolbox wrote (`[]` extras) validates', () => {
    expect(lua.source_extra).to.deep.equal([]);
    const r = P.validateState(lua);
    expect(r.errors).to.deep.equal([]);
    expect(r.value.source_extra).to.deep.equal({});
    expect(r.value.target_extra).to.deep.equal({});
  });

  it('a fractional test mode percent (the Lua toolbox allowed one) is rounded down, not a reason to drop the update', () => {
    const stage = lua.pipeline.find((s) => s.kind === 'test_mode');
    const frac = { ...lua, pipeline: lua.pipeline.map((s) => (s === stage ? { ...s, test_mode_percent: { [s.processes[0]]: 12.5 } } : s)) };
    const r = P.validateState(frac);
    expect(r.errors).to.deep.equal([]);
    expect(r.value.pipeline.find((s) => s.kind === 'test_mode').test_mode_percent).to.deep.equal({ [stage.processes[0]]: 12 });
    expect(P.validateState({ ...frac, pipeline: frac.pipeline.map((s) => (s.kind === 'test_mode' ? { ...s, test_mode_percent: { x: 101 } } : s)) }).ok).to.equal(false);
  });

  it('with string timestamps too, written back as numbers and objects', () => {
    const strings = { ...lua, start_ts: '1000', step_ts: '2000', change_ts: '4000', pause_ts: '4000' };
    const r = tick(strings, buttons(5000, { update_action: 'resume' }), 5000);
    expect(r.state).to.include({ step: 'test_mode', direction: 'forward', start_ts: 1000, step_ts: 2000, change_ts: 5000 });
    expect(r.state.source_extra).to.deep.equal({});
    expect(JSON.stringify(r.state)).to.not.include('[]');
  });
});
