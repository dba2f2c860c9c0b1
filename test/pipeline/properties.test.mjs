// Property tests: random configs, pipelines and action sequences.
import { expect } from 'chai';
import fc from 'fast-check';
import { P, T, jsonCopy } from './helpers.mjs';

// PIPELINE_RUNS and PIPELINE_SEED allow longer or repeated runs by hand.
const RUNS = { numRuns: Number(process.env.PIPELINE_RUNS) || 150, seed: Number(process.env.PIPELINE_SEED) || undefined };
const SERVICES = ['api', 'celery', 'cron', 'db', 'site', 'web', 'worker'];
const STAGE_NAMES = ['quick_restart', 'smooth_restart', 'test_mode', 'cmd_db', 'cmd_cron', 'early', 'late', 'jobs'];
const MODES = ['run-with-ack', 'run-with-ack-ignoring-errors', 'skip'];
const VERSIONS = ['v1.0', 'v1.1', 'v1.10', 'v2'];

const restartConfig = fc.record({
  restart: fc.constantFrom('quick', 'smooth'),
  warmup_sec: fc.integer({ min: 0, max: 20 }),
  test_mode_percent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  smooth_substeps: fc.integer({ min: 1, max: 12 }),
  stage: fc.constantFrom('early', 'late'),
  before: fc.subarray(STAGE_NAMES, { maxLength: 2 }),
  after: fc.subarray(STAGE_NAMES, { maxLength: 2 }),
}, { requiredKeys: [] });

const commandConfig = fc.record({
  mode: fc.constantFrom(...MODES),
  downgrade_mode: fc.constantFrom(...MODES),
  duration: fc.integer({ min: 0, max: 10 }),
  stage: fc.constantFrom('early', 'late', 'jobs'),
  before: fc.subarray(STAGE_NAMES, { maxLength: 2 }),
  after: fc.subarray(STAGE_NAMES, { maxLength: 2 }),
}, { requiredKeys: ['mode'] });

const anyConfig = fc.oneof(
  { weight: 5, arbitrary: restartConfig },
  { weight: 4, arbitrary: commandConfig },
  { weight: 1, arbitrary: fc.oneof(fc.constant(undefined), fc.anything({ maxDepth: 2 })) },
);
const configs = fc.dictionary(fc.constantFrom(...SERVICES), anyConfig, { maxKeys: 6 });

// Hand-made pipelines reach modes derivation never produces (manual
// reverts, skip and time everywhere, smooth test modes).
const stageArb = fc.record({
  kind: fc.constantFrom('run_once', 'smooth', 'restart', 'test_mode'),
  forward_mode: fc.constantFrom('manual', 'time', 'smooth', 'ack', 'ack_ignore_errors', 'skip'),
  forward_downgrade_mode: fc.option(fc.constantFrom('manual', 'time', 'smooth', 'ack', 'ack_ignore_errors', 'skip'), { nil: undefined }),
  forward_time: fc.integer({ min: 0, max: 30 }),
  backward_mode: fc.constantFrom('manual', 'time', 'smooth', 'skip'),
  backward_time: fc.integer({ min: 0, max: 30 }),
  substeps: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  percent: fc.integer({ min: 0, max: 100 }),
});
const handMade = fc.array(stageArb, { maxLength: 5 }).map((list) => list.map((s, i) => {
  const stage = { name: `s${i}`, kind: s.kind, forward_mode: s.forward_mode, forward_time: s.forward_time,
    backward_mode: s.backward_mode, backward_time: s.backward_time, processes: [`p${i}`] };
  if (s.forward_downgrade_mode) stage.forward_downgrade_mode = s.forward_downgrade_mode;
  const smooth = [s.forward_mode, s.backward_mode, s.forward_downgrade_mode].indexOf('smooth') >= 0;
  if (s.substeps !== undefined || smooth || s.kind === 'smooth') stage.substeps = s.substeps || 3;
  if (s.kind === 'test_mode') stage.test_mode_percent = { [`p${i}`]: s.percent };
  return stage;
}));

const derived = configs.map((c) => quietly(() => P.derivePipeline(c, silent())).pipeline).filter((p) => p !== null);
const pipelines = fc.oneof({ weight: 3, arbitrary: derived }, { weight: 2, arbitrary: handMade });

