// test/scheduler.test.mjs: run with `npx mocha test/` from the project root.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadScheduler, InputError } from 'verwalter-toolbox/harness/index.mjs';

const recorded = () => JSON.parse(readFileSync('sched/cases/add-services/input.json', 'utf8'));

describe('my scheduler', function () {
  this.timeout(20000); // loading QuickJS and the bundle takes a few seconds
  let scheduler;
  before(async function () {
    scheduler = await loadScheduler('sched/scheduler/v1');
  });
  after(function () {
    if (scheduler) scheduler.dispose();
  });

  it('places the services the recorded buttons add', async function () {
    const { schedule, actions } = await scheduler.run(recorded());
    expect(Object.keys(schedule.nodes).sort()).to.deep.equal(['alpha', 'beta', 'gamma']);
    expect(schedule.nodes.alpha.roles.pyapp.daemons['prod-site'].instances).to.equal(4);
    for (const answer of Object.values(actions)) expect(answer).to.include({ ok: true });
  });

  it('refuses a button for a version that was never uploaded', async function () {
    const input = recorded();
    input.actions = { [input.now - 1]: { button: { role: 'pyapp', action: 'create_group', group_name: 'canary', version: 'v9.9' } } };
    const { schedule, actions } = await scheduler.run(input);
    expect(actions[input.now - 1]).to.deep.equal({ error: 'no such version v9.9' });
    expect(schedule.state.pyapp.groups).to.not.have.property('canary');
  });

  it('rejects an input verwalter would never send', async function () {
    const error = await scheduler.run({ now: 'soon' }).catch((e) => e);
    expect(error).to.be.instanceOf(InputError);
  });
});
