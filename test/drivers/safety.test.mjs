// Safety over random cluster histories: many runs, random (often
// malformed) actions, time moving on, uploads, schedules fed back as parents
// (sometimes two after a split-brain, sometimes as the Lua toolbox wrote
// them). Whatever happens, nothing in use is ever cleaned up, no action
// throws or goes unanswered, and no group is lost but by a delete_group.
import { expect } from 'chai';
import fc from 'fast-check';
import { T, run, pyVersion, T0, HOUR, MINUTE, SECOND, PEERS } from './helpers.mjs';

const ROLE = 'pyapp';
const GROUPS = ['prod', 'stage', '__proto__', 'constructor', ''];
const SERVICES = ['site', 'worker', 'migrate', 'nope'];
const TAGS = ['v1.4.1', 'v1.5.0', 'v1.6.0', 'v1.0.8', 'v10.8', 'v2.0', 'v9.9'];
const SERVERS = ['alpha', 'beta', 'gamma', '', 'alpha'];
const NUMBERS = [-1, 0, 1, 2, 3, 2.5, '2', null, 1e9];
const UPDATE_ACTIONS = ['pause', 'resume', 'revert', 'skip', 'proceed', 'ack', 'error', 'bogus'];
const STEPS = ['cmd_migrate', 'test_mode', 'quick_restart', 'smooth_restart', null, 'done', undefined];

const pick = (list) => fc.constantFrom(...list);
// Mostly the group that exists, so that histories get somewhere.
const groupName = fc.oneof({ weight: 3, arbitrary: fc.constant('prod') }, { weight: 2, arbitrary: pick(GROUPS) });
const button = (action, fields) => fc.record({ action: fc.constant(action), ...fields });

const validish = fc.oneof(
  button('create_group', { group_name: groupName, version: pick(TAGS) }),
  button('delete_group', { group: groupName }),
  button('add_daemon', {
    group: groupName, new_name: pick(SERVICES), service: pick(SERVICES),
    servers: fc.subarray(SERVERS), number_per_server: pick(NUMBERS),
  }),
  button('delete_daemon', { group: groupName, name: pick(SERVICES) }),
  button('set_servers', { group: groupName, service: pick(SERVICES), servers: fc.subarray(SERVERS) }),
  button('set_number_per_server', { group: groupName, service: pick(SERVICES), number_per_server: pick(NUMBERS) }),
  button('enable_auto_update', { group: groupName }),
  button('disable_auto_update', { group: groupName }),
  button('force_version', { group: groupName, to_version: pick(TAGS) }),
  { weight: 3, arbitrary: button('start_update', { group: groupName, to_version: pick(TAGS) }) },
  { weight: 5, arbitrary: button('update_action', {
    group: groupName, update_action: pick(UPDATE_ACTIONS), step: pick(STEPS),
    error_message: fc.option(fc.string(), { nil: undefined }),
  }) },
).map((b) => ({ button: { role: ROLE, ...JSON.parse(JSON.stringify(b)) } }));

