// What one scheduler run changes against its input's parent, as data and in
// words: per project and group (state and placement, its commands
// included), where each update stands and what it waits for, the answers to
// the input's actions, the kept versions and images added or released (with
// the tracking rules that keep them), downgrades, and the log's errors.
// Times are relative to the input's `now`.

import { jsonDifferences } from '../cases/diff.mjs';
import { isJsonObject, sortKeys } from '../json.mjs';
import { digestGroups, errorLines } from '../simulate/core.mjs';
import { buttonText } from '../simulate/timeline.mjs';
import { inProgress, updateStatus } from './status.mjs';
import { isoTime, relative, timestampText } from './when.mjs';
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

// role -> {process name: group} for the run-once commands the api driver
// writes without a `group` field: a group's service <s> runs its command as
// `cmd.<group>-<s>` (docs/api-driver.md, "Process names on nodes").
function commandOwners(schedule) {
  const out = {};
  for (const [role, roleState] of Object.entries(obj(obj(schedule).state))) {
    const names = (out[role] = {});
    for (const [group, state] of Object.entries(obj(obj(roleState).groups))) {
      for (const service of Object.keys(obj(obj(state).services))) names[`cmd.${group}-${service}`] ??= group;
    }
  }
  return out;
}

// What runs on the nodes for each group: {host: {"<kind>/<process>":
// entry}}, daemons and commands by their `group` field, a command without
// one by its name (commandOwners), else under the group ''.
function placement(schedule) {
  const out = {};
  const owners = commandOwners(schedule);
  for (const [host, node] of Object.entries(obj(obj(schedule).nodes))) {
    for (const [role, roleNode] of Object.entries(obj(obj(node).roles))) {
      for (const kind of ['daemons', 'commands']) {
        for (const [name, entry] of Object.entries(obj(obj(roleNode)[kind]))) {
          const owner = typeof entry?.group === 'string' ? entry.group : kind === 'commands' && Object.hasOwn(owners[role] ?? {}, name) ? owners[role][name] : '';
          const key = `${role}\u0000${owner}`;
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

// `path: before -> after` lines, at most MAX_FIELD_LINES; `when(path,
// value)` words a value (a timestamp), or gives null.
function fieldLines(before, after, { prefix = '', keep = () => true, when = () => null } = {}) {
  const show = (path, v) => (v === undefined ? '(none)' : when(path, v) ?? short(v));
  const lines = jsonDifferences(before, after)
    .filter(keep)
    .map((d) => `${prefix}${d.path.slice(2)}: ${show(d.path, d.expected)} -> ${show(d.path, d.actual)}`);
  return lines.length > MAX_FIELD_LINES ? [...lines.slice(0, MAX_FIELD_LINES), `... ${lines.length - MAX_FIELD_LINES} more`] : lines;
}

// Only the entries of one kind ("daemons" or "commands") of a placement.
function ofKind(placed = {}, kind) {
  const out = {};
  for (const [host, entries] of Object.entries(placed)) {
    for (const [key, entry] of Object.entries(entries)) if (key.startsWith(`${kind}/`)) (out[host] ??= {})[key.slice(kind.length + 1)] = entry;
  }
  return out;
}

const versionOf = (entry) => (entry === undefined ? 'none' : typeof entry?.version === 'string' ? entry.version : typeof entry?.image === 'string' ? entry.image : '?');

// "command cmd.prod-migrate: v1.5.0 -> v1.6.0 on gamma", per command and
// change; a change that keeps the version as field lines.
function commandLines(before, after) {
  const lines = [];
  const names = new Set();
  for (const side of [before, after]) for (const entries of Object.values(side)) for (const name of Object.keys(entries)) names.add(name);
  for (const name of [...names].sort(byName)) {
    const moves = new Map();
    for (const host of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byName)) {
      const b = before[host]?.[name];
      const a = after[host]?.[name];
      if (same(b ?? null, a ?? null)) continue;
      const move = `${versionOf(b)} -> ${versionOf(a)}`;
      if (versionOf(b) === versionOf(a)) lines.push(...fieldLines(b, a, { prefix: `command ${name} on ${host}: ` }));
      else moves.set(move, [...(moves.get(move) ?? []), host]);
    }
    for (const [move, hosts] of moves) lines.push(`command ${name}: ${move} on ${hosts.join(', ')}`);
  }
  return lines;
}

const IN_WORDS = /^\$\.(version|auto_update|update\.(step|direction|smooth_step|error_message|pipeline|source_ver|target_ver|auto|downgrade))\b/;

// Field-level lines for what the digest's words do not cover (services,
// last_deployed, timestamps, ...); an update started or ended is in words.
function stateFieldLines(before, after, now) {
  const wholeUpdate = !before.update || !after.update;
  return fieldLines(before, after, {
    keep: (d) => !IN_WORDS.test(d.path) && !(wholeUpdate && d.path.startsWith('$.update')),
    when: (path, value) => timestampText(path, value, now),
  });
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

// The digests of the groups whose update is in progress (what next.mjs
// asks about), by key "role\u0000group".
export function updatingDigests(schedule) {
  const out = {};
  for (const [key, digest] of Object.entries(digestGroups(schedule))) {
    const [role, group] = key.split('\u0000');
    if (inProgress(obj(groupState(schedule, role, group)).update)) out[key] = digest;
  }
  return out;
}

// `input` the scheduler input, `result` {schedule, actions, schedulerLog};
// `next` what next.mjs found (key "role\u0000group" -> when each update
// next changes by itself), when it was asked.
export function plan(input, { schedule, actions = {}, schedulerLog = '' }, { next } = {}) {
  const now = typeof input.now === 'number' ? input.now : 0;
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
    if (stateChanged && stateBefore !== undefined && stateAfter !== undefined) lines.push(...stateFieldLines(stateBefore, stateAfter, now));
    const daemonsBefore = ofKind(placedBefore[key], 'daemons');
    const daemonsAfter = ofKind(placedAfter[key], 'daemons');
    // What the digest's process lines do not show (a renamed process).
    if (!same(daemonsBefore, daemonsAfter) && !lines.some((l) => / on /.test(l))) lines.push(...fieldLines(daemonsBefore, daemonsAfter, { prefix: 'on ' }));
    lines.push(...commandLines(ofKind(placedBefore[key], 'commands'), ofKind(placedAfter[key], 'commands')));
    groups.push({ role, group, state_changed: stateChanged, placement_changed: placementChanged, before: before[key] ?? null, after: after[key] ?? null, changes: lines });
  }
  // Every update in progress, changed in this run or not: where it stands.
  const updates = [];
  for (const key of Object.keys(after).sort(byName)) {
    const [role, group] = key.split('\u0000');
    const update = obj(groupState(schedule, role, group)).update;
    if (!inProgress(update)) continue;
    const status = updateStatus(update, { placed: placedAfter[key], now, next: next === undefined ? undefined : next[key] });
    updates.push({ role, group, ...status.data, words: status.lines });
  }
  const roles = [...new Set([...Object.keys(obj(parent.roles)), ...Object.keys(obj(schedule.roles))])].sort(byName);
  const inputActions = obj(input.actions);
  const answers = Object.keys({ ...inputActions, ...actions })
    .sort((a, b) => Number(a) - Number(b) || byName(a, b))
    .map((id) => ({ id, button: inputActions[id]?.button ?? inputActions[id] ?? null, answer: actions[id] ?? null }));
  return {
    now,
    parents: parents.length,
    groups,
    updates,
    answers,
    roles: roles.map((role) => roleChanges(parent, schedule, role)),
    errors: errorLines(schedulerLog),
  };
}

// A tracked downgrade as what will run: an update's target, or the version
// a group runs now.
function downgradeText(d) {
  return d.update ? `${d.group}: ${d.newer} -> ${d.version} (downgrade): runs ${d.version}, older than ${d.newer}` : `${d.group} runs ${d.version}, older than ${d.newer}, which it ran before`;
}

// When an action was posted: its id is the posting time in ms.
const postedText = (id, now) => (/^\d+$/.test(id) ? ` (posted ${relative(Number(id), now)})` : '');

// The plan in words, one line each, grouped by project then group; times
// relative to the input's now.
export function planText(p) {
  const lines = [`at ${isoTime(p.now)} (the input's now)`];
  if (p.parents !== 1) lines.push(p.parents === 0 ? 'no parent: every group is new' : `${p.parents} parents (a split brain): compared with the first that has each group`);
  const roles = [...new Set([...p.groups.map((g) => g.role), ...p.updates.map((u) => u.role), ...p.roles.map((r) => r.role)])].sort(byName);
  let changed = p.answers.length + p.errors.length;
  for (const role of roles) {
    const body = [];
    const names = [...new Set([...p.groups, ...p.updates].filter((x) => x.role === role).map((x) => x.group))].sort(byName);
    for (const name of names) {
      const g = p.groups.find((x) => x.role === role && x.group === name);
      const u = p.updates.find((x) => x.role === role && x.group === name);
      body.push(`  ${name === '' ? '(processes of no group)' : name}${g ? '' : ' (no change)'}:`);
      for (const line of [...(g?.changes ?? []), ...(u?.words ?? [])]) body.push(`    ${line}`);
      if (g) changed++;
    }
    const r = p.roles.find((x) => x.role === role);
    if (r) {
      const before = body.length;
      for (const k of r.kept) body.push(`  keeps ${k.version} (${[].concat(k.rules).join(', ')})`);
      for (const v of r.released) body.push(`  releases ${v}`);
      for (const k of r.rules_changed) body.push(`  ${k.version} kept by ${[].concat(k.after).join(', ')} (was ${[].concat(k.before).join(', ')})`);
      for (const i of r.images.added) body.push(`  image added: ${i}`);
      for (const i of r.images.released) body.push(`  image released: ${i}`);
      changed += body.length - before;
      for (const d of r.downgrades) body.push(`  DOWNGRADE${r.new_downgrades.includes(d) ? ' (new)' : ''}: ${downgradeText(d)}`);
    }
    if (body.length) lines.push(`${role}:`, ...body);
  }
  if (p.answers.length) {
    lines.push('answers:');
    for (const a of p.answers) lines.push(`  ${a.id}${postedText(a.id, p.now)} ${buttonText(a.button)} -> ${a.answer === null ? '(no answer)' : short(a.answer)}`);
  }
  if (p.errors.length) {
    lines.push('errors:');
    for (const e of p.errors) lines.push(`  ${e}`);
  }
  if (changed === 0) lines.push('no changes');
  return `${lines.join('\n')}\n`;
}
