import { expect } from 'chai';
import path from 'node:path';
import { failureLines } from '../../../harness/simulate/expect.mjs';
import { checkScenario } from '../../../harness/simulate/scenario.mjs';
import { simulate } from '../../../harness/simulate/simulation.mjs';
import { timelineJson } from '../../../harness/simulate/timeline.mjs';
import { fixture, INPUT } from '../helpers.mjs';
import { EXAMPLE, exampleScenario, SCENARIOS, scenarioNames } from './helpers.mjs';

const prod = (fields) => ({ role: 'pyapp', group: 'prod', ...fields });
const start = { role: 'pyapp', group: 'prod', action: 'start_update', to_version: 'v1.6.0' };
const ack = { role: 'pyapp', group: 'prod', action: 'update_action', update_action: 'ack', step: 'cmd_migrate' };

// A scenario beside the examples (its start is theirs): v1.5.0 -> v1.6.0
// started at 0, waiting for the migration's ack.
const ackWait = (fields) =>
  checkScenario({ start: '../recordings/04-start-update', duration_ms: 60000, actions: [{ at_ms: 0, button: start }], ...fields }, path.join(SCENARIOS, 'test.json'));

describe('simulate: what a scenario expects', function () {
  this.timeout(120000);

  it('every example scenario states its outcome, and it holds', async function () {
    for (const name of scenarioNames()) {
      const result = await simulate(EXAMPLE, await exampleScenario(name), { samples: 0 });
      expect(result.expectations.length, name).to.be.at.least(4);
      expect(result.expectations.filter((e) => !e.ok), name).to.deep.equal([]);
      expect(result.refusals, name).to.deep.equal([]);
      expect(failureLines(result), name).to.deep.equal([]);
    }
  });

  it('checks each at the first tick at or after its time, and says what differs', async function () {
    const s = await ackWait({ expect: [prod({ at_ms: 3000, version: 'v1.5.0', step: 'cmd_migrate' }), prod({ at_ms: 60000, version: 'v1.6.0', step: 'test_mode' })] });
    const result = await simulate(EXAMPLE, s, { samples: 0 });
    expect(result.expectations).to.deep.equal([
      { index: 0, at_ms: 3000, tick: 1, role: 'pyapp', group: 'prod', expected: { version: 'v1.5.0', step: 'cmd_migrate' }, actual: { version: 'v1.5.0', step: 'cmd_migrate' }, ok: true, message: null },
      {
        index: 1, at_ms: 60000, tick: 12, role: 'pyapp', group: 'prod',
        expected: { version: 'v1.6.0', step: 'test_mode' }, actual: { version: 'v1.5.0', step: 'cmd_migrate' }, ok: false,
        message: 'pyapp/prod: version v1.5.0, expected v1.6.0; step cmd_migrate, expected step test_mode',
      },
    ]);
    expect(timelineJson(result).expectations).to.deep.equal(result.expectations);
    expect(failureLines(result)).to.deep.equal(['tick 12 (+1m00s): expect[1]: pyapp/prod: version v1.5.0, expected v1.6.0; step cmd_migrate, expected step test_mode']);
  });

  it('step null: no update runs (and a group not in the schedule fails)', async function () {
    const s = await ackWait({
      actions: [{ at_ms: 10000, button: start }],
      expect: [prod({ at_ms: 5000, step: null }), prod({ at_ms: 10000, step: null }), { role: 'pyapp', group: 'nope', at_ms: 10000, step: null }],
    });
    const result = await simulate(EXAMPLE, s, { samples: 0 });
    expect(result.expectations.map((e) => [e.ok, e.actual?.step, e.message])).to.deep.equal([
      [true, null, null],
      [false, 'cmd_migrate', 'pyapp/prod: step cmd_migrate, expected no update running'],
      [false, undefined, 'pyapp/nope: not in the schedule'],
    ]);
  });

  it('a refused press fails unless the action says refused: true; one said refused and accepted fails too', async function () {
    const s = await ackWait({
      actions: [
        { at_ms: 0, button: start },
        { at_ms: 5000, button: start },
        { at_ms: 10000, button: start, refused: true },
        { at_ms: 15000, button: ack, refused: true },
      ],
    });
    const result = await simulate(EXAMPLE, s, { samples: 0 });
    expect(result.refusals.map(({ index, tick, refused, expected: wanted, ok }) => ({ index, tick, refused, wanted, ok }))).to.deep.equal([
      { index: 1, tick: 1, refused: true, wanted: false, ok: false },
      { index: 2, tick: 2, refused: true, wanted: true, ok: true },
      { index: 3, tick: 3, refused: false, wanted: true, ok: false },
    ]);
    expect(result.refusals[1].answer).to.have.property('error');
    expect(timelineJson(result).refusals).to.deep.equal(result.refusals);
    expect(failureLines(result)).to.deep.equal([
      'tick 1 (+0m05s): actions[1]: start_update on pyapp/prod {"to_version":"v1.6.0"}: refused unexpectedly: {"error":"group is still updating"} (mark the action "refused": true if that is intended)',
      'tick 3 (+0m15s): actions[3]: update_action ack on pyapp/prod {"step":"cmd_migrate"}: expected a refusal, got {"ok":true,"action":"ack","step":"test_mode","direction":"forward"}',
    ]);
  });

  it('--until idle checks what comes after the idle tick against it; after a failure nothing is reached', async function () {
    const smooth = await exampleScenario('smooth-rollout');
    const idle = await simulate(EXAMPLE, smooth, { until: 'idle', samples: 0 });
    expect(idle.ended).to.equal('idle');
    const last = idle.expectations[idle.expectations.length - 1];
    expect(last).to.include({ at_ms: 300000, tick: 17, ok: true });
    const s = await checkScenario({ start: INPUT, duration_ms: 60000, expect: [{ at_ms: 60000, role: 'r', group: 'g', step: null }] }, '/s.json');
    const failed = await simulate(fixture('throws-later'), s, { samples: 0 });
    expect(failed.expectations[0]).to.include({ tick: 12, ok: false, message: 'not reached: the scheduler failed at tick 3' });
  });
});
