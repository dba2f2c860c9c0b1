import { expect } from 'chai';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { jsonDifferences } from '../../../harness/cases/diff.mjs';
import { plan, planText } from '../../../harness/plan/plan.mjs';
import { ROOT } from '../helpers.mjs';

const RECORDINGS = path.join(ROOT, 'test/example/recordings');
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

// The groups a structural diff of the two schedules touches: paths under
// state[role].groups[group], and under nodes[host].roles[role] the daemons
// and commands whose `group` field (before or after) names one.
function changedGroups(parents, schedule) {
  const touched = new Set();
  const groupOf = (entry) => (entry && typeof entry.group === 'string' ? entry.group : '');
  const roles = new Set([...parents.flatMap((p) => Object.keys(p.state ?? {})), ...Object.keys(schedule.state ?? {})]);
  for (const role of roles) {
    const groups = new Set([...parents.flatMap((p) => Object.keys(p.state?.[role]?.groups ?? {})), ...Object.keys(schedule.state?.[role]?.groups ?? {})]);
    for (const group of groups) {
      const before = parents.map((p) => p.state?.[role]?.groups?.[group]).find((g) => g !== undefined);
      if (jsonDifferences(before ?? null, schedule.state?.[role]?.groups?.[group] ?? null).length) touched.add(`${role}/${group}`);
    }
  }
  const placed = (s) => {
    const out = {};
    for (const [host, node] of Object.entries(s.nodes ?? {})) {
      for (const [role, r] of Object.entries(node?.roles ?? {})) {
        for (const kind of ['daemons', 'commands']) for (const [name, entry] of Object.entries(r?.[kind] ?? {})) out[`${host}\u0000${role}\u0000${kind}\u0000${name}`] = { role, entry };
      }
    }
    return out;
  };
  const merged = {};
  for (const p of parents) for (const [k, v] of Object.entries(placed(p))) merged[k] ??= v;
  const now = placed(schedule);
  for (const key of new Set([...Object.keys(merged), ...Object.keys(now)])) {
    if (jsonDifferences(merged[key]?.entry ?? null, now[key]?.entry ?? null).length === 0) continue;
    const role = (merged[key] ?? now[key]).role;
    for (const entry of [merged[key]?.entry, now[key]?.entry]) if (entry !== undefined) touched.add(`${role}/${groupOf(entry)}`);
  }
  return [...touched].sort();
}

describe('plan: one tick in words', function () {
  const cases = readdirSync(RECORDINGS).sort();

  for (const name of cases) {
    it(`${name}: names every group whose state or placement changed, and nothing else`, function () {
      const dir = path.join(RECORDINGS, name);
      const input = read(path.join(dir, 'input.json'));
      const schedule = read(path.join(dir, 'expected.json'));
      const actionsFile = path.join(dir, 'expected-actions.json');
      const actions = existsSync(actionsFile) ? read(actionsFile) : {};
      const p = plan(input, { schedule, actions, schedulerLog: '' });
      const parents = (input.parents ?? []).filter((x) => x && typeof x === 'object' && !Array.isArray(x));
      expect(p.groups.map((g) => `${g.role}/${g.group}`).sort()).to.deep.equal(changedGroups(parents, schedule));
      for (const g of p.groups) expect(g.changes, `${g.role}/${g.group}`).to.not.be.empty;
      expect(p.answers.map((a) => a.id)).to.deep.equal(Object.keys(input.actions ?? {}).sort((a, b) => Number(a) - Number(b)));
      expect(planText(p)).to.be.a('string');
    });
  }

  it('says a started update, the process moves, answers, kept versions and images in words', function () {
    const dir = path.join(RECORDINGS, '04-start-update');
    const input = read(path.join(dir, 'input.json'));
    const p = plan(input, { schedule: read(path.join(dir, 'expected.json')), actions: read(path.join(dir, 'expected-actions.json')), schedulerLog: '[pyapp]:ERROR: something\n[pyapp]:DEBUG: fine\n' });
    const text = planText(p);
    expect(text).to.include('update v1.5.0 -> v1.6.0 started: cmd_migrate, test_mode, quick_restart, smooth_restart; at cmd_migrate (forward)');
    expect(text).to.include('migrate: none -> v1.6.0 x1 on gamma');
    expect(text).to.include('keeps v1.6.0 (uploaded, latest, updating)');
    expect(text).to.include('image added: pyapp.1-6-0');
    expect(text).to.match(/answers:\n {2}\d+ \{"role":"pyapp","action":"start_update".*-> \{"from":"v1.5.0","ok":true,"to":"v1.6.0"\}/);
    expect(text).to.include('errors:\n  [pyapp]:ERROR: something');
    expect(p.errors).to.deep.equal(['[pyapp]:ERROR: something']);
  });

  it('shows a smooth substep with the instances moved per node', function () {
    const dir = path.join(RECORDINGS, '09-smooth-restart-substep');
    const text = planText(plan(read(path.join(dir, 'input.json')), { schedule: read(path.join(dir, 'expected.json')) }));
    expect(text).to.include('step smooth_restart 2/4 (forward) -> smooth_restart 3/4 (forward)');
    expect(text).to.include('site: v1.5.0 x4 + v1.6.0 x4 -> v1.5.0 x2 + v1.6.0 x6 on alpha, beta');
  });

  it('flags a downgrade', function () {
    const dir = path.join(RECORDINGS, '20-downgrade');
    const input = read(path.join(dir, 'input.json'));
    const p = plan(input, { schedule: read(path.join(dir, 'expected.json')) });
    const role = p.roles.find((r) => r.role === 'pyapp');
    expect(role.downgrades.length + p.groups.filter((g) => g.after?.update?.downgrade).length).to.be.greaterThan(0);
    expect(planText(p)).to.match(/downgrade/i);
  });

  it('says "no changes" when nothing changed', function () {
    const schedule = read(path.join(RECORDINGS, '05-migration-waits-for-ack', 'expected.json'));
    const p = plan({ parents: [schedule], actions: {} }, { schedule });
    expect(p.groups).to.deep.equal([]);
    expect(planText(p)).to.equal('no changes\n');
  });
});
