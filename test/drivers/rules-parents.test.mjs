// What a damaged parent state costs and what the log says of it: each bad
// field is one line naming the parent and the place, repairs are told, and
// a group whose version no parent has is recovered from its update or its
// newest deploy.
import { expect } from 'chai';
import { T, pyCluster, withProd, HOUR, SECOND } from './helpers.mjs';

// The parents merged with a role's logger: the log's lines and the groups.
function merge(parents) {
  const out = T.log.collect(() => T.drivers.api._mergeParents(parents, new T.log.Logger('pyapp')));
  return { lines: out.text.split('\n').filter((l) => l !== ''), groups: out.value.groups };
}

// A valid update state of prod, from v1.5.0 to v1.6.0.
function anUpdate() {
  const c = withProd(pyCluster()).later(HOUR).upload('v1.6.0');
  c.run();
  c.later(SECOND).run([{ action: 'start_update', group: 'prod', to_version: 'v1.6.0' }]);
  return c.group().update;
}

const versionless = (extra) => ({ services: {}, ...extra });

describe('api driver: damaged parent states', () => {
  it('each bad field is one line naming the parent (or unknown-hash / unknown-host) and the place', () => {
    const { lines, groups } = merge([
      { hash: 'h1', origin: 'o1', state: { groups: { prod: { version: 'v1', auto_update: 'x', extra: 5, last_deployed: { v1: 1 }, services: {
        a: { service: 'w', servers: ['x', 5, 'x', ''], number_per_server: 'two', variables: { p: 1, q: {} } },
        b: 5, c: { service: '' }, d: { service: 'w', servers: 'x', number_per_server: 1, variables: 7 },
        e: { service: 'w', servers: ['x', 5, 'x', ''], number_per_server: 2, variables: { p: 1, q: {} } } } }, bad: 5 } } },
      { hash: 'h2', origin: 'o2', state: 7 },
      { hash: 'h3', state: { groups: 5 } },
      5,
      { hash: '', origin: '', state: { groups: { prod: { version: 'v1', services: 5, last_deployed: 3, extra: {}, auto_update: true } } } },
    ]);
    expect(lines).to.deep.equal([
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.bad: Value is not an object, but number',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.auto_update: Value is not a boolean, but string',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.extra: Value is not an object, but number',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.services.a.number_per_server: Value is not a number, but string',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.services.b: Value is not an object, but number',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.services.c.service: Value is not a daemon name, but string',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.services.d.servers: Value is not a list, but string',
      '[pyapp]:ERROR: parent state h1 from o1 is invalid: .groups.prod.services.d.variables: Value is not an object, but number',
      '[pyapp]:ERROR: parent state h1 from o1 repaired: .groups.prod.services.e.servers.1: not a hostname, but number; left out',
      '[pyapp]:ERROR: parent state h1 from o1 repaired: .groups.prod.services.e.servers.2: x is listed twice; counted once',
      '[pyapp]:ERROR: parent state h1 from o1 repaired: .groups.prod.services.e.servers.3: not a hostname, but string; left out',
      '[pyapp]:ERROR: parent state h1 from o1 repaired: .groups.prod.services.e.variables.q: not a string or number; left out',
      '[pyapp]:ERROR: parent state h2 from o2 is invalid: not an object, but number',
      '[pyapp]:ERROR: parent state h3 from unknown-host is invalid: .groups: Value is not an object, but number',
      '[pyapp]:ERROR: parent state unknown-hash from unknown-host is invalid: not an object, but number',
      '[pyapp]:ERROR: parent state unknown-hash from unknown-host is invalid: .groups.prod.services: Value is not an object, but number',
      '[pyapp]:ERROR: parent state unknown-hash from unknown-host is invalid: .groups.prod.last_deployed: Value is not an object, but number',
      '[pyapp]:CHANGE: prod: service a has no valid copy in any parent; kept from h1 from o1 on x with 0 per server',
      '[pyapp]:CHANGE: prod: service d has no valid copy in any parent; kept from h1 from o1 on no servers with 1 per server',
      '[pyapp]:DEBUG: 1 groups found',
    ]);
    expect(groups).to.deep.equal({ prod: { version: 'v1', auto_update: true, last_deployed: { v1: 1 }, extra: {}, services: {
      a: { service: 'w', servers: ['x'], number_per_server: 0, variables: { p: 1 } },
      d: { service: 'w', servers: [], number_per_server: 1 },
      e: { service: 'w', servers: ['x'], number_per_server: 2, variables: { p: 1 } },
    } } });
  });

  it('the first parent with a valid auto_update, update and extra settles each; an absent one settles it too', () => {
    const update = anUpdate();
    const other = { ...update, auto: !update.auto };
    const group = (fields) => ({ version: update.source_ver, services: {}, ...fields });
    const { lines, groups } = merge([
      { state: { groups: { prod: group({ auto_update: true, update, extra: { first: 1 } }), stage: group({}) } } },
      { state: { groups: { prod: group({ auto_update: false, update: other, extra: { second: 2 } }), stage: group({ auto_update: true, update: other, extra: { second: 2 } }) } } },
    ]);
    expect(lines).to.deep.equal(['[pyapp]:DEBUG: 2 groups found']);
    expect(groups.prod.auto_update).to.equal(true);
    expect(groups.prod.update).to.deep.equal(update);
    expect(groups.prod.extra).to.deep.equal({ first: 1 });
    // The first parent says nothing of them: no auto update, no update, no extra.
    expect(groups.stage.auto_update).to.equal(false);
    expect(groups.stage).to.not.have.property('update');
    expect(groups.stage).to.not.have.property('extra');
  });

  it('last_deployed takes the latest time of each version over all parents, whichever parent has it', () => {
    const { groups } = merge([
      { state: { groups: { prod: { version: 'v2', services: {}, last_deployed: { v1: 300, v2: 100 } } } } },
      { state: { groups: { prod: { version: 'v2', services: {}, last_deployed: { v1: 200, v2: 400, v0: 50 } } } } },
    ]);
    expect(groups.prod.last_deployed).to.deep.equal({ v1: 300, v2: 400, v0: 50 });
  });

  it('services and deploy times come out in name order, whatever the order of their keys in a parent', () => {
    const svc = (service) => ({ service, servers: ['h1'], number_per_server: 1 });
    const { groups } = merge([
      { state: { groups: { prod: { version: 'v2', services: { web: svc('w'), api: svc('a') }, last_deployed: { v2: 2, v10: 1 } } } } },
      { state: { groups: { prod: { version: 'v2', services: { zed: svc('z'), cron: svc('c') }, last_deployed: { v3: 3, v0: 4 } } } } },
    ]);
    // The first parent's in order, then what the second adds, in order.
    expect(Object.keys(groups.prod.services)).to.deep.equal(['api', 'web', 'cron', 'zed']);
    expect(Object.keys(groups.prod.last_deployed)).to.deep.equal(['v10', 'v2', 'v0', 'v3']);
  });

  it('a service no parent has valid is salvaged from the first invalid copy, logged in name order; a later parent\'s version beats recovery', () => {
    const broken = (n) => ({ service: 'w', servers: 'x', number_per_server: n });
    const { lines, groups } = merge([
      { hash: 'h1', origin: 'o1', state: { groups: { prod: { version: 'v1', services: { zed: broken(1), mid: broken(1) } }, lost: { services: {}, last_deployed: { v0: 5 } } } } },
      { hash: 'h2', origin: 'o2', state: { groups: { prod: { version: 'v1', services: { api: broken(2), zed: broken(2) } }, lost: { version: 'v2', services: {} } } } },
    ]);
    const kept = lines.filter((l) => l.includes('has no valid copy'));
    expect(kept).to.deep.equal([
      '[pyapp]:CHANGE: prod: service api has no valid copy in any parent; kept from h2 from o2 on no servers with 2 per server',
      '[pyapp]:CHANGE: prod: service mid has no valid copy in any parent; kept from h1 from o1 on no servers with 1 per server',
      '[pyapp]:CHANGE: prod: service zed has no valid copy in any parent; kept from h1 from o1 on no servers with 1 per server',
    ]);
    expect(groups.prod.services.zed.number_per_server).to.equal(1);
    // The second parent has the group's version: nothing is recovered.
    expect(groups.lost.version).to.equal('v2');
    expect(lines.filter((l) => l.includes('recovered'))).to.deep.equal([]);
  });

  it('a lost version is the source of the first parent\'s valid update, before any deploy time', () => {
    const u = anUpdate();
    const { lines, groups } = merge([
      { hash: 'h1', origin: 'o1', state: { groups: { prod: versionless({ update: {}, last_deployed: { 'v1.4.1': 5 } }) } } },
      { hash: 'h2', origin: 'o2', state: { groups: { prod: versionless({ update: u, last_deployed: { 'v1.4.1': 9e12 } }) } } },
      { hash: 'h3', state: { groups: { prod: versionless({ update: { ...u, source_ver: 'v1.4.1' } }) } } },
    ]);
    expect(groups.prod.version).to.equal('v1.5.0');
    expect(lines).to.include('[pyapp]:CHANGE: prod: version recovered as v1.5.0 from h2 from o2');
  });

  it('else the newest deploy of the first parent that has one, the first name on a tie, never ""', () => {
    const { lines, groups } = merge([
      { origin: 'o1', state: { groups: { prod: versionless({ last_deployed: { 'v1.6.0': 7, 'v1.5.0': 7, '': 99, 'v1.4.1': 'x' } }) } } },
      { origin: 'o2', state: { groups: { prod: versionless({ last_deployed: { 'v1.4.1': 8 } }) } } },
    ]);
    expect(groups.prod.version).to.equal('v1.5.0');
    expect(lines).to.include('[pyapp]:CHANGE: prod: version recovered as v1.5.0 from unknown-hash from o1');
  });

  it('invalid updates are passed over when recovering a version', () => {
    const u = anUpdate();
    const { lines, groups } = merge([
      { hash: 'h1', origin: 'o1', state: { groups: { prod: versionless({ update: { bad: 1 }, last_deployed: { 'v1.6.0': 7 } }) } } },
      { hash: 'h2', origin: 'o2', state: { groups: { prod: versionless({ update: { ...u, source_ver: 5 }, last_deployed: { 'v1.5.0': 8 } }) } } },
      { hash: 'h3', origin: 'o3', state: { groups: { prod: versionless({ update: { ...u, source_ver: 'v1.4.1', step: 5 } }) } } },
    ]);
    expect(groups.prod.version).to.equal('v1.6.0');
    expect(groups.prod.update).to.equal(undefined);
    expect(lines).to.include('[pyapp]:CHANGE: prod: version recovered as v1.6.0 from h1 from o1');
  });
});
