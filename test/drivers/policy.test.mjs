// The team's own rules over the api driver (issue 20): policy.action may
// refuse a button with the team's answer, policy.autoUpdate hold back an
// automatic update. A hook that fails is one logged error, never a failed
// run, and it refuses (or holds back) rather than lets through.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScheduler } from '../../harness/index.mjs';
import { run, withProd, pyCluster, MINUTE } from './helpers.mjs';

const root = new URL('../..', import.meta.url).pathname;
const recording = (name) => JSON.parse(readFileSync(`${root}test/example/recordings/${name}/input.json`, 'utf8'));

// The README's recipe: prod stays at one version, whatever is pressed or uploaded.
const pin = (group, version) => ({
  action(button, context) {
    if (context.group !== group) return undefined;
    const to = button.to_version || button.version;
    if (['start_update', 'force_version'].includes(button.action) && to !== version) return `${group} is pinned to ${version}`;
    return undefined;
  },
  autoUpdate: (context) => context.group !== group,
});

describe('api driver: policy hooks', () => {
  it('recording 17 with prod pinned: no automatic update starts, and the log says why', () => {
    const input = recording('17-auto-update');
    const plain = run(input, { template: 'example/v1' });
    expect(plain.schedule.state.pyapp.groups.prod.update, 'the recording starts one').to.be.an('object');
    const pinned = run(input, { template: 'example/v1', policy: pin('prod', 'v1.6.0') });
    expect(pinned.schedule.state.pyapp.groups.prod).to.not.have.property('update');
    expect(pinned.schedule.state.pyapp.groups.prod.version).to.equal(input.parents[0].state.pyapp.groups.prod.version);
    expect(pinned.log).to.match(/\[pyapp\]:DEBUG: prod: automatic update to v\S+ held back by policy\.autoUpdate/);
  });

  it('refuses a button with the policy\'s own answer and changes nothing; other buttons go through', () => {
    const c = withProd(pyCluster({ policy: pin('prod', 'v1.5.0') })).later(MINUTE);
    const before = c.group();
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.4.1' }, { action: 'set_number_per_server', group: 'prod', service: 'worker', number_per_server: 3 }]);
    const [first, second] = Object.keys(c.last.actions).sort();
    expect(c.last.actions[first]).to.deep.equal({ error: 'prod is pinned to v1.5.0' });
    expect(c.last.actions[second].ok).to.equal(true);
    expect(c.group().update).to.equal(undefined);
    expect(c.group().version).to.equal(before.version);
    expect(c.last.log).to.include(`[pyapp]:ERROR: action ${first} refused by policy: prod is pinned to v1.5.0`);
  });

  it('hands the hook the role, the group, a copy of its state, the versions and now', () => {
    const seen = [];
    const c = withProd(pyCluster({ policy: { action: (button, context) => { seen.push({ button, context }); if (context.state) context.state.version = 'changed'; } } })).later(MINUTE);
    c.run([{ action: 'set_number_per_server', group: 'prod', service: 'worker', number_per_server: 3 }]);
    const { button, context } = seen.at(-1);
    expect(button).to.include({ action: 'set_number_per_server', group: 'prod' });
    expect(context).to.include({ role: 'pyapp', group: 'prod', now: c.now });
    expect(context.versions).to.deep.equal(['v1.5.0', 'v1.4.1']);
    expect(c.group().version).to.equal('v1.5.0');
  });

  it('a hook that throws or answers nonsense is one logged error: the button is refused, the update held back', () => {
    const boom = () => { throw new Error('boom'); };
    const c = withProd(pyCluster({ policy: { action: boom } })).later(MINUTE);
    c.run([{ action: 'set_number_per_server', group: 'prod', service: 'worker', number_per_server: 3 }]);
    expect(Object.values(c.last.actions)[0]).to.deep.equal({ error: "refused: the scheduler's policy failed: Error: boom" });
    expect(c.last.log).to.include('[pyapp]:ERROR: policy.action failed: Error: boom; the button is refused');
    const d = withProd(pyCluster({ policy: { action: () => 42 } })).later(MINUTE);
    d.run([{ action: 'set_number_per_server', group: 'prod', service: 'worker', number_per_server: 3 }]);
    expect(Object.values(d.last.actions)[0]).to.deep.equal({ error: "refused: the scheduler's policy gave no answer" });
    const input = recording('17-auto-update');
    for (const autoUpdate of [boom, () => 'yes']) {
      const r = run(input, { template: 'example/v1', policy: { autoUpdate } });
      expect(r.schedule.state.pyapp.groups.prod).to.not.have.property('update');
      expect(r.log).to.match(/\[pyapp\]:ERROR: prod: policy\.autoUpdate (failed: Error: boom|returned a string, not a boolean); the automatic update to \S+ is held back/);
    }
  });

  it('a policy that is not an object of hook functions is an options error, and the default applies', () => {
    const input = recording('17-auto-update');
    const r = run(input, { template: 'example/v1', policy: { autoUpdte: () => false, action: 'no' } });
    expect(r.log).to.include('options.policy.autoUpdte: unknown hook (did you mean autoUpdate?)');
    expect(r.log).to.include('options.policy.action: Value is not a function');
    expect(r.schedule.state.pyapp.groups.prod.update).to.be.an('object');
  });

  it('works in the ES5 engine: a main.js with a pin, in QuickJS', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vwt-policy-'));
    try {
      copyFileSync(`${root}dist/verwalter-toolbox.js`, path.join(dir, 'verwalter-toolbox.js'));
      writeFileSync(path.join(dir, 'main.js'), [
        "var toolbox = require('./verwalter-toolbox');",
        'exports.scheduler = toolbox.log.wrapScheduler(function (input) {',
        "  return toolbox.drivers.api.schedule(input, { template: 'example/v1', policy: {",
        "    autoUpdate: function (context) { return context.group !== 'prod'; }",
        '  } });',
        '});',
        '',
      ].join('\n'));
      const scheduler = await loadScheduler(dir);
      const { schedule } = await scheduler.run(recording('17-auto-update'));
      scheduler.dispose();
      expect(schedule.state.pyapp.groups.prod).to.not.have.property('update');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