const action = fc.oneof(
  { weight: 6, arbitrary: validish },
  // Buttons with a field broken or added, other roles, and any JSON at all.
  { weight: 1, arbitrary: fc.tuple(validish, fc.string(), fc.jsonValue()).map(([a, k, v]) => ({ button: { ...a.button, [k]: v } })) },
  { weight: 1, arbitrary: validish.map((a) => ({ button: { ...a.button, role: 'elsewhere' } })) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

const step = fc.record({
  dt: fc.oneof(fc.integer({ min: 0, max: 2 * MINUTE }), fc.integer({ min: 0, max: 3 * HOUR }), fc.constant(25 * HOUR)),
  actions: fc.array(action, { maxLength: 5 }),
  upload: fc.option(pick(TAGS.slice(2)), { nil: null }),
  parents: fc.constantFrom('one', 'one', 'one', 'two', 'lua'),
  badId: fc.boolean(),
});

// Lua's JSON encoder wrote every empty object as [].
function luaify(v) {
  if (Array.isArray(v)) return v.map(luaify);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return [];
    const out = {};
    for (const k of keys) Object.defineProperty(out, k, { value: luaify(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

function versionsRun(g) {
  const out = [g.version];
  if (g.update && !Array.isArray(g.update)) out.push(g.update.source_ver, g.update.target_ver);
  return out;
}

function checkRun(input, r, before) {
  expect(r.schedule, r.log).to.be.an('object');
  expect(r.log).to.not.contain('driver failed');
  // Every action is answered.
  expect(Object.keys(r.actions).sort()).to.deep.equal(Object.keys(input.actions).sort());
  for (const a of Object.values(r.actions)) expect(a.ok === true || typeof a.error === 'string', JSON.stringify(a)).to.equal(true);

  const out = r.schedule.roles[ROLE];
  const groups = (r.schedule.state[ROLE] || { groups: {} }).groups;
  const runtime = input.runtime[ROLE];
  // Nothing in use is missing from the kept versions and images.
  for (const [name, g] of Object.entries(groups)) {
    for (const v of versionsRun(g)) {
      expect(out.versions, `${name} uses ${v}`).to.include(v);
      if (Object.prototype.hasOwnProperty.call(runtime, v)) {
        for (const image of T.tracking.versionImages(runtime[v]).images) expect(out.images, `${v} needs ${image}`).to.include(image);
      }
    }
  }
  for (const node of Object.values(r.schedule.nodes)) {
    for (const d of Object.values(node.roles[ROLE].daemons)) {
      expect(out.versions).to.include(d.version);
      expect(out.images).to.include(d.image);
    }
  }

  // Groups: those of the parents, plus the created, minus the deleted.
  const ok = {};
  const ids = Object.keys(input.actions).sort((a, b) => Number(a) - Number(b));
  const expected = new Set(Object.keys(before));
  for (const id of ids) {
    const a = input.actions[id];
    if (!r.actions[id] || r.actions[id].ok !== true) continue;
    const b = a.button;
    const g = b.action === 'create_group' ? b.group_name : b.group;
    ok[g] = true;
    if (b.action === 'create_group') expected.add(g);
    if (b.action === 'delete_group') expected.delete(g);
  }
  expect(Object.keys(groups).sort()).to.deep.equal([...expected].sort());
  // A group no action changed keeps its services, and its version unless an
  // update (started before, or by auto update) moved it.
  for (const [name, g] of Object.entries(before)) {
    if (ok[name] || !Object.prototype.hasOwnProperty.call(groups, name)) continue;
    // The slot moves only when an update ends done (the target's slot).
    const moved = g.update && !groups[name].update && groups[name].version === g.update.target_ver;
    const noSlots = (services) => Object.fromEntries(Object.entries(services).map(([k, { slot, ...rest }]) => [k, moved ? rest : { slot, ...rest }]));
    expect(noSlots(groups[name].services), name).to.deep.equal(noSlots(g.services));
    if (!g.update && !g.auto_update) expect(groups[name].version, name).to.equal(g.version);
  }
}

// How much of the ground the histories covered, so a generator that drifts
// into doing nothing shows.
const seen = { runs: 0, groups: 0, updates: 0, ok: 0, refused: 0, done: 0 };
function tally(r) {
  seen.runs += 1;
  const groups = r.schedule.state[ROLE] ? Object.values(r.schedule.state[ROLE].groups) : [];
  seen.groups += groups.length;
  seen.updates += groups.filter((g) => g.update).length;
  for (const a of Object.values(r.actions)) if (a.ok) seen.ok += 1; else seen.refused += 1;
  seen.done += (r.schedule.changes || []).filter((c) => / done$|reverted; staying at/.test(c)).length;
}

describe('api driver: safety over random cluster histories', () => {
  after(() => {
    // Histories must reach groups, updates and both kinds of answers.
    expect(seen.groups).to.be.above(seen.runs / 2);
    expect(seen.updates).to.be.above(20);
    expect(seen.done).to.be.above(3);
    expect(seen.ok).to.be.above(50);
    expect(seen.refused).to.be.above(50);
  });

  it('property: nothing in use is cleaned up, nothing throws, no group is lost but by delete_group', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 15 }), (steps) => {
      const runtime = { 'v1.4.1': pyVersion('v1.4.1', T0 - 72 * HOUR), 'v1.5.0': pyVersion('v1.5.0', T0 - 30 * HOUR), project_name: 'pyapp' };
      let now = T0;
      // Every history starts from prod with three services (DESIGN's example).
      const setup = run({
        now, current_host: 'alpha', current_id: 'a1', parents: [], runtime: { [ROLE]: runtime }, peers: PEERS, metrics: {},
        actions: {
          [now - 4]: { button: { role: ROLE, action: 'create_group', group_name: 'prod', version: 'v1.5.0' } },
          [now - 3]: { button: { role: ROLE, action: 'add_daemon', group: 'prod', new_name: 'site', service: 'site', servers: ['alpha', 'beta'], number_per_server: 4 } },
          [now - 2]: { button: { role: ROLE, action: 'add_daemon', group: 'prod', new_name: 'worker', service: 'worker', servers: ['gamma'], number_per_server: 2 } },
          [now - 1]: { button: { role: ROLE, action: 'add_daemon', group: 'prod', new_name: 'migrate', service: 'migrate', servers: ['gamma'], number_per_server: 1 } },
        },
      });
      let parents = [JSON.parse(JSON.stringify(setup.schedule))];
      const history = [];
      for (const s of steps) {
        now += s.dt;
        if (s.upload === 'v2.0') runtime['v2.0'] = { timestamp: now / 1000, daemons: 'broken' };
        else if (s.upload && !runtime[s.upload]) runtime[s.upload] = pyVersion(s.upload, now - MINUTE);
        const actions = {};
        s.actions.forEach((a, i) => { actions[String(now - 10 + i)] = a; });
        if (s.badId && s.actions.length) actions['soon'] = s.actions[0];
        const input = JSON.parse(JSON.stringify({
          now, current_host: 'alpha', current_id: 'a1', parents, actions,
          runtime: { [ROLE]: runtime }, peers: PEERS, metrics: {},
        }));
        const states = parents.map((p) => ({ state: p.state && !Array.isArray(p.state) ? p.state[ROLE] : undefined }));
        const before = JSON.parse(JSON.stringify(T.drivers.api._mergeParents(states.filter((x) => x.state !== undefined), T.gen.logger()).groups));
        const r = run(input, { hooks: { update_done() { throw new Error('hook'); } } });
        checkRun(input, r, before);
        tally(r);
        const schedule = JSON.parse(JSON.stringify(r.schedule));
        history.push(schedule);
        if (s.parents === 'two' && history.length > 1) {
          // A split-brain: a lagging leader's older schedule comes along.
          parents = [schedule, history[Math.floor(history.length / 2) - 1] || history[0]];
        } else if (s.parents === 'lua') {
          parents = [luaify(schedule)];
        } else {
          parents = [schedule];
        }
      }
    // A fixed seed (FC_SEED to try another): the coverage checks in `after`
    // must not fail on an unlucky draw (a random one now and then left fewer
    // than four updates done); `npm run fuzz` explores further.
    }), { numRuns: 100, seed: Number(process.env.FC_SEED || 20261202) });
    if (process.env.SAFETY_STATS) process.stderr.write(JSON.stringify(seen) + '\n');
  });
});
