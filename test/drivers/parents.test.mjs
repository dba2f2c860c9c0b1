// Parent schedules merged into the role's state: several after a
// split-brain, Lua-era ones, corrupt ones. A bad parent never erases a
// group.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { luaReference } from '../support/lua-reference.mjs';
import { T, gen, run, pyCluster, withProd, placed, webVersion, T0, HOUR, MINUTE, SECOND } from './helpers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

function webInput(parents, extra = {}) {
  return gen.input({
    now: T0,
    runtime: { web: { 'v1.0': webVersion('v1.0', T0 - 48 * HOUR), 'v2.0': webVersion('v2.0', T0 - 30 * HOUR) } },
    parents,
    ...extra,
  });
}

const service = (servers = ['host1'], n = 2) => ({ service: 'web', servers, number_per_server: n });
const group = (fields = {}) => ({ version: 'v1.0', auto_update: false, last_deployed: { 'v1.0': T0 - HOUR }, services: { app: service() }, ...fields });
const parent = (groups, owner = 'host1') => ({ state: { web: { groups } }, owner_hostname: owner });

describe('api driver: parents', () => {
  describe('split-brain', () => {
    it('groups are united; a group in both takes the first parent\'s fields and the latest deploy per version', () => {
      const a = parent({ prod: group({ services: { app: service(['host1'], 6) }, last_deployed: { 'v1.0': T0 - 3 * HOUR, 'v0.9': T0 - 5 * HOUR } }) }, 'host1');
      const b = parent({
        prod: group({ services: { app: service(['host1'], 4), extra: service(['host2'], 1) }, last_deployed: { 'v1.0': T0 - HOUR } }),
        staging: group({ version: 'v2.0', last_deployed: { 'v2.0': T0 - 2 * HOUR } }),
      }, 'host2');
      const r = run(webInput([a, b]));
      const groups = r.schedule.state.web.groups;
      expect(Object.keys(groups).sort()).to.deep.equal(['prod', 'staging']);
      expect(groups.prod.services).to.deep.equal({ app: service(['host1'], 6), extra: service(['host2'], 1) });
      expect(groups.prod.last_deployed).to.deep.equal({ 'v1.0': T0 - HOUR, 'v0.9': T0 - 5 * HOUR });
      expect(groups.staging.version).to.equal('v2.0');
      expect(r.log).to.contain('Leader change [host1, host2] -> host1');
    });

    it('the example cluster: alpha scaled a service while beta created a group', () => {
      const c = withProd(pyCluster()).later(HOUR);
      const base = c.parents;
      c.run([{ action: 'set_number_per_server', group: 'prod', service: 'site', number_per_server: 6 }]);
      const fromAlpha = c.parents[0];
      c.parents = base;
      c.leader = 'beta';
      c.run([{ action: 'create_group', group_name: 'staging', version: 'v1.4.1' }]);
      const fromBeta = c.parents[0];
      c.parents = [fromAlpha, fromBeta];
      c.leader = 'alpha';
      c.later(30 * SECOND).run();
      expect(Object.keys(c.state.groups).sort()).to.deep.equal(['prod', 'staging']);
      expect(c.group().services.site.number_per_server).to.equal(6);
      expect(placed(c.schedule, 'alpha')).to.deep.equal({ 'prod-site': 'v1.5.0 x6' });
    });
  });

  describe('invalid parents', () => {
    it('an invalid parent state names the parent\'s origin, and the valid one is used', () => {
      for (const bad of ['garbage', 7, [1], { groups: 'none' }, { groups: [1, 2] }]) {
        const r = run(webInput([{ state: { web: bad }, owner_hostname: 'host3' }, parent({ prod: group() })]));
        expect(r.log, JSON.stringify(bad)).to.match(/ERROR: parent state unknown-hash from host3 is invalid/);
        expect(r.schedule.state.web.groups.prod).to.deep.equal(group());
      }
    });

    it('one parent valid, one corrupt, in either order: the group keeps its valid state', () => {
      const good = parent({ prod: group() }, 'host1');
      const corrupt = parent({ prod: { version: 17, services: 'x', last_deployed: 5, auto_update: 'yes', update: { step: 1 } } }, 'host2');
      for (const parents of [[good, corrupt], [corrupt, good]]) {
        const r = run(webInput(parents));
        expect(r.schedule.state.web.groups.prod).to.deep.equal(group());
        expect(r.log).to.contain('parent state unknown-hash from host2 is invalid: .groups.prod.');
      }
    });

    it('a corrupt update keeps the group\'s version and services (and what runs)', () => {
      const r = run(webInput([parent({ prod: group({ update: { source_ver: 'v1.0', target_ver: 'v2.0', step: 'nowhere' } }) }, 'host2')]));
      const prod = r.schedule.state.web.groups.prod;
      expect(prod).to.deep.equal(group());
      expect(r.schedule.changes).to.include('web: prod: update state in parent unknown-hash from host2 is invalid; staying at v1.0');
      expect(r.schedule.nodes.host1.roles.web.daemons['prod-app']).to.include({ version: 'v1.0', instances: 2 });
    });

    it('a corrupt update in the first parent: a valid one from the next parent stands in', () => {
      const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      const good = c.parents[0];
      const corrupt = JSON.parse(JSON.stringify(good));
      corrupt.state.pyapp.groups.prod.update.pipeline = 'x';
      c.parents = [corrupt, good];
      c.later(SECOND).run();
      expect(c.group().update).to.deep.equal(good.state.pyapp.groups.prod.update);
    });

    // The rule behind the stand-in: the later parent's update must belong to
    // the group's history, by the parent running the group's version or by
    // the update moving from it.
    describe('the stand-in update must move from the group\'s version', () => {
      const split = (edit) => {
        const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
        c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
        const good = c.parents[0];
        const corrupt = JSON.parse(JSON.stringify(good));
        corrupt.state.pyapp.groups.prod.update.pipeline = 'x';
        const other = JSON.parse(JSON.stringify(good));
        edit(other.state.pyapp.groups.prod);
        c.parents = [corrupt, other];
        c.later(SECOND).run();
        return { c, other: other.state.pyapp.groups.prod };
      };

      it('another version, an update from another version: left out and logged; the group stays', () => {
        const { c } = split((g) => { g.version = 'v1.4.1'; g.update.source_ver = 'v1.4.1'; });
        expect(c.group().version).to.equal('v1.5.0');
        expect(c.group().update).to.equal(undefined);
        expect(c.last.log).to.contain(".groups.prod.update.source_ver: v1.4.1 is not the group's version v1.5.0; update left out");
      });

      it('another version, but an update from the group\'s version: it stands in', () => {
        const { c, other } = split((g) => { g.version = 'v1.4.1'; });
        expect(c.group().version).to.equal('v1.5.0');
        expect(c.group().update).to.deep.equal(other.update);
      });

      it('the group\'s version, with an update from another: it stands in', () => {
        const { c, other } = split((g) => { g.update.source_ver = 'v1.4.1'; });
        expect(c.group().update).to.deep.equal(other.update);
        expect(c.last.log).to.not.contain('update left out');
      });
    });

    it('a broken service in one parent does not hide the good copy in another', () => {
      const r = run(webInput([
        parent({ prod: group({ services: { app: { service: 'web', servers: 'host1', number_per_server: 2 } } }) }, 'host2'),
        parent({ prod: group({ services: { app: service(['host3'], 1) } }) }, 'host3'),
      ]));
      expect(r.schedule.state.web.groups.prod.services).to.deep.equal({ app: service(['host3'], 1) });
    });

    it('a service no parent has a valid copy of is kept (not running) rather than lost', () => {
      const r = run(webInput([parent({ prod: group({ services: { app: { service: 'web', servers: ['host1'], number_per_server: 'lots' } } }) }, 'host2')]));
      expect(r.schedule.state.web.groups.prod.services).to.deep.equal({ app: { service: 'web', servers: ['host1'], number_per_server: 0 } });
      expect(r.schedule.changes.join('\n')).to.contain('service app has no valid copy in any parent; kept from unknown-hash from host2');
      expect(r.schedule.nodes).to.deep.equal({});
    });

    it('number_per_server and servers are repaired: whole, not negative, each server once', () => {
      const r = run(webInput([parent({ prod: group({ services: {
        a: { service: 'web', servers: ['host1', 'host1', 'host2'], number_per_server: 2.7 },
        b: { service: 'web', servers: ['host2', 7, ''], number_per_server: -3 },
        c: { service: 'web', servers: ['host3'], number_per_server: '3', variables: { port: 80, bad: [1], name: 'x' } },
      } }) })]));
      expect(r.schedule.state.web.groups.prod.services).to.deep.equal({
        a: { service: 'web', servers: ['host1', 'host2'], number_per_server: 2 },
        b: { service: 'web', servers: ['host2'], number_per_server: 0 },
        c: { service: 'web', servers: ['host3'], number_per_server: 3, variables: { port: 80, name: 'x' } },
      });
      expect(r.log).to.contain('.groups.prod.services.a.number_per_server: 2.7 is not a whole number from 0 to 10000; using 2');
      const daemons = (h) => r.schedule.nodes[h].roles.web.daemons;
      expect(daemons('host1')['prod-a'].instances).to.equal(2);
      expect(daemons('host2')).to.have.keys('prod-a');
      expect(daemons('host3')['prod-c'].instances).to.equal(3);
    });

    it('a group without a valid version gets it back from its update or its last deploy', () => {
      const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
      c.run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
      const updating = JSON.parse(JSON.stringify(c.parents[0]));
      delete updating.state.pyapp.groups.prod.version;
      c.parents = [updating];
      c.later(SECOND).run();
      expect(c.group().version).to.equal('v1.5.0');
      expect(c.group().update.target_ver).to.equal('v1.6.0');
      expect(c.schedule.changes.join('\n')).to.contain('prod: version recovered as v1.5.0');

      const r = run(webInput([parent({ prod: group({ version: null, last_deployed: { 'v2.0': T0 - HOUR, 'v1.0': T0 - 2 * HOUR } }) })]));
      expect(r.schedule.state.web.groups.prod.version).to.equal('v2.0');
      const lost = run(webInput([parent({ prod: group({ version: [], last_deployed: {} }) })]));
      expect(lost.schedule.state.web.groups).to.deep.equal({});
      expect(lost.schedule.changes).to.include('web: prod: group dropped: no parent says which version it runs');
    });

    for (const name of ['__proto__', 'constructor', 'toString', 'valueOf']) {
      it(`a group, service or version named ${name} in a parent`, () => {
        const raw = `{"state":{"web":{"groups":{"${name}":{"version":"v1.0","last_deployed":{"${name}":${T0 - HOUR},"v1.0":${T0 - HOUR}},`
          + `"services":{"${name}":{"service":"web","servers":["${name}"],"number_per_server":1}}}}}}}`;
        const r = run(webInput([JSON.parse(raw)]));
        const groups = r.schedule.state.web.groups;
        expect(Object.keys(groups)).to.deep.equal([name]);
        expect(Object.keys(groups[name].services)).to.deep.equal([name]);
        expect(Object.keys(groups[name].last_deployed).sort()).to.deep.equal([name, 'v1.0'].sort());
        expect(Object.keys(r.schedule.nodes)).to.deep.equal([name]);
        expect(Object.keys(r.schedule.nodes[name].roles.web.daemons)).to.deep.equal([`${name}-${name}`]);
        expect(r.log).to.not.contain('driver failed');
      });
    }
  });

  describe('Lua-era parents', () => {
    // [] for an empty object, as the Lua toolbox's JSON encoder wrote it.
    const objects = (v) => (Array.isArray(v) && v.length === 0 ? {} : v);

    // The Lua schedule's state carried over: runs our scheduler once, just
    // after the Lua one, on the same runtime (its version_info).
    function carryOver(lua) {
      const runtime = {};
      for (const [ver, info] of Object.entries(lua.roles.pyapp.version_info)) {
        const { group_pipelines, ...meta } = info;
        runtime[ver] = meta;
      }
      const groups = lua.state.pyapp.groups;
      let last = 0;
      for (const g of Object.values(groups)) {
        if (g.update) last = Math.max(last, Number(g.update.change_ts));
        for (const ts of Object.values(objects(g.last_deployed))) last = Math.max(last, Number(ts));
      }
      const input = {
        now: last + SECOND, current_host: 'beta', current_id: 'b2', parents: [lua], actions: {},
        runtime: { pyapp: { ...runtime, project_name: 'pyapp' } }, peers: { b2: { hostname: 'beta' } }, metrics: {},
      };
      const r = run(input);
      expect(r.schedule, r.log).to.be.an('object');
      expect(r.log).to.not.match(/ERROR/);
      const out = r.schedule.state.pyapp.groups;
      expect(Object.keys(out).sort()).to.deep.equal(Object.keys(groups).sort());
      for (const [name, g] of Object.entries(groups)) {
        expect(out[name].version, name).to.equal(g.version);
        expect(out[name].auto_update, name).to.equal(g.auto_update);
        const services = {};
        for (const [s, svc] of Object.entries(objects(g.services))) {
          services[s] = { ...svc };
          if (svc.variables) services[s].variables = objects(svc.variables);
        }
        expect(out[name].services, name).to.deep.equal(services);
        const deployed = {};
        for (const [v, ts] of Object.entries(objects(g.last_deployed))) deployed[v] = Number(ts);
        expect(out[name].last_deployed, name).to.deep.equal(deployed);
        if (g.update) {
          const u = { ...g.update, source_extra: objects(g.update.source_extra), target_extra: objects(g.update.target_extra) };
          for (const k of ['start_ts', 'step_ts', 'change_ts']) u[k] = Number(u[k]);
          expect(out[name].update, name).to.deep.equal(u);
        } else {
          expect(out[name], name).to.not.have.property('update');
        }
      }
      expect(r.schedule.roles.pyapp.versions).to.deep.equal(lua.roles.pyapp.versions);
      expect(r.schedule.roles.pyapp.images).to.deep.equal([...lua.roles.pyapp.images].sort());
      return r;
    }

    const fixture = () => JSON.parse(readFileSync(here + 'fixtures/lua-era-schedule.json', 'utf8'));

    it('a schedule written by the Lua toolbox mid-update carries over unchanged', () => {
      const lua = fixture();
      // What makes it Lua-era:
      expect(lua.nodes).to.deep.equal([]);
      expect(lua.state.pyapp.groups.empty.services).to.deep.equal([]);
      expect(lua.state.pyapp.groups.prod.update.source_extra).to.deep.equal([]);
      const r = carryOver(lua);
      // Written back as proper objects.
      expect(r.schedule.state.pyapp.groups.empty).to.deep.equal({ version: 'v1.4.1', auto_update: false, last_deployed: {}, services: {} });
      // At substep 3 of 4 of the smooth restart: 6 of the 8 site instances on the target.
      const site = (h) => placed(r.schedule, h);
      const all = { ...site('alpha'), ...site('beta') };
      expect(Object.keys(all).sort()).to.deep.equal(['prod-site', 'prod-site-2']);
      let source = 0;
      let target = 0;
      for (const h of ['alpha', 'beta']) {
        const d = r.schedule.nodes[h].roles.pyapp.daemons;
        source += d['prod-site'] ? d['prod-site'].instances : 0;
        target += d['prod-site-2'] ? d['prod-site-2'].instances : 0;
      }
      expect([source, target]).to.deep.equal([2, 6]);
      // The worker passed its restart: the target runs in the second slot,
      // the group's version v1.4.1 (slot 1, as a Lua-era parent has no slot).
      expect(placed(r.schedule, 'gamma')).to.deep.equal({ 'prod-worker-2': 'v1.5.0 x2' });
    });

    it('with its timestamps as strings', () => {
      const lua = fixture();
      const g = lua.state.pyapp.groups.prod;
      for (const k of ['start_ts', 'step_ts', 'change_ts']) g.update[k] = String(g.update[k]);
      for (const v of Object.keys(g.last_deployed)) g.last_deployed[v] = String(g.last_deployed[v]);
      const r = carryOver(lua);
      expect(r.schedule.state.pyapp.groups.prod.update.start_ts).to.be.a('number');
    });

    it('the state of a Lua role with no groups is `[]`', () => {
      const r = run(webInput([{ state: { web: [] }, roles: [], nodes: [], changes: [] }]));
      expect(r.schedule.state.web).to.deep.equal({ groups: {} });
      expect(r.log).to.not.match(/ERROR/);
    });

    const reference = luaReference();
    const title = 'a schedule the Lua reference writes now (lua5.3) carries over the same way';
    (reference.dir ? it : it.skip)(reference.dir ? title : `${title} (skipped: ${reference.skip})`, () => {
      const out = execFileSync('lua5.3', [here + 'fixtures/lua-era.lua'], { env: { ...process.env, VERWALTER_TOOLBOX: reference.dir }, encoding: 'utf8' });
      carryOver(JSON.parse(out));
    });
  });
});
