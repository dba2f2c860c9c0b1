// The api driver's per-role state (`state[role]` in the schedule) and how
// the parents' copies of it are merged. A bad parent never erases a group:
// every group, and every field of it, is taken from the first parent that
// has a valid one, what is dropped or repaired is logged with the parent's
// origin, and a group or service that no parent has a valid copy of is
// salvaged from the best copy there is rather than lost.
import * as V from '../../validate';
import { Logger } from '../../log';
import { dict, put } from '../../dict';
import { JsonObject, clone, has, isEmpty, isObject, keys, objectOrEmpty, setKey, toNumber } from '../../json';
import { isArray } from '../../array';

var VARIABLE = V.or<string | number>([V.string(), V.number()]);

export interface Service {
  service: string;
  servers: string[];
  number_per_server: number;
  variables?: { [name: string]: string | number };
  /** Which process name the group's version runs under (see slots.ts):
   * absent for 1, `<group>-<service>`; 2 for `<group>-<service>-2`. */
  slot?: 1 | 2;
}

export interface Group {
  version: string;
  update?: JsonObject;
  auto_update: boolean;
  last_deployed: { [version: string]: number };
  services: { [name: string]: Service };
  extra?: JsonObject;
}

export interface RoleState {
  groups: { [name: string]: Group };
}

export interface ParentState {
  state: unknown;
  hash?: string;
  origin?: string;
}

/** Validates an update state; supplied by the pipeline module. */
export type UpdateValidator = (value: unknown) => V.Result<JsonObject>;

/** Hostnames in their first order, each once; anything that is not a
 * hostname is reported in `problems` and left out. */
export function uniqueServers(list: unknown[], path: string, problems: string[]): string[] {
  var out: string[] = [];
  // A service runs on a few servers: a scan of `out` is cheaper than a set
  // object, whose every new key costs a shape in an interpreter.
  var seen: { [host: string]: boolean } | null = list.length > 16 ? {} : null;
  for (var i = 0; i < list.length; i++) {
    var host = list[i];
    if (typeof host !== 'string' || host === '') {
      problems.push(path + '.' + i + ': not a hostname, but ' + V.typeName(host) + '; left out');
    } else if (seen === null ? out.indexOf(host) >= 0 : has(seen, host)) {
      problems.push(path + '.' + i + ': ' + host + ' is listed twice; counted once');
    } else {
      if (seen !== null) put(seen, host, true);
      out.push(host);
    }
  }
  return out;
}

/** The most instances of a service per server. Without a bound, a count
 * such as 1e306 overflows to Infinity once split between two versions, and
 * 1e308 is written as `null`. */
export var MAX_PER_SERVER = 10000;

/** Instances per server are whole, never negative and at most
 * MAX_PER_SERVER; the web UI and `spread` rely on it. */
export function wholeCount(n: number): number {
  return n > 0 ? Math.min(Math.floor(n), MAX_PER_SERVER) : 0;
}

/** Why `n` can't be a number of instances per server, or null. */
export function badCount(n: number): string | null {
  return typeof n === 'number' && wholeCount(n) === n ? null : 'number_per_server must be a whole number from 0 to ' + MAX_PER_SERVER + ', not ' + n;
}

// uniqueServers' lines for the service being read, the same list for all.
var FOUND: string[] = [];
// And readService's, for the service being merged (mergeGroup).
var SERVICE_ERRORS: string[] = [];
var SERVICE_REPAIRS: string[] = [];

/** A service of a group as a parent has it: `name` of the group at
 * `groupPath`, whose lines name it `<groupPath>.services.<name>` (made for
 * a line only). Benign defects (a server listed twice, a fraction of an
 * instance) are repaired, and said so in `repairs`; unreadable fields go
 * to `errors` and make the copy invalid, but still give a service (no
 * servers, no instances) so the caller can salvage it when no parent has a
 * better one. Null when the value names no daemon: nothing can be made of
 * it. The lists are the caller's, for all its services: a parent holds
 * thousands, nearly all fine, and lists of their own were a tenth of
 * merging them. */
