// Every assertion of the Lua reference's spec/update_spec.lua, with the same
// expected values. Lua lists become arrays (1-based indices gone), `nil`
// entries become absent keys, and actions carry ids as verwalter gives them.
import { expect } from 'chai';
import { P, quiet, tick } from './helpers.mjs';

function derive(configs) {
  const checked = P.validateConfig(configs);
  expect(checked.errors).to.deep.equal([]);
  expect(checked.ok).to.equal(true);
  const r = quiet(() => P.derivePipeline(checked.value));
  expect(r.error).to.equal(undefined);
  return r.pipeline;
}

describe('pipeline (reference spec): typical setup', () => {
  const processes = {
    db_migrate: { mode: 'run-with-ack', before: ['test_mode'] },
    celery: { restart: 'quick', before: ['test_mode'], warmup_sec: 5 },
    slow_site: { restart: 'smooth', smooth_mode: 'alternate_port', test_mode_percent: 5, warmup_sec: 15 },
    fast_site: { restart: 'smooth', smooth_mode: 'same_port', test_mode_percent: 5, warmup_sec: 1 },
  };
  it('validates processes', () => {
    const r = P.validateConfig(processes);
    expect(r.errors).to.deep.equal([]);
    expect(r.ok).to.equal(true);
  });
});