const actionArb = fc.record({
  update_action: fc.constantFrom('pause', 'resume', 'revert', 'skip', 'proceed', 'ack', 'ack', 'error', 'bogus'),
  aim: fc.constantFrom('current', 'current', 'none', 'other'),
  error_message: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
});
const tickArb = fc.record({
  dt: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 20000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2500000 }) }),
  actions: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(actionArb, { minLength: 1, maxLength: 3 }) }),
  listForm: fc.boolean(),
});
const walkArb = fc.record({
  pipeline: pipelines,
  source: fc.constantFrom(...VERSIONS),
  target: fc.constantFrom(...VERSIONS),
  auto: fc.boolean(),
  ticks: fc.array(tickArb, { maxLength: 40 }),
});

// Logs are collected and dropped: thousands of ticks would flood the output.
function silent() {
  return new T.log.Logger('prop');
}
function quietly(fn) {
  const r = T.log.collect(fn);
  if (r.error !== undefined) throw new Error(r.error);
  return r.value;
}

function position(pipeline, step) {
  if (step === 'start' || step === 'revert_done') return -1;
  if (step === 'done') return pipeline.length;
  return pipeline.findIndex((s) => s.name === step);
}

function buildActions(list, state, now, listForm) {
  const entries = list.map((a, k) => {
    const button = { update_action: a.update_action };
    if (a.aim === 'current') button.step = state.step;
    if (a.aim === 'other') button.step = 'somewhere_else';
    if (a.error_message !== undefined) button.error_message = a.error_message;
    return [String(now + k), { button }];
  });
  return {
    ids: entries.map((e) => e[0]),
    actions: listForm ? entries.map(([id, action]) => ({ id, action })) : Object.fromEntries(entries),
    shuffled: listForm ? entries.slice().reverse().map(([id, action]) => ({ id, action })) : Object.fromEntries(entries.slice().reverse()),
  };
}

function checkCurrent(state) {
  const commands = new Set();
  const restarted = new Set();
  for (const s of state.pipeline) {
    for (const p of s.processes) (s.kind === 'run_once' ? commands : s.kind === 'test_mode' ? new Set() : restarted).add(p);
  }
  const cur = P.current(state);
  expect(cur, 'current').to.be.an('object');
  for (const p of restarted) expect(cur, `current has ${p}`).to.have.property(p);
  for (const [p, versions] of Object.entries(cur)) {
    const values = Object.values(versions);
    for (const v of values) expect(Number.isInteger(v) && v >= 0, `${p}: ${JSON.stringify(versions)}`).to.equal(true);
    const sum = values.reduce((a, b) => a + b, 0);
    if (commands.has(p)) expect([0, 100], `${p}: ${JSON.stringify(versions)}`).to.include(sum);
    else expect(sum, `${p}: ${JSON.stringify(versions)}`).to.equal(100);
  }
}

function checkState(state) {
  const v = P.validateState(state);
  expect(v.errors, 'state validates').to.deep.equal([]);
  const stopped = state.direction === 'pause' || state.direction === 'error';
  expect(state.pause_ts !== undefined, 'pause_ts iff stopped').to.equal(stopped);
  if (state.error_message !== undefined) expect(state.direction).to.equal('error');
  checkCurrent(state);
}