export function readService(raw: unknown, groupPath: string, name: string, errors: string[], repairs: string[]): Service | null {
  var src = objectOrEmpty(raw);
  if (src === null) {
    errors.push(servicePath(groupPath, name) + ': Value is not an object, but ' + V.typeName(raw));
    return null;
  }
  if (typeof src.service !== 'string' || src.service === '') {
    errors.push(servicePath(groupPath, name) + '.service: Value is not a daemon name, but ' + V.typeName(src.service));
    return null;
  }
  var servers: string[];
  if (isArray(src.servers)) {
    // Its lines start `.<index>`: the path goes before them.
    FOUND.length = 0;
    servers = uniqueServers(src.servers, '', FOUND);
    for (var f = 0; f < FOUND.length; f++) repairs.push(servicePath(groupPath, name) + '.servers' + FOUND[f]);
  } else {
    servers = [];
    errors.push(servicePath(groupPath, name) + '.servers: Value is not a list, but ' + V.typeName(src.servers));
  }
  var n = toNumber(src.number_per_server);
  var count = n === null ? 0 : wholeCount(n);
  if (n === null) errors.push(servicePath(groupPath, name) + '.number_per_server: Value is not a number, but ' + V.typeName(src.number_per_server));
  else if (count !== n) {
    repairs.push(servicePath(groupPath, name) + '.number_per_server: ' + n + ' is not a whole number from 0 to ' + MAX_PER_SERVER + '; using ' + count);
  }
  var svc: Service = { service: src.service, servers: servers, number_per_server: count };
  if (src.slot === 2) svc.slot = 2;
  // A wrong slot only costs a restart of the service, not the service.
  else if (src.slot != null && src.slot !== 1) {
    repairs.push(servicePath(groupPath, name) + '.slot: ' + (typeof src.slot === 'number' ? src.slot : V.typeName(src.slot)) + ' is not 1 or 2; using 1');
  }
  if (src.variables != null) {
    var path = servicePath(groupPath, name);
    var vars = objectOrEmpty(src.variables);
    if (vars === null) errors.push(path + '.variables: Value is not an object, but ' + V.typeName(src.variables));
    else {
      var out: { [name: string]: string | number } = {};
      var names = keys(vars).sort();
      for (var i = 0; i < names.length; i++) {
        var r = V.validate(VARIABLE, vars[names[i]], path + '.variables.' + names[i]);
        if (r.ok) setKey(out, names[i], r.value);
        else repairs.push(path + '.variables.' + names[i] + ': not a string or number; left out');
      }
      svc.variables = out;
    }
  }
  return svc;
}

function servicePath(groupPath: string, name: string): string {
  return groupPath + '.services.' + name;
}

function where(parent: ParentState): string {
  var text = function (v: unknown, none: string): string { return typeof v === 'string' && v !== '' ? v : none; };
  return text(parent.hash, 'unknown-hash') + ' from ' + text(parent.origin, 'unknown-host');
}

function invalid(log: Logger, parent: ParentState, line: string): void {
  log.error('parent state', where(parent), 'is invalid:', line);
}

// A group being merged: which of its fields a parent has settled, and the
// best invalid copies of services no parent had a valid one of.
interface Draft {
  group: Group;
  autoUpdateSettled: boolean;
  updateSettled: boolean;
  extraSettled: boolean;
  /** Null until a parent has an invalid copy of a service. */
  salvage: { [service: string]: { service: Service; parent: ParentState } } | null;
}

interface Orphan {
  src: JsonObject;
  parent: ParentState;
}

/** Groups of all parents united: fields from the first parent with a valid
 * value, `last_deployed` taking the latest time per version. */