describe('pipeline (reference spec): stages', () => {
  it('no processes', () => {
    expect(quiet(() => P.derivePipeline({})).pipeline).to.deep.equal([]);
  });

  it('quick restart', () => {
    expect(derive({ x: { restart: 'quick', warmup_sec: 5 } })).to.deep.equal([{
      name: 'quick_restart', kind: 'restart', processes: ['x'],
      forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5,
    }]);
  });

  it('custom', () => {
    expect(derive({
      x: { restart: 'quick', warmup_sec: 5, stage: 'late', after: ['smooth_restart'] },
      y: { restart: 'smooth', warmup_sec: 5 },
    })).to.deep.equal([{
      name: 'smooth_restart', kind: 'smooth', processes: ['y'],
      forward_mode: 'smooth', forward_time: 50, backward_mode: 'smooth', backward_time: 50, substeps: 10,
    }, {
      name: 'late', kind: 'restart', processes: ['x'],
      forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5,
    }]);
  });

  it('quick restart 2', () => {
    expect(derive({
      one: { restart: 'quick', warmup_sec: 5 },
      two: { restart: 'quick', warmup_sec: 7 },
    })).to.deep.equal([{
      name: 'quick_restart', kind: 'restart', processes: ['one', 'two'],
      forward_mode: 'time', forward_time: 7, backward_mode: 'time', backward_time: 7,
    }]);
  });

  it('quick restart with test mode', () => {
    expect(derive({ yyy: { restart: 'quick', warmup_sec: 5, test_mode_percent: 1 } })).to.deep.equal([
      { name: 'test_mode', kind: 'test_mode', processes: ['yyy'], test_mode_percent: { yyy: 1 },
        forward_mode: 'manual', forward_time: 5, backward_mode: 'time', backward_time: 5 },
      { name: 'quick_restart', kind: 'restart', processes: ['yyy'],
        forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5 },
    ]);
  });

  it('quick restart with test mode 2', () => {
    expect(derive({
      yyy: { restart: 'quick', warmup_sec: 5, test_mode_percent: 1 },
      zzz: { restart: 'quick', warmup_sec: 8, test_mode_percent: 2 },
    })).to.deep.equal([
      { name: 'test_mode', kind: 'test_mode', processes: ['yyy', 'zzz'], test_mode_percent: { yyy: 1, zzz: 2 },
        forward_mode: 'manual', forward_time: 8, backward_mode: 'time', backward_time: 8 },
      { name: 'quick_restart', kind: 'restart', processes: ['yyy', 'zzz'],
        forward_mode: 'time', forward_time: 8, backward_mode: 'time', backward_time: 8 },
    ]);
  });

  it('quick restart with test mode 1/2', () => {
    expect(derive({
      yyy: { restart: 'quick', warmup_sec: 5 },
      zzz: { restart: 'quick', warmup_sec: 8, test_mode_percent: 2 },
    })).to.deep.equal([
      { name: 'test_mode', kind: 'test_mode', processes: ['zzz'], test_mode_percent: { zzz: 2 },
        forward_mode: 'manual', forward_time: 8, backward_mode: 'time', backward_time: 8 },
      { name: 'quick_restart', kind: 'restart', processes: ['yyy', 'zzz'],
        forward_mode: 'time', forward_time: 8, backward_mode: 'time', backward_time: 8 },
    ]);
  });

  const SMOOTH_DDD = { name: 'smooth_restart', kind: 'smooth', processes: ['ddd'],
    forward_mode: 'smooth', forward_time: 80, backward_mode: 'smooth', backward_time: 80, substeps: 10 };
  const TEST_DDD = { name: 'test_mode', kind: 'test_mode', processes: ['ddd'], test_mode_percent: { ddd: 2 },
    forward_mode: 'manual', forward_time: 8, backward_mode: 'time', backward_time: 8 };

  it('smooth restart', () => {
    expect(derive({
      yyy: { restart: 'smooth', warmup_sec: 5 },
      zzz: { restart: 'smooth', warmup_sec: 8, test_mode_percent: 2 },
    })).to.deep.equal([
      { name: 'test_mode', kind: 'test_mode', processes: ['zzz'], test_mode_percent: { zzz: 2 },
        forward_mode: 'manual', forward_time: 8, backward_mode: 'time', backward_time: 8 },
      { name: 'smooth_restart', kind: 'smooth', processes: ['yyy', 'zzz'],
        forward_mode: 'smooth', forward_time: 80, backward_mode: 'smooth', backward_time: 80, substeps: 10 },
    ]);
  });

  it('command', () => {
    expect(derive({
      ccc: { mode: 'run-with-ack', before: ['test_mode'] },
      ddd: { restart: 'smooth', warmup_sec: 8, test_mode_percent: 2 },
    })).to.deep.equal([
      { name: 'cmd_ccc', kind: 'run_once', processes: ['ccc'],
        forward_mode: 'ack', forward_time: 0, backward_mode: 'skip', backward_time: 0 },
      TEST_DDD,
      SMOOTH_DDD,
    ]);
  });

  it('command with ignoring downgrade ack', () => {
    expect(derive({
      ccc: { mode: 'run-with-ack', downgrade_mode: 'run-with-ack-ignoring-errors', before: ['test_mode'] },
      ddd: { restart: 'smooth', warmup_sec: 8, test_mode_percent: 2 },
    })).to.deep.equal([
      { name: 'cmd_ccc', kind: 'run_once', processes: ['ccc'],
        forward_mode: 'ack', forward_downgrade_mode: 'ack_ignore_errors',
        forward_time: 0, backward_mode: 'skip', backward_time: 0 },
      TEST_DDD,
      SMOOTH_DDD,
    ]);
  });

  it('invisible test_mode dependency', () => {
    expect(derive({
      ccc: { mode: 'run-with-ack', before: ['test_mode'] },
      ddd: { restart: 'smooth', warmup_sec: 8 },
    })).to.deep.equal([
      { name: 'cmd_ccc', kind: 'run_once', processes: ['ccc'],
        forward_mode: 'ack', forward_time: 0, backward_mode: 'skip', backward_time: 0 },
      SMOOTH_DDD,
    ]);
  });
});

function state(fields) {
  return {
    source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step: 'start', direction: 'forward', start_ts: 1, step_ts: 1, change_ts: 1, auto: false,
    ...fields,
  };
}