function walk(w) {
  const pipeline = w.pipeline;
  const n = pipeline.length;
  let state = P.start(w.source, w.target, pipeline, w.auto, 1e12);
  let now = 1e12;
  const passedForward = new Set();
  for (const t of w.ticks) {
    now += t.dt;
    const { ids, actions, shuffled } = buildActions(t.actions, state, now, t.listForm);
    const input = jsonCopy(state);
    const result = quietly(() => P.tick(input, actions, now, silent()));
    // same input, same output; key order of the actions does not matter
    expect(quietly(() => P.tick(jsonCopy(state), shuffled, now, silent()))).to.deep.equal(result);
    expect(input, 'input untouched').to.deep.equal(state);
    expect(result.state, 'a valid state never becomes null').to.not.equal(null);
    expect(Object.keys(result.answers).sort()).to.deep.equal(ids.slice().sort());
    checkState(result.state);
    // Every step the update passed through: actions move it one at a time.
    const seq = [state.step];
    // A move goes one stage at a time, except past stages skipped in its
    // direction, which a running update passes in the same run.
    const downgrade = result.state.downgrade === true;
    const skipped = (k, forward) => (forward ? (downgrade && pipeline[k].forward_downgrade_mode) || pipeline[k].forward_mode : pipeline[k].backward_mode) === 'skip';
    // `start` moves to the first stage not skipped before any action.
    if (state.step === 'start') {
      let first = 0;
      while (first < n && skipped(first, true)) first++;
      seq.push(first < n ? pipeline[first].name : 'done');
    }
    for (const id of ids) if (result.answers[id].ok) seq.push(result.answers[id].step);
    seq.push(result.state.step);
    for (let i = 1; i < seq.length; i++) {
      const a = position(pipeline, seq[i - 1]);
      const b = position(pipeline, seq[i]);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      for (let k = lo + 1; k < hi; k++) expect(skipped(k, b > a), `${seq[i - 1]} -> ${seq[i]} passes ${pipeline[k].name}`).to.equal(true);
      if (b > a) for (let k = a; k < b; k++) passedForward.add(k);
    }
    if (result.state.step === 'done') {
      expect(result.state.direction).to.equal('forward');
      for (let i = -1; i < n; i++) expect(passedForward.has(i), `stage ${i} passed forward`).to.equal(true);
    }
    if (result.state.step === 'revert_done') expect(result.state.direction).to.equal('backward');
    state = result.state;
    if (state.step === 'done' || state.step === 'revert_done') {
      expect(quietly(() => P.tick(jsonCopy(state), {}, now + 1, silent())).state).to.deep.equal(state);
      break;
    }
  }
}

describe('pipeline properties', function () {
  this.timeout(30000);

  it('derivation never throws, is independent of key order, and gives a valid pipeline or an error', () => {
    fc.assert(fc.property(configs, (c) => {
      const r = quietly(() => P.derivePipeline(c, silent()));
      const reversed = Object.fromEntries(Object.entries(c).reverse());
      expect(quietly(() => P.derivePipeline(reversed, silent()))).to.deep.equal(r);
      if (r.pipeline === null) {
        expect(r.error).to.be.a('string');
        if (r.cycle) for (const s of r.cycle) expect(r.error).to.include(s);
      } else {
        expect(P.validatePipeline(r.pipeline).errors).to.deep.equal([]);
        expect(P.validateState(P.start('v1', 'v2', r.pipeline, false, 0)).ok).to.equal(true);
      }
    }), RUNS);
  });

  it('tick never throws; its states validate; current splits to 100; done and revert_done only by walking', () => {
    fc.assert(fc.property(walkArb, walk), RUNS);
  });

  it('tick on anything never throws, and what it returns validates', () => {
    const base = P.start('v1', 'v2', [{ name: 'q', kind: 'restart', forward_mode: 'time', forward_time: 5, backward_mode: 'time', backward_time: 5, processes: ['x'] }], false, 0);
    const mutated = fc.record({ key: fc.constantFrom(...Object.keys(base), 'step', 'pipeline', 'extra_key'), value: fc.anything({ maxDepth: 2 }) })
      .map(({ key, value }) => ({ ...jsonCopy(base), step: 'q', [key]: value }));
    fc.assert(fc.property(fc.oneof(fc.anything({ maxDepth: 3 }), mutated), fc.anything({ maxDepth: 2 }), fc.double(), (state, actions, now) => {
      const r = quietly(() => P.tick(state, actions, now, silent()));
      if (r.state !== null) expect(P.validateState(r.state).errors).to.deep.equal([]);
      expect(r.answers).to.be.an('object');
    }), RUNS);
  });

  it('spread hands out exactly the instances, as close to the percentages as whole numbers go', () => {
    const arb = fc.record({
      items: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1 }),
      num: fc.integer({ min: 0, max: 50 }),
      p: fc.integer({ min: 0, max: 100 }),
      seed: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(fc.property(arb, ({ items, num, p, seed }) => {
      const r = P.spread(items, num, [p, 100 - p], seed);
      let first = 0;
      for (const item of items) {
        expect(r[item][0] + r[item][1]).to.equal(num);
        expect(Math.min(...r[item])).to.be.at.least(0);
        first += r[item][0];
      }
      expect(first).to.equal(Math.floor(num * items.length * p / 100));
    }), RUNS);
  });
});