export function mergeParents(parents: ParentState[], log: Logger, validUpdate: UpdateValidator): RoleState {
  // Read without `has` (see dict).
  var drafts = dict<Draft>();
  var order: string[] = [];
  var orphans: { [name: string]: Orphan[] } = {};
  for (var p = 0; p < parents.length; p++) {
    var parent: ParentState = isObject(parents[p]) ? parents[p] : { state: parents[p] };
    var st = objectOrEmpty(parent.state);
    if (st === null) {
      invalid(log, parent, 'not an object, but ' + V.typeName(parent.state));
      continue;
    }
    var pg = st.groups == null ? {} : objectOrEmpty(st.groups);
    if (pg === null) {
      invalid(log, parent, '.groups: Value is not an object, but ' + V.typeName(st.groups));
      continue;
    }
    // Sorted, here and below: the log must not follow the input's key order.
    var names = Object.keys(pg).sort();
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      var path = '.groups.' + name;
      var src = objectOrEmpty(pg[name]);
      if (src === null) {
        invalid(log, parent, path + ': Value is not an object, but ' + V.typeName(pg[name]));
        continue;
      }
      if (drafts[name] === undefined) {
        if (typeof src.version !== 'string' || src.version === '') {
          invalid(log, parent, path + '.version: Value is not a version, but ' + V.typeName(src.version));
          // Another parent may have it; if none does, it is recovered below.
          if (!has(orphans, name)) setKey(orphans, name, []);
          orphans[name].push({ src: src, parent: parent });
          continue;
        }
        put(drafts, name, newDraft(src.version));
        order.push(name);
      }
      mergeGroup(drafts[name], path, src, log, parent, validUpdate);
    }
  }
  var lost = keys(orphans).sort();
  for (var o = 0; o < lost.length; o++) {
    if (drafts[lost[o]] !== undefined) continue;
    var recovered = recoverGroup(lost[o], orphans[lost[o]], log, validUpdate);
    if (recovered !== null) {
      setKey(drafts, lost[o], recovered);
      order.push(lost[o]);
    }
  }
  var groups: { [name: string]: Group } = {};
  for (var g = 0; g < order.length; g++) {
    var draft = drafts[order[g]];
    var salvage = draft.salvage;
    if (salvage !== null) {
      var pending = keys(salvage).sort();
      for (var s = 0; s < pending.length; s++) {
        if (has(draft.group.services, pending[s])) continue;
        var saved = salvage[pending[s]];
        put(draft.group.services, pending[s], saved.service);
        log.sub(order[g]).change('service', pending[s], 'has no valid copy in any parent; kept from', where(saved.parent),
          'on', saved.service.servers.join(', ') || 'no servers', 'with', saved.service.number_per_server, 'per server');
      }
    }
    put(groups, order[g], draft.group);
  }
  var n = order.length;
  log.debug(n === 0 ? 'No groups configured' : n + ' groups found');
  return { groups: groups };
}

function newDraft(version: string): Draft {
  return {
    group: { version: version, auto_update: false, last_deployed: {}, services: {} },
    autoUpdateSettled: false,
    updateSettled: false,
    extraSettled: false,
    salvage: null,
  };
}

// A group whose `version` no parent has: the version it runs is the source
// of its update, or else the version it was switched to last.
function recoverGroup(name: string, copies: Orphan[], log: Logger, validUpdate: UpdateValidator): Draft | null {
  var version: string | null = null;
  var from: ParentState | null = null;
  for (var i = 0; i < copies.length && version === null; i++) {
    var u = copies[i].src.update;
    if (u == null || isEmpty(u)) continue;
    var r = validUpdate(u);
    if (r.ok && typeof r.value.source_ver === 'string') {
      version = r.value.source_ver;
      from = copies[i].parent;
    }
  }
  for (var j = 0; j < copies.length && version === null; j++) {
    var deployed = objectOrEmpty(copies[j].src.last_deployed);
    var best = -Infinity;
    var vers = deployed === null ? [] : keys(deployed).sort();
    for (var k = 0; k < vers.length; k++) {
      var ms = toNumber((deployed as JsonObject)[vers[k]]);
      if (ms !== null && ms > best && vers[k] !== '') {
        best = ms;
        version = vers[k];
        from = copies[j].parent;
      }
    }
  }
  var glog = log.sub(name);
  if (version === null) {
    glog.change('group dropped: no parent says which version it runs');
    return null;
  }
  glog.change('version recovered as', version, 'from', where(from as ParentState));
  var draft = newDraft(version);
  for (var c = 0; c < copies.length; c++) {
    mergeGroup(draft, '.groups.' + name, copies[c].src, log, copies[c].parent, validUpdate);
  }
  return draft;
}