describe('pipeline (reference spec): ticks', () => {
  const SIMPLE = [{
    name: 'quick_restart', kind: 'restart', processes: ['x'],
    forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5,
  }];

  it('start', () => {
    expect(tick(state({ pipeline: SIMPLE }), [], 100).state).to.deep.equal(
      state({ pipeline: SIMPLE, step: 'quick_restart', change_ts: 100, step_ts: 100 }));
  });

  it('quick restart', () => {
    const step = state({ pipeline: SIMPLE, step: 'quick_restart' });
    // nothing happens before the stage's time is up
    expect(tick(step, [], 2).state).to.deep.equal(state({ pipeline: SIMPLE, step: 'quick_restart' }));
    expect(tick(step, [], 10000).state).to.deep.equal(
      state({ pipeline: SIMPLE, step: 'done', change_ts: 10000, step_ts: 10000 }));
  });
});

describe('pipeline (reference spec): ack ticks with skip downgrade', () => {
  const SIMPLE = [
    { name: 'cmd_ccc', kind: 'run_once', processes: ['ccc'],
      forward_mode: 'ack', forward_downgrade_mode: 'skip', forward_time: 0, backward_mode: 'skip', backward_time: 0 },
    { name: 'test_mode', kind: 'test_mode', processes: ['ddd'], test_mode_percent: { ddd: 2 },
      forward_mode: 'manual', forward_time: 8, backward_mode: 'time', backward_time: 8 },
    { name: 'smooth_restart', kind: 'smooth', processes: ['ddd'],
      forward_mode: 'smooth', forward_time: 80, backward_mode: 'smooth', backward_time: 80, substeps: 10 },
  ];

  it('start upgrade', () => {
    const nstate = tick(state({ pipeline: SIMPLE }), [], 100).state;
    const atCmd = state({ pipeline: SIMPLE, step: 'cmd_ccc', change_ts: 100, step_ts: 100 });
    expect(nstate).to.deep.equal(atCmd);
    // nothing
    expect(tick(nstate, [], 100000).state).to.deep.equal(atCmd);
    // ack
    expect(tick(nstate, [{ id: '1', action: { button: { step: 'cmd_ccc', update_action: 'ack' } } }], 100000).state)
      .to.deep.equal(state({ pipeline: SIMPLE, step: 'test_mode', change_ts: 100000, step_ts: 100000 }));
    // error
    expect(tick(nstate, [{ id: '1', action: { button: { step: 'cmd_ccc', update_action: 'error' } } }], 100000).state)
      .to.deep.equal(state({
        pipeline: SIMPLE, step: 'cmd_ccc', direction: 'error', pause_ts: 100000, change_ts: 100000, step_ts: 100,
      }));
  });

  it('start downgrade', () => {
    const nstate = tick(state({ pipeline: SIMPLE, downgrade: true }), [], 100).state;
    expect(tick(nstate, [], 100).state).to.deep.equal(state({
      pipeline: SIMPLE, step: 'test_mode', downgrade: true, change_ts: 100, step_ts: 100,
    }));
  });
});

