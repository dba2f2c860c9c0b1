// Names that are Object.prototype's own (`__proto__`, `constructor`,
// `hasOwnProperty`, `toString`) as roles, groups, services, daemons and
// versions, through a whole update: Node, ES5-only QuickJS and Duktape give
// the same schedules, answers and logs, key order and all, and nothing
// named so is lost.
import { expect } from 'chai';
import { T, run, T0, HOUR, MINUTE } from './helpers.mjs';
import * as engines from '../support/engines.mjs';

const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];
const HOSTS = ['h1', '__proto__'];

// Keys set with defineProperty: a literal `__proto__` key would be a
// prototype, not a key.
function obj(entries) {
  const out = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function version(tag, uploaded) {
  const daemon = (name, i) => [name, {
    image: `${name}.${tag}`, config: `/config/${name}.yaml`,
    update: i % 2 === 0 ? { restart: 'smooth', smooth_substeps: 2, warmup_sec: 5, test_mode_percent: 30 } : { restart: 'quick', warmup_sec: 5 },
  }];
  return { timestamp: uploaded / 1000, daemons: obj(NAMES.map(daemon)) };
}

function project() {
  return obj([
    ['v1.0', version('v1.0', T0 - 48 * HOUR)],
    ['v2.0', version('v2.0', T0 - 30 * HOUR)],
    // project-level keys that are not versions
    ['__proto__', { not: 'a version' }],
    ['toString', 'x'],
  ]);
}

function buttons(make) {
  const out = {};
  let id = 0;
  for (const role of NAMES) for (const group of NAMES) out[String(T0 + id++)] = { button: { role, ...make(group) } };
  return out;
}

// Each run's schedule is the next run's parent; the last parent also has a
// group whose version is an odd name, and an odd last_deployed key.
function history() {
  const steps = [
    buttons((group) => ({ action: 'create_group', group_name: group, version: 'v1.0' })),
    (() => {
      const out = {};
      let id = 0;
      for (const role of NAMES) for (const group of NAMES) for (const service of NAMES) {
        out[String(T0 + id++)] = { button: { role, action: 'add_daemon', group, new_name: service, service, servers: HOSTS, number_per_server: 3 } };
      }
      return out;
    })(),
    buttons((group) => ({ action: 'start_update', group, to_version: 'v2.0' })),
    {},
    buttons((group) => ({ action: 'update_action', group, update_action: 'proceed' })),
    {}, {}, {}, {}, {},
  ];
  const inputs = [];
  let parents = [];
  let now = T0;
  for (const actions of steps) {
    now += MINUTE;
    const input = JSON.parse(JSON.stringify({
      now, current_host: 'h1', current_id: 'a', parents, actions,
      runtime: obj(NAMES.map((n) => [n, project()])), peers: {}, metrics: {},
    }));
    inputs.push(input);
    const r = run(JSON.parse(JSON.stringify(input)));
    if (!r.schedule) throw new Error(r.log);
    parents = [JSON.parse(JSON.stringify(r.schedule))];
  }
  const odd = JSON.parse(JSON.stringify(parents[0]));
  for (const role of NAMES) {
    Object.defineProperty(odd.state[role].groups, 'x', { value: { version: 'constructor', auto_update: false, last_deployed: obj([['__proto__', now], ['constructor', now]]), services: {} }, enumerable: true });
  }
  inputs.push(JSON.parse(JSON.stringify({ ...inputs[0], now: now + MINUTE, actions: {}, parents: [odd] })));
  return inputs;
}

describe('api driver: Object.prototype names in Node, ES5 QuickJS and Duktape', function () {
  this.timeout(180000);
  // The history and Node's runs are made in each test, not when the file
  // loads: mutation testing (npm run mutate) switches the bundle's mutants
  // between tests.
  let node;
  let expression;
  beforeEach(() => {
    const inputs = history();
    node = inputs.map((i) => run(JSON.parse(JSON.stringify(i))));
    // JSON text in a string literal: JSON.parse keeps `__proto__` keys.
    expression = `(function () {
      var T = VerwalterToolbox;
      var inputs = JSON.parse(${JSON.stringify(JSON.stringify(inputs))});
      var out = [];
      var scheduler = T.log.wrapScheduler(function (input) { return T.drivers.api.schedule(input); });
      for (var i = 0; i < inputs.length; i++) out.push(scheduler(inputs[i]));
      return JSON.stringify(out);
    })()`;
  });

  it('in Node, every name survives: groups, services, the test mode share, the update to its end', () => {
    for (const r of node.slice(0, -1)) expect(r.log).to.not.match(/driver failed|ERROR/);
    expect(node[node.length - 1].log).to.not.contain("driver failed");
    const last = node[node.length - 2].schedule;
    for (const role of NAMES) {
      const groups = last.state[role].groups;
      expect(Object.keys(groups).sort()).to.deep.equal([...NAMES].sort());
      for (const g of NAMES) {
        expect(Object.keys(groups[g].services).sort()).to.deep.equal([...NAMES].sort());
        expect(groups[g].version).to.equal('v2.0');
      }
      const daemons = Object.values(last.nodes.__proto__.roles[role].daemons);
      expect(daemons.filter((d) => d.group === '__proto__' && d.service === '__proto__' && d.version === 'v2.0')).to.have.length(1);
    }
    // The test mode share of a service named __proto__ (stages' percents).
    const testMode = node[4].schedule.state.__proto__.groups.toString.update.pipeline.find((s) => s.name === 'test_mode');
    expect(Object.keys(testMode.test_mode_percent).sort()).to.deep.equal(['__proto__', 'hasOwnProperty']);
    // The odd version and last_deployed key of the last parent are kept.
    const end = node[node.length - 1].schedule;
    for (const role of NAMES) {
      expect(end.state[role].groups.x.version).to.equal('constructor');
      expect(end.roles[role].versions).to.include('constructor');
    }
  });

  it('ES5-only QuickJS gives what Node gives, key order and all', async () => {
    expect(await engines.inQuickJS(expression)).to.equal(JSON.stringify(node));
  });

  it('Duktape gives what Node gives, key order and all', function () {
    engines.needDuk(this);
    expect(engines.inDuk(expression)).to.equal(JSON.stringify(node));
  });
});
