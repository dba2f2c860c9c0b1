// What the parent schedules had for a role, all parents united: the
// fallback when a driver fails and the carry-over of a project missing from
// the runtime. After a split-brain a group or process only a later parent
// has must survive both.
import { Json, JsonObject, clone, has, isObject, keys, objectOrEmpty, setKey } from './json';
import { isArray } from './array';
import { rsort } from './version/order';
import { dict, put } from './dict';

export function parentsOf(input: unknown): unknown[] {
  return isObject(input) && isArray(input.parents) ? input.parents : [];
}

// Parents listed first win: each key of these objects from the first that
// has it, `depth` levels down (a group, a process of a node).
function unite(list: unknown[], depth: number): Json {
  var objects: JsonObject[] = [];
  for (var i = 0; i < list.length; i++) {
    var o = objectOrEmpty(list[i]);
    if (o !== null) objects.push(o);
  }
  if (objects.length === 0) return list.length ? clone(list[0] as Json) : null;
  if (depth <= 0) return clone(objects[0]);
  var out: JsonObject = {};
  var seen: { [key: string]: unknown[] } = {};
  var order: string[] = [];
  for (var j = 0; j < objects.length; j++) {
    var ks = keys(objects[j]);
    for (var k = 0; k < ks.length; k++) {
      if (!has(seen, ks[k])) {
        setKey(seen, ks[k], []);
        order.push(ks[k]);
      }
      seen[ks[k]].push(objects[j][ks[k]]);
    }
  }
  for (var n = 0; n < order.length; n++) setKey(out, order[n], unite(seen[order[n]], depth - 1));
  return out;
}

export interface PreviousRole {
  /** `state[name]` of the parents, groups united; null when none has one. */
  state: JsonObject | null;
  /** What each node ran for the role, processes united. */
  nodes: { [hostname: string]: JsonObject };
  /** `roles[name]` of the parents: each key from the first that has it,
   * `version_info` per version, and `versions` and `images` listing what
   * any parent lists, since a group only a later parent has still runs its
   * versions (and renderers clean up what is not listed). */
  role: JsonObject | null;
}

export function previousRole(input: unknown, name: string): PreviousRole {
  var states: unknown[] = [];
  var byHost: { [hostname: string]: unknown[] } = {};
  var outputs: JsonObject[] = [];
  var parents = parentsOf(input);
  var owners: { [group: string]: number } = {};
  for (var i = 0; i < parents.length; i++) {
    var p = parents[i];
    if (!isObject(p)) continue;
    var byRole = objectOrEmpty(p.state);
    if (byRole !== null && has(byRole, name) && byRole[name] != null) {
      states.push(byRole[name]);
      var groups = isObject(byRole[name]) ? objectOrEmpty((byRole[name] as JsonObject).groups) : null;
      var gs = groups === null ? [] : keys(groups);
      for (var g = 0; g < gs.length; g++) if (!has(owners, gs[g])) setKey(owners, gs[g], i);
    }
    var byName = objectOrEmpty(p.roles);
    if (byName !== null && has(byName, name) && isObject(byName[name])) outputs.push(byName[name] as JsonObject);
  }
  for (i = 0; i < parents.length; i++) {
    var nodes = isObject(parents[i]) ? objectOrEmpty((parents[i] as JsonObject).nodes) || {} : {};
    var hosts = keys(nodes);
    for (var j = 0; j < hosts.length; j++) {
      var node = nodes[hosts[j]];
      var roles = isObject(node) ? objectOrEmpty(node.roles) : null;
      if (roles === null || !has(roles, name) || !isObject(roles[name])) continue;
      if (!has(byHost, hosts[j])) setKey(byHost, hosts[j], []);
      byHost[hosts[j]].push(ownProcesses(roles[name] as JsonObject, owners, i));
    }
  }
  var out: PreviousRole = { state: objectOrEmpty(unite(states, 2)), nodes: {}, role: outputs.length ? roleOutput(outputs) : null };
  var names = keys(byHost);
  for (var h = 0; h < names.length; h++) setKey(out.nodes, names[h], unite(byHost[names[h]], 2) as JsonObject);
  return out;
}

// After a split brain two parents may run a group's version under different
// process names (an update's two slots). A process naming its group is taken
// only from the parent whose state of that group is kept (the first that has
// it), so that no version runs under both names; others are united by name.
function ownProcesses(entry: JsonObject, owners: { [group: string]: number }, parent: number): JsonObject {
  var out: JsonObject = {};
  var fields = keys(entry);
  for (var i = 0; i < fields.length; i++) {
    var field = fields[i];
    var value = entry[field];
    var processes = (field === 'daemons' || field === 'commands') ? objectOrEmpty(value) : null;
    if (processes === null) {
      setKey(out, field, value);
      continue;
    }
    var kept: JsonObject = {};
    var ps = keys(processes);
    for (var j = 0; j < ps.length; j++) {
      var proc = processes[ps[j]];
      var group = isObject(proc) ? proc.group : undefined;
      if (typeof group === 'string' && has(owners, group) && owners[group] !== parent) continue;
      setKey(kept, ps[j], proc);
    }
    setKey(out, field, kept);
  }
  return out;
}

function roleOutput(outputs: JsonObject[]): JsonObject {
  var role = unite(outputs, 2) as JsonObject;
  var lists = ['versions', 'images'];
  for (var i = 0; i < lists.length; i++) {
    var all: Json[] = [];
    var seen: { [item: string]: boolean } = {};
    for (var j = 0; j < outputs.length; j++) {
      var list = outputs[j][lists[i]];
      for (var k = 0; isArray(list) && k < list.length; k++) {
        var item = list[k];
        if (typeof item !== 'string' || has(seen, item)) continue;
        setKey(seen, item, true);
        all.push(item);
      }
    }
    // As a run lists them: versions newest first, images sorted.
    if (all.length || has(role, lists[i])) setKey(role, lists[i], lists[i] === 'versions' ? rsort(all as string[]) : (all as string[]).sort());
  }
  // A list stays a list (unite reads an empty `[]` as a Lua-era `{}`): the
  // first parent's, as other keys.
  for (var o = 0; o < outputs.length; o++) {
    if (isArray(outputs[o].downgrades)) {
      setKey(role, 'downgrades', clone(outputs[o].downgrades as Json));
      break;
    }
  }
  return role;
}

/** Names of the roles the parents have (in `state`, `roles` or on a node),
 * sorted. */
export function parentRoleNames(input: unknown): string[] {
  // Every node names most roles again: a dict, written once per name.
  var names = dict<boolean>();
  var add = function (obj: unknown): void {
    var o = objectOrEmpty(obj);
    var ks = o === null ? [] : keys(o);
    for (var i = 0; i < ks.length; i++) if (names[ks[i]] === undefined) put(names, ks[i], true);
  };
  var parents = parentsOf(input);
  for (var i = 0; i < parents.length; i++) {
    var p = parents[i];
    if (!isObject(p)) continue;
    add(p.state);
    add(p.roles);
    var nodes = objectOrEmpty(p.nodes) || {};
    var hosts = keys(nodes);
    for (var j = 0; j < hosts.length; j++) if (isObject(nodes[hosts[j]])) add((nodes[hosts[j]] as JsonObject).roles);
  }
  return keys(names).sort();
}
