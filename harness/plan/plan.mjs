// What one scheduler run changes against its input's parent, as data and in
// words: per project and group (state and placement), the answers to the
// input's actions, the kept versions and images added or released (with the
// tracking rules that keep them), downgrades, and the log's errors.

import { jsonDifferences } from '../cases/diff.mjs';
import { isJsonObject, sortKeys } from '../json.mjs';
import { digestGroups, errorLines } from '../simulate/core.mjs';
import { groupLines } from './words.mjs';

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const obj = (value) => (isJsonObject(value) ? value : {});
const short = (value) => {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
};
const same = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

// The parents as the driver merges them, roughly: a group from the first
// parent that has it. (Several parents are a split brain.)
export function parentDigests(parents) {
  const merged = {};
  for (const parent of parents) {
    if (!isJsonObject(parent)) continue;
    for (const [key, digest] of Object.entries(digestGroups(parent))) if (!Object.hasOwn(merged, key)) merged[key] = digest;
  }
  return merged;
}

function groupState(schedule, role, group) {
  return obj(obj(obj(obj(schedule).state)[role]).groups)[group];
}

// What runs on the nodes for each group: {host: {process: entry}}, daemons
// by their `group` field and commands by theirs ('' when they have none).
function placement(schedule) {
  const out = {};
  for (const [host, node] of Object.entries(obj(obj(schedule).nodes))) {
    for (const [role, roleNode] of Object.entries(obj(obj(node).roles))) {
      for (const kind of ['daemons', 'commands']) {
        for (const [name, entry] of Object.entries(obj(obj(roleNode)[kind]))) {
          const key = `${role}\u0000${typeof entry?.group === 'string' ? entry.group : ''}`;
          out[key] ??= {};
          out[key][host] ??= {};
          out[key][host][`${kind}/${name}`] = entry;
        }
      }
    }
  }
  return out;
}

function firstParent(parents) {
  return parents.find(isJsonObject) ?? {};
}

const MAX_FIELD_LINES = 12;

// `path: before -> after` lines, at most MAX_FIELD_LINES.
function fieldLines(before, after, prefix = '', keep = () => true) {
  const show = (v) => (v === undefined ? '(none)' : short(v));
  const lines = jsonDifferences(before, after)
    .filter(keep)
    .map((d) => `${prefix}${d.path.slice(2)}: ${show(d.expected)} -> ${show(d.actual)}`);
  return lines.length > MAX_FIELD_LINES ? [...lines.slice(0, MAX_FIELD_LINES), `... ${lines.length - MAX_FIELD_LINES} more`] : lines;
}

const IN_WORDS = /^\$\.(version|auto_update|update\.(step|direction|smooth_step|error_message|pipeline|source_ver|target_ver|auto|downgrade))\b/;

// Field-level lines for what the digest's words do not cover (services,
// last_deployed, timestamps, ...); an update started or ended is in words.
function stateFieldLines(before, after) {
  const wholeUpdate = !before.update || !after.update;
  return fieldLines(before, after, '', (d) => !IN_WORDS.test(d.path) && !(wholeUpdate && d.path.startsWith('$.update')));
}

function roleChanges(parent, schedule, role) {
  const before = obj(obj(obj(parent).roles)[role]);
  const after = obj(obj(obj(schedule).roles)[role]);
  const keptBefore = obj(before.kept_versions);
  const keptAfter = obj(after.kept_versions);
  const kept = Object.keys(keptAfter).filter((v) => !Object.hasOwn(keptBefore, v)).sort(byName).map((version) => ({ version, rules: keptAfter[version] }));
  const released = Object.keys(keptBefore).filter((v) => !Object.hasOwn(keptAfter, v)).sort(byName);
  const rulesChanged = Object.keys(keptAfter)
    .filter((v) => Object.hasOwn(keptBefore, v) && !same(keptBefore[v], keptAfter[v]))
    .sort(byName)
    .map((version) => ({ version, before: keptBefore[version], after: keptAfter[version] }));
  const imagesBefore = new Set(Array.isArray(before.images) ? before.images : []);
  const imagesAfter = new Set(Array.isArray(after.images) ? after.images : []);
  const images = { added: [...imagesAfter].filter((i) => !imagesBefore.has(i)).sort(byName), released: [...imagesBefore].filter((i) => !imagesAfter.has(i)).sort(byName) };
  const downgrades = Array.isArray(after.downgrades) ? after.downgrades : [];
  const downgradesBefore = Array.isArray(before.downgrades) ? before.downgrades : [];
  const newDowngrades = downgrades.filter((d) => !downgradesBefore.some((b) => same(b, d)));
  return { role, kept, released, rules_changed: rulesChanged, images, downgrades, new_downgrades: newDowngrades };
}

