// How long an update takes: as long as its stages' times add up to, within
// one run, whatever the tick; and no step shorter than half its time, even
// when runs come late (an outage).
import { expect } from 'chai';
import fc from 'fast-check';
import { P, quiet, logger, tick } from './helpers.mjs';

const RUNS = { numRuns: Number(process.env.PIPELINE_RUNS) || 150, seed: Number(process.env.PIPELINE_SEED) || undefined };
const T0 = 1500000000000;

// What the clock waits at a stage going forward (ms): skipped stages nothing.
function stageTime(stage, downgrade) {
  const mode = (downgrade && stage.forward_downgrade_mode) || stage.forward_mode;
  return mode === 'skip' ? 0 : stage.forward_time * 1000;
}

// The shortest wait of the clock at any step it does not skip (a smooth
// stage's substep); a step of no time still lasts a run.
function shortestWait(pipeline, downgrade) {
  const waits = pipeline.filter((s) => ((downgrade && s.forward_downgrade_mode) || s.forward_mode) !== 'skip')
    .map((s) => stageTime(s, downgrade) / (s.substeps || 1));
  return waits.length ? Math.min(...waits) : Infinity;
}

// Auto updates (test mode and manual steps go by their time), no commands
// waiting for an ack: everything is the clock's.
const restart = fc.record({
  restart: fc.constantFrom('quick', 'smooth'),
  warmup_sec: fc.integer({ min: 0, max: 40 }),
  smooth_substeps: fc.integer({ min: 1, max: 8 }),
  test_mode_percent: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
  stage: fc.constantFrom('early', 'late', 'smooth_restart'),
}, { requiredKeys: ['restart', 'warmup_sec'] });
const skippedCommand = fc.record({ mode: fc.constant('skip'), duration: fc.integer({ min: 0, max: 30 }) });
const configs = fc.dictionary(fc.constantFrom('api', 'web', 'worker', 'site', 'cron', 'migrate'),
  fc.oneof({ weight: 4, arbitrary: restart }, { weight: 1, arbitrary: skippedCommand }), { minKeys: 1, maxKeys: 4 });

function derived(c) {
  return quiet(() => P.derivePipeline(c, logger())).pipeline;
}

// Runs at `times` until the update is finished; the moments it changed.
function walk(state, times) {
  const changes = [];
  for (const now of times) {
    const before = JSON.stringify([state.step, state.smooth_step]);
    state = quiet(() => P.tick(state, {}, now, logger())).state;
    if (JSON.stringify([state.step, state.smooth_step]) !== before) changes.push({ now, step: state.step, smooth_step: state.smooth_step, stamp: state.change_ts });
    if (state.step === 'done') return { state, changes };
  }
  return { state, changes };
}

