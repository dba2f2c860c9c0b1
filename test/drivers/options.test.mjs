// The api driver's options are the scheduler's own input: read once per run,
// an unknown key (with a suggestion) or a bad value is one logged error and
// that option keeps its default; nothing bad reaches a node or the tracking.
import { expect } from 'chai';
import { inDuk, inQuickJS, needDuk } from '../support/engines.mjs';
import { T, pyCluster, withProd } from './helpers.mjs';

const optionErrors = (log) => log.split('\n').filter((line) => line.includes('api driver:'));

describe('api driver options', () => {
  it('are checked once per run: unknown keys with a did-you-mean, bad values, one error line, defaults used', () => {
    const c = withProd(pyCluster({ template: 5, auto_revert_ms: -1, autoRevertMs: 5, deployed_lifetime_ms: 'a day', tempalte: 'x/v1' }));
    const r = c.later(60000).run();
    const errors = optionErrors(r.log);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.equal(
      '[no-role]:ERROR: api driver: options.template: Value is not a string, but number; ' +
        'options.auto_revert_ms: Value must be a number >= 0, but is -1; ' +
        'options.autoRevertMs: unknown option (did you mean auto_revert_ms?); ' +
        'options.deployed_lifetime_ms: Value is not a number, but string; ' +
        'options.tempalte: unknown option (did you mean template?); ' +
        'those options keep their defaults',
    );
    // No 5 written into every node, no per-role tracking complaint.
    for (const node of Object.values(c.schedule.nodes)) expect(node.roles.pyapp).not.to.have.property('template');
    expect(r.log).not.to.include('tracking:');
  });

  it('log nothing when good, and are applied', () => {
    const c = withProd(pyCluster({ template: 'example/v1', auto_revert_ms: 0, deployed_lifetime_ms: 1000, hooks: { update_done() {} } }));
    const r = c.later(60000).run();
    expect(optionErrors(r.log)).to.deep.equal([]);
    expect(c.schedule.nodes.alpha.roles.pyapp.template).to.equal('example/v1');
  });

  it('check hooks by name and kind', () => {
    const r = withProd(pyCluster({ hooks: { update_don() {}, revert_done: 'no' } })).later(60000).run();
    expect(optionErrors(r.log)[0]).to.include('options.hooks.update_don: unknown hook (did you mean update_done?)')
      .and.include('options.hooks.revert_done: Value is not a function');
  });

  it('take anything, never throwing', () => {
    for (const options of [null, undefined, 5, 'x', [], { __proto__: null }, JSON.parse('{"__proto__": {"template": 1}}')]) {
      const r = T.log.wrapScheduler((i) => T.drivers.api.schedule(i, options))({ now: 1, runtime: {}, parents: [], actions: {} });
      expect(r.schedule, r.log).to.be.an('object');
    }
  });

  it('suggest the name meant, or none', () => {
    const { closest } = T.validate;
    expect(closest('autoRevertMs', ['auto_revert_ms', 'template'])).to.equal('auto_revert_ms');
    expect(closest('tmplate', ['auto_revert_ms', 'template'])).to.equal('template');
    expect(closest('colour', ['auto_revert_ms', 'template'])).to.equal(null);
  });

  it('are checked alike in QuickJS and duk', async function () {
    const script = 'JSON.stringify(VerwalterToolbox.log.wrapScheduler(function (i) { return VerwalterToolbox.drivers.api.schedule(i, ' +
      '{ autoRevertMs: 5, template: 5 }); })({ now: 1, runtime: {}, parents: [], actions: {} }).log)';
    const expected = '[no-role]:ERROR: api driver: options.autoRevertMs: unknown option (did you mean auto_revert_ms?); ' +
      'options.template: Value is not a string, but number; those options keep their defaults';
    expect(optionErrors(JSON.parse(await inQuickJS(script)))).to.deep.equal([expected]);
    needDuk(this);
    expect(optionErrors(JSON.parse(inDuk(script)))).to.deep.equal([expected]);
  });
});
