// The role's output as verwalter's web UI reads it, and as a node renders
// it through the example templates.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { T, gen, run, pyCluster, withProd, pyVersion, imageOf, T0, HOUR, MINUTE, SECOND } from './helpers.mjs';

const TEMPLATES = fileURLToPath(new URL('../../harness/scaffold/files/templates/example/v1/', import.meta.url));

describe('api driver: role output for the web UI', () => {
  it('frontend, versions, version_info with group_pipelines, images', () => {
    const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
    c.run();
    const out = c.roleOut;
    expect(out.frontend).to.deep.equal({ kind: 'api' });
    expect(out.versions).to.deep.equal(['v1.6.0', 'v1.5.0']);
    expect(Object.keys(out.version_info)).to.deep.equal(out.versions);
    const { group_pipelines, ...meta } = out.version_info['v1.6.0'];
    expect(meta).to.deep.equal(c.runtime.pyapp['v1.6.0']);
    expect(Object.keys(group_pipelines)).to.deep.equal(['prod']);
    expect(group_pipelines.prod.map((s) => s.name)).to.deep.equal(['cmd_migrate', 'test_mode', 'quick_restart', 'smooth_restart']);
    expect(out.images).to.deep.equal([imageOf('v1.5.0'), imageOf('v1.6.0')]);
    expect(out.kept_versions).to.be.an('object');
    expect(out.downgrades).to.deep.equal([]);
  });

  it('group_pipelines only where a group has a pipeline to that version', () => {
    const c = withProd(pyCluster());
    c.run([{ action: 'create_group', group_name: 'small', version: 'v1.5.0' }]);
    c.run([{ action: 'add_daemon', group: 'small', new_name: 'site', service: 'site', servers: ['alpha'], number_per_server: 1 }]);
    // In v1.7.0 the worker and the migration claim one stage as different
    // kinds: no pipeline for prod, which runs both; small only runs the site.
    c.upload('v1.7.0', (tag, at) => {
      const v = pyVersion(tag, at);
      v.daemons.worker.update.stage = 'both';
      v.daemons.migrate.update.stage = 'both';
      return v;
    });
    c.runtime.pyapp['v1.8.0'] = { timestamp: c.now / 1000, daemons: 'broken' };
    c.later(SECOND).run();
    const info = c.roleOut.version_info;
    expect(Object.keys(info['v1.7.0'].group_pipelines)).to.deep.equal(['small']);
    expect(info['v1.8.0'].group_pipelines).to.deep.equal({});
    expect(Object.keys(info['v1.5.0'].group_pipelines).sort()).to.deep.equal(['prod', 'small']);
    // A start_update to where there is no pipeline is refused with why.
    const r = c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.7.0' }]);
    expect(Object.values(r.actions)[0].error).to.match(/can't compute update pipeline: stage "both"/);
  });

  it('one schedule for several projects, each with its own state, role and nodes', () => {
    const input = gen.input({
      now: T0,
      runtime: { a: gen.versions('v1.0', { daemons: { d: { image: 'a', config: '/c' } } }), b: gen.versions('v2.0') },
      actions: [
        gen.button({ role: 'a', action: 'create_group', group_name: 'g', version: 'v1.0' }),
        gen.button({ role: 'b', action: 'create_group', group_name: 'g', version: 'v2.0' }),
      ],
    });
    const r = run(input);
    expect(Object.keys(r.schedule.state).sort()).to.deep.equal(['a', 'b']);
    expect(Object.keys(r.schedule.roles).sort()).to.deep.equal(['a', 'b']);
    expect(r.schedule.roles.a.versions).to.deep.equal(['v1.0']);
    expect(r.schedule.roles.b.versions).to.deep.equal(['v2.0']);
    expect(Object.keys(r.actions)).to.have.length(2);
    expect(r.schedule.owner_hostname).to.equal('host1');
    expect(r.schedule.changes).to.deep.equal(['no-role: Leader change [] -> host1', 'a: new group g at v1.0', 'b: new group g at v2.0']);
  });

  it('the schedule is plain JSON and survives a round trip as a parent unchanged', () => {
    const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    const first = c.last.schedule;
    expect(JSON.parse(JSON.stringify(first))).to.deep.equal(first);
    c.run();
    const { changes: _a, ...one } = first;
    const { changes: _b, ...two } = c.last.schedule;
    expect(two).to.deep.equal(one);
  });
});

describe('api driver: the public API', () => {
  const input = () => gen.input({
    now: T0,
    runtime: { web: gen.versions('v1.0', 'v2.0', { daemons: { web: { image: 'web', config: '/c' } } }) },
    parents: [{ state: { web: { groups: { g: { version: 'v1.0', services: { s: { service: 'web', servers: ['host1'], number_per_server: 1 } } } } } } }],
    actions: [gen.button({ role: 'web', action: 'start_update', group: 'g', to_version: 'v2.0' }), gen.button({ role: 'nope' })],
  });

  it('role.fromState with driver(options), then mergeOutput, is what schedule(input, options) gives', () => {
    const options = { template: 't/v1' };
    const viaSchedule = T.log.collect(() => T.drivers.api.schedule(input(), options));
    const viaRoles = T.log.collect(() => {
      const roles = T.role.fromState(input(), T.drivers.api.driver(options));
      T.role.answerUnrouted(input(), roles);
      return T.role.mergeOutput(roles);
    });
    expect(viaRoles.value).to.deep.equal(viaSchedule.value);
    expect(viaRoles.answers).to.deep.equal(viaSchedule.answers);
    expect(viaSchedule.answers).to.deep.equal({
      1465479290007: { ok: true, from: 'v1.0', to: 'v2.0' },
      1465479290014: { error: 'unknown role' },
    });
    expect(viaSchedule.value.nodes.host1.roles.web.template).to.equal('t/v1');
  });

  it('schedule, _checkActions and _mergeParents never throw, whatever they are given', () => {
    const bad = () => [undefined, null, 0, 'x', [], {}, [null, 'x', { state: 5 }, { state: { groups: { g: null } }, origin: {} }],
      { toString: 1 }, JSON.parse('{"__proto__": {"a": 1}}'), { 1: null, soon: { button: { role: 'x' } } },
      { runtime: { web: 'x', v1: null }, parents: [null, { state: [] }], actions: { soon: { button: { role: 5 } } }, now: 'later' }];
    for (const a of bad()) {
      for (const b of bad()) {
        const r = T.log.wrapScheduler((i) => T.drivers.api.schedule(i, b))(a);
        if (a && typeof a === 'object' && !Array.isArray(a)) expect(r.schedule, r.log).to.be.an('object');
        const checked = T.log.collect(() => JSON.stringify(T.drivers.api._checkActions(a)));
        expect(checked.error, checked.error).to.equal(undefined);
        const merged = T.log.collect(() => T.drivers.api._mergeParents(a, T.gen.logger()));
        expect(merged.error, merged.error).to.equal(undefined);
        expect(merged.value.groups).to.be.an('object');
      }
    }
  });

  it('prepare fills a role; when it fails, every action of the role is answered and the error goes on', () => {
    const role = T.gen.role('web');
    const ok = T.log.collect(() => T.drivers.api.prepare({
      role, runtime: {}, input: { now: T0 }, parents: [], hooks: {},
      actions: { 5: { button: { role: 'web', action: 'delete_group', group: 'g' } } },
    }));
    expect(ok.error).to.equal(undefined);
    expect(role.state).to.deep.equal({ groups: {} });
    expect(ok.answers).to.deep.equal({ 5: { error: 'group g does not exist' } });
    // A parent that can't even be read (a getter that throws) fails the role.
    const parents = [];
    Object.defineProperty(parents, 0, { get() { throw new TypeError('unreadable parent'); }, enumerable: true });
    const failed = T.log.collect(() => T.drivers.api.prepare({
      role: T.gen.role('web'), runtime: {}, input: { now: T0 }, parents, hooks: {},
      actions: { 5: { button: { role: 'web', action: 'delete_group', group: 'g' } }, 6: 'junk' },
    }));
    expect(failed.error).to.match(/TypeError/);
    expect(Object.keys(failed.answers)).to.deep.equal(['5', '6']);
    expect(failed.answers[5]).to.deep.equal({ error: 'role web failed, nothing was changed: TypeError: unreadable parent' });
  });
});

// What verwalter hands a node's templates for a role (render_roles in
// verwalter's src/daemon/query/compat.rs): the node's role vars merged with
// roles[role] (the node's win; objects merged key by key), plus `role`.
function nodeVars(schedule, host, role) {
  const mine = schedule.nodes[host].roles[role];
  const vars = { ...mine };
  for (const [k, v] of Object.entries(schedule.roles[role])) {
    if (!(k in vars)) vars[k] = v;
    else if (vars[k] && v && typeof vars[k] === 'object' && typeof v === 'object' && !Array.isArray(vars[k]) && !Array.isArray(v)) vars[k] = { ...v, ...vars[k] };
  }
  return { ...vars, role, node: host, verwalter_version: 'test' };
}

function render(file, vars) {
  const env = new nunjucks.Environment(null, { autoescape: false });
  return env.renderString(readFileSync(TEMPLATES + file, 'utf8'), vars);
}

describe('api driver: the example templates rendered for a node', () => {
  function midUpdate() {
    const c = withProd(pyCluster({ template: 'example/v1' })).later(HOUR).upload('v1.6.0');
    c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
    c.later(MINUTE).run([{ action: 'update_action', group: 'prod', update_action: 'ack', step: 'cmd_migrate' }]);
    return c;
  }

  it('used-versions.txt and used-images.txt: one bare name per line', () => {
    const c = midUpdate();
    for (const host of ['alpha', 'beta', 'gamma']) {
      const vars = nodeVars(c.schedule, host, 'pyapp');
      expect(vars.template).to.equal('example/v1');
      expect(render('used-versions.txt.tera', vars)).to.equal('v1.6.0\nv1.5.0\n');
      expect(render('used-images.txt.tera', vars)).to.equal(`${imageOf('v1.5.0')}\n${imageOf('v1.6.0')}\n`);
    }
  });

  it('lithos.yaml: a Daemon per process with its instances, a Command per command', () => {
    const c = midUpdate();
    expect(c.group().update.step).to.equal('test_mode');
    const parse = (text) => {
      const procs = {};
      let cur = null;
      for (const line of text.split('\n')) {
        const top = /^([\w.-]+):$/.exec(line);
        const field = /^ {2}(\w+): (.*)$/.exec(line);
        if (top) procs[cur = top[1]] = {};
        else if (field && cur) procs[cur][field[1]] = field[2];
      }
      return procs;
    };
    const site = { ...parse(render('lithos.yaml.tera', nodeVars(c.schedule, 'alpha', 'pyapp'))), ...parse(render('lithos.yaml.tera', nodeVars(c.schedule, 'beta', 'pyapp'))) };
    expect(Object.keys(site).sort()).to.deep.equal(['prod-site', 'prod-site-2']);
    expect(site['prod-site-2']).to.deep.equal({ kind: 'Daemon', image: imageOf('v1.6.0'), config: '/config/site.yaml', instances: '1' });
    const gammaText = render('lithos.yaml.tera', nodeVars(c.schedule, 'gamma', 'pyapp'));
    expect(gammaText).to.match(/^# Generated by verwalter test for pyapp$/m);
    expect(parse(gammaText)).to.deep.equal({
      'prod-worker': { kind: 'Daemon', image: imageOf('v1.5.0'), config: '/config/worker.yaml', instances: '2' },
      'cmd.prod-migrate': { kind: 'Command', image: imageOf('v1.5.0'), config: '/config/migrate.yaml' },
    });
  });
});