function mergeGroup(draft: Draft, path: string, src: JsonObject, log: Logger, parent: ParentState, validUpdate: UpdateValidator): void {
  var g = draft.group;
  if (!draft.autoUpdateSettled) {
    if (src.auto_update == null) draft.autoUpdateSettled = true;
    else if (typeof src.auto_update === 'boolean') {
      g.auto_update = src.auto_update;
      draft.autoUpdateSettled = true;
    } else invalid(log, parent, path + '.auto_update: Value is not a boolean, but ' + V.typeName(src.auto_update));
  }
  if (!draft.updateSettled) mergeUpdate(draft, path, src, log, parent, validUpdate);
  if (!draft.extraSettled) {
    if (src.extra == null) draft.extraSettled = true;
    else if (objectOrEmpty(src.extra) !== null) {
      g.extra = clone(objectOrEmpty(src.extra) as JsonObject);
      draft.extraSettled = true;
    } else invalid(log, parent, path + '.extra: Value is not an object, but ' + V.typeName(src.extra));
  }
  // Services are merged one by one, so a broken service in one parent
  // doesn't hide the good copy in another.
  var services = src.services == null ? {} : objectOrEmpty(src.services);
  if (services === null) invalid(log, parent, path + '.services: Value is not an object, but ' + V.typeName(src.services));
  else {
    var snames = Object.keys(services).sort();
    var errors = SERVICE_ERRORS;
    var repairs = SERVICE_REPAIRS;
    for (var s = 0; s < snames.length; s++) {
      var sname = snames[s];
      // A service is never undefined: the lookup spares the usual miss a call.
      if (g.services[sname] !== undefined && has(g.services, sname)) continue;
      errors.length = 0;
      repairs.length = 0;
      var svc = readService(services[sname], path, sname, errors, repairs);
      for (var e = 0; e < errors.length; e++) invalid(log, parent, errors[e]);
      if (svc === null) continue;
      if (errors.length === 0) {
        for (var f = 0; f < repairs.length; f++) log.error('parent state', where(parent), 'repaired:', repairs[f]);
        put(g.services, sname, svc);
      } else {
        if (draft.salvage === null) draft.salvage = {};
        if (!has(draft.salvage, sname)) put(draft.salvage, sname, { service: svc, parent: parent });
      }
    }
  }
  var deployed = src.last_deployed == null ? {} : objectOrEmpty(src.last_deployed);
  if (deployed === null) invalid(log, parent, path + '.last_deployed: Value is not an object, but ' + V.typeName(src.last_deployed));
  else {
    var vers = Object.keys(deployed).sort();
    for (var d = 0; d < vers.length; d++) {
      var ts = toNumber(deployed[vers[d]]);
      if (vers[d] === '') {
        invalid(log, parent, path + '.last_deployed: "" is not a version; left out');
        continue;
      }
      if (ts === null) {
        invalid(log, parent, path + '.last_deployed.' + vers[d] + ': Value is not a timestamp, but ' + V.typeName(deployed[vers[d]]));
        continue;
      }
      var had = g.last_deployed[vers[d]];
      if (had === undefined || !has(g.last_deployed, vers[d]) || had < ts) put(g.last_deployed, vers[d], ts);
    }
  }
}

function mergeUpdate(draft: Draft, path: string, src: JsonObject, log: Logger, parent: ParentState, validUpdate: UpdateValidator): void {
  var g = draft.group;
  // Lua-era schedules write an absent table as `[]`.
  if (src.update == null || isEmpty(src.update)) {
    draft.updateSettled = true;
    return;
  }
  var u = validUpdate(src.update);
  if (!u.ok) {
    for (var e = 0; e < u.errors.length; e++) invalid(log, parent, path + '.update' + u.errors[e]);
    log.sub(path.substring('.groups.'.length)).change('update state in parent', where(parent), 'is invalid; staying at', g.version);
    return;
  }
  // A later parent's update only stands in for an invalid one when it moves
  // from the version the group runs; otherwise it is another history.
  if (src.version !== g.version && u.value.source_ver !== g.version) {
    invalid(log, parent, path + '.update.source_ver: ' + String(u.value.source_ver) + ' is not the group\'s version ' + g.version + '; update left out');
    return;
  }
  g.update = u.value;
  draft.updateSettled = true;
}
