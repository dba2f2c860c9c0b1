import { expect } from 'chai';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { jsonDifferences } from '../../../harness/cases/diff.mjs';
import { plan, planText } from '../../../harness/plan/plan.mjs';
import { relative, span } from '../../../harness/plan/when.mjs';
import { ROOT } from '../helpers.mjs';

const RECORDINGS = path.join(ROOT, 'test/example/recordings');
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

// The groups a structural diff of the two schedules touches: paths under
// state[role].groups[group], and under nodes[host].roles[role] the daemons
// and commands whose `group` field (before or after) names one, or, for a
// command without one, the group whose service <s> it runs as cmd.<group>-<s>.
function changedGroups(parents, schedule) {
  const touched = new Set();
  const ownerOf = (s, role, name) =>
    Object.entries(s.state?.[role]?.groups ?? {}).find(([group, g]) => Object.keys(g?.services ?? {}).some((service) => name === `cmd.${group}-${service}`))?.[0] ?? '';
  const groupOf = (entry, s, role, kind, name) => (entry && typeof entry.group === 'string' ? entry.group : kind === 'commands' ? ownerOf(s, role, name) : '');
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
        for (const kind of ['daemons', 'commands']) for (const [name, entry] of Object.entries(r?.[kind] ?? {})) out[`${host}\u0000${role}\u0000${kind}\u0000${name}`] = { role, entry, group: groupOf(entry, s, role, kind, name) };
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
    for (const side of [merged[key], now[key]]) if (side !== undefined) touched.add(`${role}/${side.group}`);
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
      // Times relative to the input's now: no epoch milliseconds but the
      // action ids that open an answer's line.
      expect(planText(p).replace(/^ {2}\d{13} /gm, '')).to.not.match(/\d{13}/);
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
    expect(text).to.include('answers:\n  1793613599999 (posted 1 ms ago) start_update on pyapp/prod {"to_version":"v1.6.0"} -> {"from":"v1.5.0","ok":true,"to":"v1.6.0"}\n');
    expect(text).to.include('errors:\n  [pyapp]:ERROR: something');
    expect(p.errors).to.deep.equal(['[pyapp]:ERROR: something']);
  });

  it('shows a smooth substep with the instances moved per node', function () {
    const dir = path.join(RECORDINGS, '09-smooth-restart-substep');
    const text = planText(plan(read(path.join(dir, 'input.json')), { schedule: read(path.join(dir, 'expected.json')) }));
    expect(text).to.include('step smooth_restart 2/4 (forward) -> smooth_restart 3/4 (forward)');
    expect(text).to.include('site: v1.5.0 x4 + v1.6.0 x4 -> v1.5.0 x2 + v1.6.0 x6 on alpha, beta');
  });

  it('words a downgrade as what will run', function () {
    const dir = path.join(RECORDINGS, '20-downgrade');
    const input = read(path.join(dir, 'input.json'));
    const p = plan(input, { schedule: read(path.join(dir, 'expected.json')) });
    const role = p.roles.find((r) => r.role === 'pyapp');
    expect(role.downgrades).to.deep.equal([{ group: 'prod', version: 'v1.4.1', newer: 'v1.5.0', update: true }]);
    const text = planText(p);
    // cmd_migrate's downgrade mode is skip: the downgrade does not run it.
    expect(text).to.include('    update v1.5.0 -> v1.4.1 started (downgrade): runs v1.4.1 through test_mode, quick_restart, smooth_restart (cmd_migrate skipped); at test_mode (forward)\n');
    expect(text).to.include('  DOWNGRADE (new): prod: v1.5.0 -> v1.4.1 (downgrade): runs v1.4.1, older than v1.5.0\n');
    expect(text).to.not.include('prod runs v1.4.1');
  });

  it('lists a group\'s own command under the group, not under the processes of no group', function () {
    const dir = path.join(RECORDINGS, '04-start-update');
    const p = plan(read(path.join(dir, 'input.json')), { schedule: read(path.join(dir, 'expected.json')) });
    expect(p.groups.map((g) => g.group)).to.deep.equal(['prod']);
    expect(p.groups[0].changes).to.include('command cmd.prod-migrate: v1.5.0 -> v1.6.0 on gamma');
    expect(planText(p)).to.not.include('processes of no group');
  });

  it('says times relative to the input\'s now', function () {
    const dir = path.join(RECORDINGS, '08-quick-restart-by-time');
    const input = read(path.join(dir, 'input.json'));
    const text = planText(plan(input, { schedule: read(path.join(dir, 'expected.json')) }));
    expect(text).to.match(/^at 2026-11-02T10:01:25\.000Z \(the input's now\)\n/);
    expect(text).to.include('    update.step_ts: 25 s ago -> 5 s ago\n');
  });

  it('says what a waiting update waits for, and "no changes" when nothing changed', function () {
    const dir = path.join(RECORDINGS, '05-migration-waits-for-ack');
    const schedule = read(path.join(dir, 'expected.json'));
    const now = read(path.join(dir, 'input.json')).now;
    const p = plan({ now, parents: [schedule], actions: {} }, { schedule });
    expect(p.groups).to.deep.equal([]);
    expect(p.updates).to.deep.include({ role: 'pyapp', group: 'prod', source_ver: 'v1.5.0', target_ver: 'v1.6.0', step: 'cmd_migrate', direction: 'forward', waiting_for: 'ack', ack_by: ['prod-migrate on gamma'], words: [p.updates[0].words[0]] });
    expect(planText(p)).to.equal(
      "at 2026-11-02T10:05:00.000Z (the input's now)\n" +
        'pyapp:\n' +
        '  prod (no change):\n' +
        '    update v1.5.0 -> v1.6.0 at cmd_migrate (forward), waiting 5m00s for the ack of cmd_migrate by its command (prod-migrate on gamma)\n' +
        'no changes\n',
    );
    const proceed = path.join(RECORDINGS, '07-test-mode-proceed');
    const before = read(path.join(proceed, 'input.json'));
    expect(planText(plan({ ...before, actions: {} }, { schedule: before.parents[0] }))).to.include('    update v1.5.0 -> v1.6.0 at test_mode (forward), waiting 1m00s for "proceed"\n');
  });

  it('counts down to what happens next by itself, from what next.mjs found', function () {
    const dir = path.join(RECORDINGS, '11-pause');
    const input = read(path.join(dir, 'input.json'));
    const schedule = read(path.join(dir, 'expected.json'));
    const key = 'pyapp\u0000prod';
    const reverted = { ...plan(input, { schedule }).groups[0].after, update: null };
    const revert = plan(input, { schedule }, { next: { [key]: { at: input.now + 1800001, digest: reverted } } });
    expect(revert.updates[0].words).to.deep.equal([
      'update v1.5.0 -> v1.6.0 at test_mode (pause), paused, waiting for resume, revert or skip',
      'auto revert in 30m00s (at 2026-11-02T10:31:30.001Z), unless someone acts before',
    ]);
    expect(revert.updates[0].next).to.include({ in_ms: 1800001, auto_revert: true });
    expect(plan(input, { schedule }, { next: { [key]: null } }).updates[0].words[1]).to.equal('no auto revert within 7d00h00m');
    expect(plan(input, { schedule }, { next: { [key]: { error: 'a run failed' } } }).updates[0].words[1]).to.equal('when it next changes is unknown: a run failed');
  });
});

describe('plan: times in words', function () {
  it('spans, rounded down', function () {
    expect([0, 250, 2500, 9999, 15000, 59999, 80000, 3725000, 97445000, 188640000].map(span)).to.deep.equal([
      '0 ms', '250 ms', '2.5 s', '9.9 s', '15 s', '59 s', '1m20s', '1h02m05s', '1d03h04m', '2d04h24m',
    ]);
  });

  it('relative to now', function () {
    expect(relative(1000, 1000)).to.equal('now');
    expect(relative(16000, 1000)).to.equal('in 15 s');
    expect(relative(1000, 81000)).to.equal('1m20s ago');
  });
});
