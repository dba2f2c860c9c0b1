import { expect } from 'chai';
import { parse } from 'acorn';
import path from 'node:path';
import { seedFor } from '../../../harness/engine/determinism.mjs';
import { sampleTicks } from '../../../harness/simulate/globals.mjs';
import { SIMULATION_SOURCE } from '../../../harness/simulate/kept.mjs';
import { simulate, SimulationError } from '../../../harness/simulate/simulation.mjs';
import { timelineJson, timelineText } from '../../../harness/simulate/timeline.mjs';
import { fixture, INPUT, removeDir, tempDir, writeCase } from '../helpers.mjs';
import { EXAMPLE, exampleScenario, scenario, steps } from './helpers.mjs';

const stepsOf = (result) => steps(result, 'pyapp', 'prod');

describe('simulate: the tick loop', function () {
  this.timeout(120000);

  it("keeps the engine's source ES5 (it runs inside the scheduler's engine)", function () {
    expect(() => parse(SIMULATION_SOURCE, { ecmaVersion: 5, sourceType: 'script' })).not.to.throw();
  });

  // Fresh runs load the scheduler every tick, so these take longer ticks.
  for (const [name, tickMs] of [['migration-ack-wait', 20000], ['split-brain-mid-update', 15000]]) {
    it(`${name}: the kept engine gives byte-identical schedules and answers to fresh runs through JSON`, async function () {
      const s = { ...(await exampleScenario(name)), tick_ms: tickMs };
      const kept = await simulate(EXAMPLE, s, { keepSchedules: true });
      const fresh = await simulate(EXAMPLE, s, { engine: 'fresh', keepSchedules: true });
      expect(kept.schedules).to.have.length(fresh.schedules.length);
      kept.schedules.forEach((schedule, tick) => {
        if (JSON.stringify(schedule) !== JSON.stringify(fresh.schedules[tick])) throw new Error(`tick ${tick}: schedules differ`);
      });
      expect(JSON.stringify(kept.schedule)).to.equal(JSON.stringify(fresh.schedule));
      const { globals: _checks, ...keptOutcome } = timelineJson(kept);
      const { globals: _none, ...freshOutcome } = timelineJson(fresh);
      expect(keptOutcome).to.deep.equal(freshOutcome);
      expect(kept.globals).to.deep.equal([]);
      expect(kept.checked_ticks.length).to.be.greaterThan(2);
    });
  }

  it('gives Math.random the seed a fresh run would (computed inside the engine)', async function () {
    const start = { ...INPUT, now: 1700000000000 };
    const s = scenario(start, { duration_ms: 15000 });
    const kept = await simulate(fixture('good'), s, { keepSchedules: true });
    const fresh = await simulate(fixture('good'), s, { engine: 'fresh', keepSchedules: true });
    expect(kept.schedules.map((x) => x.random)).to.deep.equal(fresh.schedules.map((x) => x.random));
    expect(kept.schedules[0].now).to.equal(start.now);
    expect(kept.schedules[3].now).to.equal(start.now + 15000);
    expect(kept.globals).to.deep.equal([]);
    expect(new Set(kept.schedules.map((x) => x.random[0])).size).to.equal(4);
  });

  it("seeds from the input with sorted keys as the host's seedFor does, __proto__ keys included", async function () {
    const start = JSON.parse('{"now": 1700000000000, "peers": {"__proto__": {"hostname": "odd"}, "b2": {"hostname": "beta"}}, "runtime": {}}');
    const s = scenario(start, { duration_ms: 5000 });
    const kept = await simulate(fixture('good'), s, { keepSchedules: true });
    const fresh = await simulate(fixture('good'), s, { engine: 'fresh', keepSchedules: true });
    expect(kept.schedules.map((x) => x.random)).to.deep.equal(fresh.schedules.map((x) => x.random));
    expect(kept.schedules[0].hosts).to.deep.equal(['beta', 'odd']);
    expect(seedFor(start)).to.not.equal(seedFor({ ...start, peers: { b2: start.peers.b2 } }));
  });

  it('checks ticks 1, 2 and the rest spread up to the last', function () {
    expect(sampleTicks(121, 6)).to.deep.equal([1, 2, 32, 61, 91, 120]);
    expect(sampleTicks(4, 6)).to.deep.equal([1, 2, 3]);
    expect(sampleTicks(1, 6)).to.deep.equal([]);
    expect(sampleTicks(100, 0)).to.deep.equal([]);
  });

  it('reports a scheduler that keeps state in globals', async function () {
    const result = await simulate(fixture('stateful'), scenario({ ...INPUT }, { duration_ms: 60000 }));
    expect(result.globals.length).to.be.greaterThan(0);
    expect(result.globals[0].tick).to.equal(1);
    expect(result.globals[0].message).to.match(/keeps state in globals/);
    expect(result.globals[0].differences[0].path).to.equal('$schedule.runs');
    expect(timelineText(result)).to.match(/WARNING tick 1 \(\+0m05s\): the kept engine's result differs/);
  });

  it('stops at a scheduler that throws, naming the tick and time', async function () {
    const result = await simulate(fixture('throws-later'), scenario({ ...INPUT }, { duration_ms: 60000 }));
    expect(result.ended).to.equal('error');
    expect(result.failure).to.be.instanceOf(SimulationError);
    expect(result.failure.tick).to.equal(3);
    expect(result.failure.message).to.equal('tick 3 (+0m15s): SchedulerError: main.js:5:35: Error: third run: out of ideas');
    expect(result.ticks).to.equal(4);
    expect(timelineText(result)).to.include('stopped at tick 3 (+0m15s): SchedulerError');
    expect(result.schedule).to.equal(null);
  });

  for (const name of ['schedule-array', 'returns-string', 'cyclic-result', 'bad-log', 'throws']) {
    it(`${name}: a bad result or a throw stops the kept engine with the error a fresh run gives`, async function () {
      const { peers: _none, ...start } = INPUT;
      const s = scenario(name === 'throws' ? start : { ...INPUT }, { duration_ms: 5000 });
      const kept = await simulate(fixture(name), s);
      const fresh = await simulate(fixture(name), s, { engine: 'fresh' });
      expect(kept.failure, 'kept').to.be.instanceOf(SimulationError);
      expect(kept.failure.message).to.match(/^tick 0 \(\+0m00s\): /);
      expect(kept.failure.message).to.equal(fresh.failure.message);
      expect(kept.failure.cause.name).to.equal(fresh.failure.cause.name);
    });
  }

  describe('a result that refers to itself on a tick that is not checked', function () {
    let dir;
    before(async function () {
      dir = await tempDir();
      // From +15 s (tick 3) on, the schedule contains itself; `walk` reads
      // the parent whole, as a scheduler copying it would. Ticks 1, 2, 5, 7,
      // 10 and 12 of a minute are checked in a fresh engine, tick 3 is not.
      const main = (walk) => `exports.scheduler = function (input) {
  ${walk ? 'JSON.stringify(input.parents);' : ''}
  var answers = {};
  for (var id in input.actions) answers[id] = { ok: true };
  var schedule = { now: input.now };
  if (input.now >= ${INPUT.now + 15000}) schedule.self = schedule;
  return { schedule: schedule, log: 'ran\\n', actions: answers };
};
`;
      await writeCase(path.join(dir, 'walks'), { 'main.js': main(true) });
      await writeCase(path.join(dir, 'ignores'), { 'main.js': main(false) });
    });
    after(async function () {
      await removeDir(dir);
    });
    const cycle = 'InvalidResultError: invalid return value: the result cannot be serialized as JSON: circular reference';

    it('is the InvalidResultError a fresh run gives, at the tick that returned it, when the next run trips over it', async function () {
      const s = scenario({ ...INPUT }, { duration_ms: 60000 });
      const kept = await simulate(path.join(dir, 'walks'), s);
      const fresh = await simulate(path.join(dir, 'walks'), s, { engine: 'fresh' });
      expect(fresh.failure.message).to.equal(`tick 3 (+0m15s): ${cycle}`);
      expect(kept.failure.message).to.equal(fresh.failure.message);
      expect(kept.failure.cause.name).to.equal('InvalidResultError');
      expect(kept.failure.log).to.equal(fresh.failure.log);
      expect([kept.ticks, kept.end_ms]).to.deep.equal([fresh.ticks, fresh.end_ms]);
    });

    it('is an InvalidResultError when a checked tick finds it, not an error inside the harness', async function () {
      const result = await simulate(path.join(dir, 'ignores'), scenario({ ...INPUT }, { duration_ms: 60000 }));
      // Tick 5 is checked: its input holds tick 4's result.
      expect(result.failure.message).to.equal(`tick 4 (+0m20s): ${cycle}`);
      expect(result.failure.cause.name).to.equal('InvalidResultError');
      expect(result.ticks).to.equal(5);
    });

    it('is an InvalidResultError when the simulation ends on it', async function () {
      const s = scenario({ ...INPUT }, { duration_ms: 60000, actions: [{ at_ms: 15000, button: { action: 'x' } }] });
      const result = await simulate(path.join(dir, 'ignores'), s, { until: 'idle' });
      expect(result.ended).to.equal('error');
      expect(result.failure.message).to.equal(`tick 3 (+0m15s): ${cycle}`);
      expect(result.schedule).to.equal(null);
    });
  });

  it("uploads a project named __proto__ as the project's own key, in the kept engine and in fresh runs", async function () {
    const dir = await tempDir();
    try {
      // Says which projects the runtime has and whether an empty object
      // inherits a version.
      await writeCase(dir, {
        'main.js': `exports.scheduler = function (input) {
  return { schedule: { roles: Object.keys(input.runtime), inherited: ({}).v2 !== undefined }, log: '' };
};
`,
      });
      const s = scenario({ ...INPUT, runtime: { pyapp: {} } }, {
        duration_ms: 10000,
        uploads: [{ at_ms: 5000, role: '__proto__', version: 'v2', metadata: { image: 'x' } }],
      });
      const kept = await simulate(dir, s, { keepSchedules: true });
      const fresh = await simulate(dir, s, { engine: 'fresh', keepSchedules: true });
      expect(Object.prototype).not.to.have.property('v2');
      const expected = [['pyapp'], ['pyapp', '__proto__'], ['pyapp', '__proto__']].map((roles) => ({ roles, inherited: false }));
      expect(fresh.schedules).to.deep.equal(expected);
      expect(kept.schedules).to.deep.equal(expected);
    } finally {
      delete Object.prototype.v2;
      await removeDir(dir);
    }
  });

  it('a full smooth rollout is done when its stage times add up, and waits for nothing', async function () {
    const result = await simulate(EXAMPLE, await exampleScenario('smooth-rollout'));
    const s = stepsOf(result);
    const press = result.actions.find((a) => a.button.action === 'start_update');
    const started = press.answered_ms;
    const done = s.find((x) => x.version === 'v1.7.0').at;
    const { stages } = result.history['pyapp\u0000prod'].find((h) => h.digest.update).digest.update;
    expect(stages.map((x) => [x.name, x.forward_mode, x.forward_time])).to.deep.equal([
      ['cmd_migrate', 'skip', 0], ['quick_restart', 'time', 20], ['smooth_restart', 'smooth', 60],
    ]);
    // The migration's stage is skipped in the run that starts the update.
    expect(s.find((x) => x.at === started)).to.include({ step: 'quick_restart' });
    const sum = stages.reduce((a, x) => a + x.forward_time * 1000, 0);
    // 5 s ticks fall on every step's end: done exactly when the times add up.
    expect(done - started).to.equal(sum);
    expect(result.errors).to.deep.equal([]);
  });

  it('with ticks that do not fall on the steps, still done within one tick of the stage times', async function () {
    for (const tickMs of [3000, 7000]) {
      const result = await simulate(EXAMPLE, { ...(await exampleScenario('smooth-rollout')), tick_ms: tickMs });
      const started = result.actions.find((a) => a.button.action === 'start_update').answered_ms;
      const done = stepsOf(result).find((x) => x.version === 'v1.7.0').at;
      expect(done - started, `${tickMs} ms ticks`).to.be.within(80000, 80000 + tickMs - 1);
    }
  });

  it('an ack-waiting step waits until the ack arrives', async function () {
    const result = await simulate(EXAMPLE, await exampleScenario('migration-ack-wait'));
    const s = stepsOf(result);
    const left = s.find((x) => x.step !== 'cmd_migrate' && x.at > 0);
    expect(left.at).to.equal(180000);
    expect(left.step).to.equal('test_mode');
    const ack = result.actions.find((a) => a.button.update_action === 'ack');
    expect(ack.answered_ms).to.equal(180000);
    expect(ack.answer).to.include({ ok: true, step: 'test_mode' });
  });

  it('pause + revert walks back and ends at the source version (revert_done)', async function () {
    const result = await simulate(EXAMPLE, await exampleScenario('revert'), { keepSchedules: true });
    const s = stepsOf(result);
    expect(s.some((x) => x.direction === 'pause')).to.equal(true);
    expect(s.some((x) => x.direction === 'backward')).to.equal(true);
    const last = s[s.length - 1];
    expect(last).to.include({ version: 'v1.5.0', step: null });
    expect(result.schedules.flatMap((x) => x.changes)).to.include('pyapp: prod: revert done');
  });

  it('an error ack reverts by itself after 30 minutes', async function () {
    const result = await simulate(EXAMPLE, { ...(await exampleScenario('error-auto-revert')), tick_ms: 30000 });
    const s = stepsOf(result);
    const failed = s.find((x) => x.direction === 'error');
    expect(failed.at).to.equal(60000);
    const ended = s.find((x) => x.at > 60000 && x.step === null);
    expect(ended.version).to.equal('v1.5.0');
    expect(ended.at - failed.at).to.be.within(30 * 60000, 30 * 60000 + 2 * result.tick_ms);
  });

  it('--until idle stops once no update runs and nothing is pending', async function () {
    const s = await exampleScenario('smooth-rollout');
    const result = await simulate(EXAMPLE, s, { until: 'idle' });
    expect(result.ended).to.equal('idle');
    expect(result.end_ms).to.equal(stepsOf(result).find((x) => x.version === 'v1.7.0').at);
    expect(result.ticks).to.be.lessThan(s.duration_ms / s.tick_ms);
  });

  it('the same scenario gives the same result', async function () {
    const s = await exampleScenario('split-brain-mid-update');
    const a = await simulate(EXAMPLE, s);
    const b = await simulate(EXAMPLE, s);
    expect(timelineText(a)).to.equal(timelineText(b));
    expect(JSON.stringify(a.schedule)).to.equal(JSON.stringify(b.schedule));
  });

  it('peers lost and back change the input', async function () {
    const start = { ...INPUT, peers: { a1: { hostname: 'alpha' }, b2: { hostname: 'beta' } } };
    const s = scenario(start, { duration_ms: 10000, peers: [{ at_ms: 0, lost: 'beta' }, { at_ms: 10000, back: 'beta' }] });
    const result = await simulate(fixture('good'), s, { keepSchedules: true });
    expect(result.schedules.map((x) => x.hosts)).to.deep.equal([['alpha'], ['alpha'], ['alpha', 'beta']]);
    expect(result.timeline.filter((e) => e.kind === 'peer').map((e) => e.what)).to.deep.equal(['lost', 'back']);
  });
});
