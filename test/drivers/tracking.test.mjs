// Version and image tracking through the driver (DESIGN section 5): which
// versions `roles[role].versions` keeps and why (`kept_versions`), the
// images they need, downgrades, and the pruned `last_deployed`.
import { expect } from 'chai';
import { Cluster, webVersion, T0, HOUR, MINUTE, SECOND } from './helpers.mjs';

// A project `web` with versions uploaded `ages` ago (ms), at T0.
function project(ages, options) {
  const runtime = {};
  for (const [tag, age] of Object.entries(ages)) runtime[tag] = webVersion(tag, T0 - age);
  return new Cluster({ role: 'web', runtime, options });
}

const OLD = 30 * 24 * HOUR;

function withGroup(c, version, services = true) {
  c.run([{ action: 'create_group', group_name: 'prod', version }]);
  if (services) c.run([{ action: 'add_daemon', group: 'prod', new_name: 'app', service: 'web', servers: ['alpha'], number_per_server: 1 }]);
  return c;
}

describe('api driver: version and image tracking', () => {
  it('the latest version, not deployed: kept as latest, next to what runs', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v2.0': OLD, 'v3.0': OLD }), 'v1.0').later(25 * HOUR);
    c.run();
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v3.0': ['latest'], 'v1.0': ['running'] });
    expect(c.roleOut.versions).to.deep.equal(['v3.0', 'v1.0']);
    expect(c.roleOut.images).to.deep.equal(['web.v1.0', 'web.v3.0']);
  });

  it('the latest version deployed: the one before it is kept too', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v2.0': OLD, 'v3.0': OLD }), 'v1.0');
    c.later(HOUR).run([{ action: 'force_version', group: 'prod', to_version: 'v3.0' }]);
    c.later(25 * HOUR).run();
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v3.0': ['latest', 'running'], 'v2.0': ['before_latest'], 'v1.0': ['previous'] });
    expect(c.roleOut.versions).to.deep.equal(['v3.0', 'v2.0', 'v1.0']);
  });

  it('a group mid-update keeps its source and target, however old', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v2.0': OLD, 'v3.0': OLD }, { auto_revert_ms: 0 }), 'v1.0');
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v2.0' }]);
    c.run([{ action: 'update_action', group: 'prod', update_action: 'pause' }]);
    c.later(25 * HOUR).run();
    expect(c.group().update).to.include({ source_ver: 'v1.0', target_ver: 'v2.0', direction: 'pause' });
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v3.0': ['latest'], 'v2.0': ['updating'], 'v1.0': ['running', 'updating'] });
    expect(c.roleOut.images).to.deep.equal(['web.v1.0', 'web.v2.0', 'web.v3.0']);
  });

  it('uploaded 23h59m ago: kept; 24h01m ago: not', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v1.1': 23 * HOUR + 59 * MINUTE, 'v1.2': 24 * HOUR + MINUTE, 'v9.0': OLD }), 'v1.0');
    c.later(25 * HOUR);
    // Both uploads moved with the clock: re-upload them relative to now.
    c.runtime.web['v1.1'] = webVersion('v1.1', c.now - (23 * HOUR + 59 * MINUTE));
    c.runtime.web['v1.2'] = webVersion('v1.2', c.now - (24 * HOUR + MINUTE));
    c.run();
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v9.0': ['latest'], 'v1.1': ['uploaded'], 'v1.0': ['running'] });
    expect(c.roleOut.images).to.not.include('web.v1.2');
    // Two minutes on, v1.1 is past its day too.
    c.later(2 * MINUTE).run();
    expect(c.roleOut.versions).to.deep.equal(['v9.0', 'v1.0']);
    expect(c.roleOut.images).to.deep.equal(['web.v1.0', 'web.v9.0']);
  });

  it('deployed within a day: kept; after, only the rollback target (previous)', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v2.0': OLD, 'v3.0': OLD, 'v4.0': OLD }), 'v1.0');
    c.later(HOUR).run([{ action: 'force_version', group: 'prod', to_version: 'v2.0' }]);
    c.later(HOUR).run([{ action: 'force_version', group: 'prod', to_version: 'v3.0' }]);
    c.later(HOUR).run();
    expect(c.roleOut.kept_versions).to.deep.equal({
      'v4.0': ['latest'], 'v3.0': ['deployed', 'running'], 'v2.0': ['deployed', 'previous'], 'v1.0': ['deployed'],
    });
    expect(Object.keys(c.group().last_deployed).sort()).to.deep.equal(['v1.0', 'v2.0', 'v3.0']);
    c.later(24 * HOUR).run();
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v4.0': ['latest'], 'v3.0': ['running'], 'v2.0': ['previous'] });
    // last_deployed is pruned to what the rules need: the current version
    // and the rollback target.
    expect(Object.keys(c.group().last_deployed).sort()).to.deep.equal(['v2.0', 'v3.0']);
  });

  it('a downgrade, v1.0.8 after v10.8, is flagged (and ordered right)', () => {
    const c = withGroup(project({ 'v1.0.8': OLD, 'v10.8': OLD }), 'v10.8');
    c.later(HOUR).run([{ action: 'start_update', group: 'prod', to_version: 'v1.0.8' }]);
    expect(c.group().update).to.include({ downgrade: true });
    expect(c.roleOut.downgrades).to.deep.equal([{ group: 'prod', version: 'v1.0.8', newer: 'v10.8', update: true }]);
    c.later(HOUR).run([{ action: 'force_version', group: 'prod', to_version: 'v1.0.8' }]);
    expect(c.roleOut.downgrades).to.deep.equal([{ group: 'prod', version: 'v1.0.8', newer: 'v10.8', update: false }]);
    expect(c.roleOut.versions).to.deep.equal(['v10.8', 'v1.0.8']);
    // Still flagged a day later: v10.8 stays in last_deployed as the rollback target.
    c.later(25 * HOUR).run();
    expect(c.roleOut.downgrades).to.have.length(1);
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v10.8': ['latest', 'previous'], 'v1.0.8': ['running'] });
    // Back up: no more downgrade.
    c.run([{ action: 'force_version', group: 'prod', to_version: 'v10.8' }]);
    expect(c.roleOut.downgrades).to.deep.equal([]);
  });

  it('versions newest first by version ordering; images those of the kept versions, each once', () => {
    const c = project({ 'v2.10': 1 * HOUR, 'v2.9': 2 * HOUR, 'v2.9.1': 3 * HOUR, 'v1.0': OLD });
    c.runtime.web['v2.9'].containers = ['base.1', 'web.v2.9', 'data.7'];
    c.runtime.web['v2.9.1'].commands = { shell: { image: 'tools.3', config: '/c' } };
    c.runtime.web['v2.10'].daemons.web.image = 'shared';
    c.runtime.web['v2.9.1'].daemons.web.image = 'shared';
    c.run();
    expect(c.roleOut.versions).to.deep.equal(['v2.10', 'v2.9.1', 'v2.9']);
    expect(c.roleOut.images).to.deep.equal(['base.1', 'data.7', 'shared', 'tools.3', 'web.v2.9']);
    expect(Object.keys(c.roleOut.version_info)).to.deep.equal(['v2.10', 'v2.9.1', 'v2.9']);
  });

  it('a running version whose metadata is gone is kept, and reported', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v2.0': OLD }), 'v1.0');
    delete c.runtime.web['v1.0'];
    c.later(25 * HOUR).run();
    expect(c.roleOut.versions).to.deep.equal(['v2.0', 'v1.0']);
    expect(c.roleOut.missing_versions).to.deep.equal(['v1.0']);
    expect(c.roleOut.version_info['v1.0']).to.deep.equal({ daemons: {} });
    expect(c.last.log).to.contain('version v1.0 is not in the runtime');
  });

  it('the lifetimes are options', () => {
    const c = withGroup(project({ 'v1.0': OLD, 'v1.1': 2 * HOUR, 'v9.0': OLD }, { uploaded_lifetime_ms: HOUR, deployed_lifetime_ms: 3 * HOUR }), 'v1.0');
    c.run();
    // v1.1, uploaded two hours ago, is past an hour's upload lifetime.
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v9.0': ['latest'], 'v1.0': ['deployed', 'running'] });
    c.later(4 * HOUR).run();
    expect(c.roleOut.kept_versions).to.deep.equal({ 'v9.0': ['latest'], 'v1.0': ['running'] });
  });
});
