// The run around the actions: the order buttons apply in, what a failed
// role answers, the clock it runs on, and the pipelines offered per version.
import { expect } from 'chai';
import { T, pyCluster, withProd, T0, HOUR, SECOND } from './helpers.mjs';

// A parents list whose first parent can't be read: reading it throws `e`.
function throwing(e) {
  const parents = [];
  Object.defineProperty(parents, 0, { get() { throw e; }, enumerable: true });
  return parents;
}

const DELETE = { 5: { button: { role: 'web', action: 'delete_group', group: 'g' } } };

function failedAnswer(e) {
  const failed = T.log.collect(() => T.drivers.api.prepare({ role: T.gen.role('web'), runtime: {}, input: { now: T0 }, parents: throwing(e), hooks: {}, actions: DELETE }));
  expect(failed.error).to.equal(e);
  return failed.answers[5].error;
}

describe('api driver: the run around the actions', () => {
  it('buttons apply in the order of their millisecond ids as numbers, not as text', () => {
    const b = (group_name) => ({ button: { role: 'r', action: 'create_group', group_name, version: 'v' } });
    const checked = T.drivers.api._checkActions({ 1000: b('later'), 999: b('first'), 10000: b('last') });
    expect(checked.valid.map((a) => [a.id, a.timestamp, a.button.group_name])).to.deep.equal([['999', 999, 'first'], ['1000', 1000, 'later'], ['10000', 10000, 'last']]);
  });

  it('an action may carry fields beside its button; a variable must be a string or a number', () => {
    const checked = T.drivers.api._checkActions({
      5: { button: { role: 'r', action: 'add_daemon', group: 'g', new_name: 'n', service: 's', servers: [], number_per_server: 1, variables: { a: 1, b: 'x' } }, seen_by: 'ui' },
      6: { button: { role: 'r', action: 'add_daemon', group: 'g', new_name: 'n', service: 's', servers: [], number_per_server: 1, variables: { c: true } } },
    });
    expect(checked.valid.map((a) => a.id)).to.deep.equal(['5']);
    expect(checked.valid[0].button.variables).to.deep.equal({ a: 1, b: 'x' });
    expect(checked.invalid).to.deep.equal([{ id: '6', errors: [
      '.button<choice add_daemon>.variables.c.<alternative 1>: Value is not a string, but boolean',
      '.button<choice add_daemon>.variables.c.<alternative 2>: Value is not a number, but boolean',
    ] }]);
  });

  it('a failed role answers its actions with the first line of what failed', () => {
    expect(failedAnswer('plain')).to.equal('role web failed, nothing was changed: plain');
    expect(failedAnswer('first\nsecond')).to.equal('role web failed, nothing was changed: first');
    expect(failedAnswer('\nafter')).to.equal('role web failed, nothing was changed: ');
  });

  it('a role failing with no role object is named "?", and with no actions nothing is answered', () => {
    const noRole = T.log.collect(() => T.drivers.api.prepare({ input: { now: T0 }, parents: [], hooks: {}, actions: DELETE }));
    expect(String(noRole.error)).to.match(/^TypeError: /);
    expect(noRole.answers).to.deep.equal({ 5: { error: 'role ? failed, nothing was changed: ' + String(noRole.error).split('\n')[0] } });
    const noActions = T.log.collect(() => T.drivers.api.prepare({ input: { now: T0 }, parents: [], hooks: {}, actions: 5 }));
    expect(String(noActions.error)).to.match(/^TypeError: /);
    expect(noActions.answers).to.deep.equal({});
    const nothing = T.log.collect(() => T.drivers.api.prepare(null));
    expect(String(nothing.error)).to.match(/null \(reading 'role'\)/);
    expect(nothing.answers).to.deep.equal({});
  });

  it('with no `now` in the input the run is at time 0', () => {
    const c = pyCluster();
    const input = { ...c.input({ 5: { button: { role: 'pyapp', action: 'create_group', group_name: 'n', version: 'v1.5.0' } } }) };
    delete input.now;
    const r = T.log.wrapScheduler((i) => T.drivers.api.schedule(i))(JSON.parse(JSON.stringify(input)));
    expect(r.schedule.state.pyapp.groups.n.last_deployed).to.deep.equal({ 'v1.5.0': 0 });
  });

  it('_mergeParents given no list merges nothing and logs nothing', () => {
    const out = T.log.collect(() => T.drivers.api._mergeParents('junk', new T.log.Logger('pyapp')));
    expect(out.value).to.deep.equal({ groups: {} });
    expect(out.text.split('\n').filter((l) => l.includes('ERROR'))).to.deep.equal([]);
  });

  it('a group at the newest version is offered the pipeline back to an older one; each version info is the metadata plus the pipelines', () => {
    const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
    c.run();
    const r = c.later(SECOND).run([{ action: 'force_version', group: 'prod', to_version: 'v1.6.0' }]);
    const info = r.schedule.roles.pyapp.version_info;
    expect(Object.keys(info)).to.deep.equal(['v1.6.0', 'v1.5.0']);
    expect(Object.keys(info['v1.5.0'])).to.deep.equal(['timestamp', 'daemons', 'commands', 'group_pipelines']);
    expect(Object.keys(info['v1.5.0'].group_pipelines)).to.deep.equal(['prod']);
    expect(info['v1.5.0'].group_pipelines.prod).to.be.an('array').that.is.not.empty;
    expect(info['v1.6.0'].group_pipelines).to.deep.equal({});
  });
});