describe('pipeline (reference spec): current', () => {
  const SMOOTH = [
    { name: 'test_mode', kind: 'test_mode', processes: ['zzz'], test_mode_percent: { zzz: 2 },
      forward_mode: 'manual', forward_time: 8, backward_mode: 'time', backward_time: 8 },
    { name: 'smooth_restart', kind: 'smooth', processes: ['yyy', 'zzz'],
      forward_mode: 'smooth', forward_time: 80, backward_mode: 'smooth', backward_time: 80, substeps: 10 },
  ];
  const ACK = [
    { name: 'cmd_db_migration', backward_mode: 'skip', backward_time: 5, forward_mode: 'ack', forward_time: 5,
      kind: 'run_once', processes: ['db_migration'] },
    { name: 'smooth_restart', kind: 'smooth', processes: ['yyy', 'zzz'],
      forward_mode: 'smooth', forward_time: 80, backward_mode: 'smooth', backward_time: 80, substeps: 10 },
  ];
  const ACK2 = [
    { name: 'cmd_one', backward_mode: 'skip', backward_time: 5, forward_mode: 'ack', forward_time: 5,
      kind: 'run_once', processes: ['one'] },
    { name: 'cmd_two', backward_mode: 'skip', backward_time: 5, forward_mode: 'ack', forward_time: 5,
      kind: 'run_once', processes: ['two'] },
    { name: 'quick_restart', kind: 'smooth', processes: ['yyy', 'zzz'],
      forward_mode: 'smooth', forward_time: 80, backward_mode: 'smooth', backward_time: 80, substeps: 10 },
  ];
  const at = (pipeline) => (step, smooth) =>
    state({ pipeline, step, ...(smooth === undefined ? {} : { smooth_step: smooth }) });

  it('quick restart', () => {
    const step = at(SMOOTH);
    expect(P.current(step('test_mode'))).to.deep.equal({ zzz: { v1: 98, v2: 2 }, yyy: { v1: 100 } });
    expect(P.current(step('smooth_restart', 0))).to.deep.equal({ zzz: { v1: 98, v2: 2 }, yyy: { v1: 100, v2: 0 } });
    expect(P.current(step('smooth_restart', 3))).to.deep.equal({ zzz: { v1: 70, v2: 30 }, yyy: { v1: 70, v2: 30 } });
    expect(P.current(step('smooth_restart', 10))).to.deep.equal({ zzz: { v1: 0, v2: 100 }, yyy: { v1: 0, v2: 100 } });
    expect(P.current(step('done'))).to.deep.equal({ zzz: { v2: 100 }, yyy: { v2: 100 } });
    expect(P.current(step('revert_done'))).to.deep.equal({ zzz: { v1: 100 }, yyy: { v1: 100 } });
    expect(P.current(step('start'))).to.deep.equal({ zzz: { v1: 100 }, yyy: { v1: 100 } });
  });

  it('ack', () => {
    const step = at(ACK);
    expect(P.current(step('cmd_db_migration'))).to.deep.equal({
      zzz: { v1: 100 }, yyy: { v1: 100 }, db_migration: { v2: 100 },
    });
    expect(P.current(step('smooth_restart', 0))).to.deep.equal({
      zzz: { v1: 100, v2: 0 }, yyy: { v1: 100, v2: 0 }, db_migration: {},
    });
  });

  it('ack2', () => {
    const step = at(ACK2);
    expect(P.current(step('cmd_one'))).to.deep.equal({ zzz: { v1: 100 }, yyy: { v1: 100 }, one: { v2: 100 }, two: {} });
    expect(P.current(step('cmd_two'))).to.deep.equal({ zzz: { v1: 100 }, yyy: { v1: 100 }, one: {}, two: { v2: 100 } });
    expect(P.current(step('quick_restart', 0))).to.deep.equal({
      zzz: { v1: 100, v2: 0 }, yyy: { v1: 100, v2: 0 }, one: {}, two: {},
    });
  });
});

describe('pipeline (reference spec): spread', () => {
  it('0/100', () => {
    expect(P.spread(['a', 'b', 'c'], 7, [0, 100], 0)).to.deep.equal({ a: [0, 7], b: [0, 7], c: [0, 7] });
  });
  it('100/0', () => {
    expect(P.spread(['a', 'b', 'c'], 7, [100, 0], 0)).to.deep.equal({ a: [7, 0], b: [7, 0], c: [7, 0] });
  });
  it('70/30', () => {
    expect(P.spread(['a', 'b', 'c'], 7, [70, 30], 0)).to.deep.equal({ a: [5, 2], b: [5, 2], c: [4, 3] });
  });
  it('30/70', () => {
    expect(P.spread(['a', 'b', 'c'], 7, [30, 70], 0)).to.deep.equal({ a: [2, 5], b: [2, 5], c: [2, 5] });
  });
  it('70/30 + seed', () => {
    expect(P.spread(['a', 'b', 'c'], 7, [70, 30], 2)).to.deep.equal({ a: [5, 2], b: [4, 3], c: [5, 2] });
  });
  it('0/0 (needed for commands)', () => {
    expect(P.spread(['a', 'b', 'c'], 7, [0, 0], 0)).to.deep.equal({ a: [0, 0], b: [0, 0], c: [0, 0] });
  });
});