// `input` the scheduler input, `result` {schedule, actions, schedulerLog}.
export function plan(input, { schedule, actions = {}, schedulerLog = '' }) {
  const parents = Array.isArray(input.parents) ? input.parents : [];
  const parent = firstParent(parents);
  const before = parentDigests(parents);
  const after = digestGroups(schedule);
  const placedBefore = {};
  for (const p of parents) for (const [key, hosts] of Object.entries(placement(p))) placedBefore[key] ??= hosts;
  const placedAfter = placement(schedule);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(placedBefore), ...Object.keys(placedAfter)])].sort(byName);
  const groups = [];
  for (const key of keys) {
    const [role, group] = key.split('\u0000');
    const stateBefore = parents.map((p) => groupState(p, role, group)).find((g) => g !== undefined);
    const stateAfter = groupState(schedule, role, group);
    const stateChanged = !same(stateBefore ?? null, stateAfter ?? null);
    const placementChanged = !same(placedBefore[key] ?? {}, placedAfter[key] ?? {});
    if (!stateChanged && !placementChanged) continue;
    const lines = groupLines(before[key], after[key]);
    if (stateChanged && stateBefore !== undefined && stateAfter !== undefined) lines.push(...stateFieldLines(stateBefore, stateAfter));
    if (placementChanged && !lines.some((l) => / on /.test(l))) lines.push(...fieldLines(placedBefore[key] ?? {}, placedAfter[key] ?? {}, 'on '));
    groups.push({ role, group, state_changed: stateChanged, placement_changed: placementChanged, before: before[key] ?? null, after: after[key] ?? null, changes: lines });
  }
  const roles = [...new Set([...Object.keys(obj(parent.roles)), ...Object.keys(obj(schedule.roles))])].sort(byName);
  const inputActions = obj(input.actions);
  const answers = Object.keys({ ...inputActions, ...actions })
    .sort((a, b) => Number(a) - Number(b) || byName(a, b))
    .map((id) => ({ id, button: inputActions[id]?.button ?? inputActions[id] ?? null, answer: actions[id] ?? null }));
  return {
    parents: parents.length,
    groups,
    answers,
    roles: roles.map((role) => roleChanges(parent, schedule, role)),
    errors: errorLines(schedulerLog),
  };
}

// The plan in words, one line each, grouped by project then group.
export function planText(p) {
  const lines = [];
  if (p.parents !== 1) lines.push(p.parents === 0 ? 'no parent: every group is new' : `${p.parents} parents (a split brain): compared with the first that has each group`);
  const roles = [...new Set([...p.groups.map((g) => g.role), ...p.roles.map((r) => r.role)])].sort(byName);
  for (const role of roles) {
    const body = [];
    for (const g of p.groups.filter((x) => x.role === role)) {
      body.push(`  ${g.group === '' ? '(processes of no group)' : g.group}:`);
      for (const line of g.changes) body.push(`    ${line}`);
    }
    const r = p.roles.find((x) => x.role === role);
    if (r) {
      for (const k of r.kept) body.push(`  keeps ${k.version} (${[].concat(k.rules).join(', ')})`);
      for (const v of r.released) body.push(`  releases ${v}`);
      for (const k of r.rules_changed) body.push(`  ${k.version} kept by ${[].concat(k.after).join(', ')} (was ${[].concat(k.before).join(', ')})`);
      for (const i of r.images.added) body.push(`  image added: ${i}`);
      for (const i of r.images.released) body.push(`  image released: ${i}`);
      for (const d of r.downgrades) body.push(`  DOWNGRADE${r.new_downgrades.includes(d) ? ' (new)' : ''}: ${d.group} runs ${d.version}, older than ${d.newer}`);
    }
    if (body.length) lines.push(`${role}:`, ...body);
  }
  if (p.answers.length) {
    lines.push('answers:');
    for (const a of p.answers) lines.push(`  ${a.id} ${short(a.button)} -> ${a.answer === null ? '(no answer)' : short(a.answer)}`);
  }
  if (p.errors.length) {
    lines.push('errors:');
    for (const e of p.errors) lines.push(`  ${e}`);
  }
  if (lines.length === 0 || (lines.length === 1 && p.parents !== 1)) lines.push('no changes');
  return `${lines.join('\n')}\n`;
}