describe('pipeline timing', function () {
  this.timeout(30000);

  it('a rollout is done when its stage times add up, within one run (ticks at most half the shortest wait)', () => {
    fc.assert(fc.property(configs, fc.constantFrom(1000, 2000, 3000, 5000, 7000), fc.integer({ min: 0, max: 10000 }), (c, every, offset) => {
      const pipeline = derived(c);
      fc.pre(pipeline !== null && shortestWait(pipeline, false) >= 2 * every);
      const t0 = T0 + offset;
      const total = pipeline.reduce((sum, s) => sum + stageTime(s, false), 0);
      const times = [];
      for (let t = t0; t <= t0 + total + 3 * every; t += every) times.push(t);
      const { state, changes } = walk(P.start('v1', 'v2', pipeline, true, t0), times);
      expect(state.step).to.equal('done');
      const doneAt = changes[changes.length - 1].now;
      // Stamps are whole milliseconds: a step's due time may round down by less than one.
      expect(doneAt - t0, `done after ${doneAt - t0} ms, stages ${total} ms`).to.be.within(total - pipeline.length - 10, total + every - 1);
    }), RUNS);
  });

  it('with 5 s ticks and stage times in 5 s, exactly at the sum', () => {
    const pipeline = derived({
      migrate: { mode: 'skip' },
      worker: { restart: 'quick', warmup_sec: 20 },
      site: { restart: 'smooth', smooth_substeps: 4, warmup_sec: 15 },
    });
    const times = Array.from({ length: 40 }, (_, i) => T0 + i * 5000);
    const { changes } = walk(P.start('v1', 'v2', pipeline, false, T0), times);
    expect(changes.map((c) => [(c.now - T0) / 1000, c.step, c.smooth_step])).to.deep.equal([
      [0, 'quick_restart', undefined], // the skipped migration passed in the same run
      [20, 'smooth_restart', 1],
      [35, 'smooth_restart', 2],
      [50, 'smooth_restart', 3],
      [65, 'smooth_restart', 4],
      [80, 'done', undefined],
    ]);
  });

  it('a step due at a run moves at that run; one millisecond before, it waits', () => {
    const pipeline = derived({ worker: { restart: 'quick', warmup_sec: 10 } });
    const started = quiet(() => P.tick(P.start('v1', 'v2', pipeline, false, T0), {}, T0, logger())).state;
    expect(started.step).to.equal('quick_restart');
    expect(tick(started, {}, T0 + 9999).state.step).to.equal('quick_restart');
    expect(tick(started, {}, T0 + 10000).state.step).to.equal('done');
  });

  it('a late run hands its lateness on, up to half of the next wait', () => {
    const pipeline = derived({ site: { restart: 'smooth', smooth_substeps: 4, warmup_sec: 10 } });
    const entered = tick(P.start('v1', 'v2', pipeline, false, T0), {}, T0).state;
    expect(entered).to.include({ step: 'smooth_restart', smooth_step: 1, change_ts: T0 });
    // 3 s late: the next part counts from when this one was due
    const late = tick(entered, {}, T0 + 13000).state;
    expect(late).to.include({ smooth_step: 2, change_ts: T0 + 10000 });
    // 60 s late (the scheduler was not running): counted from 5 s (half a wait) ago
    const outage = tick(entered, {}, T0 + 70000).state;
    expect(outage).to.include({ smooth_step: 2, change_ts: T0 + 65000 });
    expect(tick(outage, {}, T0 + 74999).state.smooth_step).to.equal(2);
    expect(tick(outage, {}, T0 + 75000).state.smooth_step).to.equal(3);
    // a person's action is not late: the step counts from the run it came in
    const acked = tick({ ...entered, direction: 'pause', pause_ts: T0 }, { 1: { button: { update_action: 'skip' } } }, T0 + 70000).state;
    expect(acked).to.include({ step: 'done', step_ts: T0 + 70000 });
  });

  it('a step resumed (or reverted) after its time moves at once, and the next one gets its whole time', () => {
    const pipeline = derived({ worker: { restart: 'quick', warmup_sec: 10 }, site: { restart: 'smooth', smooth_substeps: 2, warmup_sec: 10 } });
    const started = tick(P.start('v1', 'v2', pipeline, false, T0), {}, T0).state;
    const paused = tick(started, { 1: { button: { update_action: 'pause' } } }, T0 + 5000).state;
    expect(tick(paused, {}, T0 + 60000).state).to.include({ step: 'quick_restart', direction: 'pause' });
    const resumed = tick(paused, { 2: { button: { update_action: 'resume' } } }, T0 + 60000).state;
    expect(resumed).to.include({ step: 'smooth_restart', smooth_step: 1, step_ts: T0 + 60000, change_ts: T0 + 60000 });
    const reverted = tick(paused, { 2: { button: { update_action: 'revert' } } }, T0 + 60000).state;
    expect(reverted).to.include({ step: 'revert_done', step_ts: T0 + 60000 });
  });

  it('after an outage no step lasts less than half its wait', () => {
    fc.assert(fc.property(configs, fc.array(fc.integer({ min: 1000, max: 120000 }), { minLength: 20, maxLength: 80 }), (c, gaps) => {
      const pipeline = derived(c);
      fc.pre(pipeline !== null);
      const times = [T0];
      for (const g of gaps) times.push(times[times.length - 1] + g);
      const { changes } = walk(P.start('v1', 'v2', pipeline, true, T0), times);
      for (let i = 1; i < changes.length; i++) {
        const stage = pipeline.find((s) => s.name === changes[i - 1].step);
        if (!stage) continue;
        const wait = stageTime(stage, false) / (stage.substeps || 1);
        expect(changes[i].now - changes[i - 1].now, `${changes[i - 1].step} ${changes[i - 1].smooth_step ?? ''}`).to.be.at.least(Math.floor(wait / 2));
      }
    }), RUNS);
  });
});
