// The api driver's per-role state (`state[role]` in the schedule) and how
// the parents' copies of it are merged. A bad parent never erases a group:
// every group, and every field of it, is taken from the first parent that
// has a valid one, and what is dropped is logged with the parent's origin.
import * as V from '../../validate';
import { Logger } from '../../log';
import { JsonObject, clone, has, isObject, keys, objectOrEmpty } from '../../json';

/** Lua-era schedules may carry timestamps as numeric strings. */
export var timestamp: V.Validator<number> = {
  convert: function (value, path, errors) {
    if (typeof value === 'number' && isFinite(value)) return value;
    if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return parseFloat(value);
    errors.push(path + ': Value is not a timestamp, but ' + V.typeName(value));
    return undefined as unknown as number;
  },
};

export var SERVICE = V.object({
  service: V.string(),
  servers: V.list(V.string()),
  number_per_server: timestamp,
  variables: V.optional(V.map(V.string(), V.or<string | number>([V.string(), V.number()]))),
});

export interface Service {
  service: string;
  servers: string[];
  number_per_server: number;
  variables?: { [name: string]: string | number };
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

function where(parent: ParentState): string {
  return (parent.hash || 'unknown-hash') + ' from ' + (parent.origin || 'unknown-host');
}

function field<T>(validator: V.Validator<T>, value: unknown, path: string, log: Logger, parent: ParentState): T | undefined {
  var r = V.validate(validator, value, path);
  if (r.ok) return r.value;
  for (var i = 0; i < r.errors.length; i++) log.error('parent state', where(parent), 'is invalid:', r.errors[i]);
  return undefined;
}

/** Validates an update state; supplied by the pipeline module. */
export type UpdateValidator = (value: unknown) => V.Result<JsonObject>;

/** Groups of all parents united: fields from the first parent with a valid
 * value, `last_deployed` taking the latest time per version. */
export function mergeParents(parents: ParentState[], log: Logger, validUpdate: UpdateValidator): RoleState {
  var groups: { [name: string]: Group } = {};
  for (var p = 0; p < parents.length; p++) {
    var parent = parents[p];
    var st = objectOrEmpty(parent.state);
    if (st === null) {
      log.error('parent state', where(parent), 'is invalid: not an object');
      continue;
    }
    var pg = st.groups === undefined ? {} : objectOrEmpty(st.groups);
    if (pg === null) {
      log.error('parent state', where(parent), 'is invalid: .groups is not an object');
      continue;
    }
    var names = keys(pg);
    for (var i = 0; i < names.length; i++) {
      mergeGroup(groups, names[i], pg[names[i]], log, parent, validUpdate);
    }
  }
  var n = keys(groups).length;
  log.debug(n === 0 ? 'No groups configured' : n + ' groups found');
  return { groups: groups };
}

function mergeGroup(groups: { [name: string]: Group }, name: string, raw: unknown, log: Logger, parent: ParentState, validUpdate: UpdateValidator): void {
  var path = '.groups.' + name;
  var src = objectOrEmpty(raw);
  if (src === null) {
    log.error('parent state', where(parent), 'is invalid:', path + ': Value is not an object');
    return;
  }
  var g = groups[name];
  if (!g) {
    var version = field(V.string(), src.version, path + '.version', log, parent);
    // Without a version the group can't be run; another parent may have it.
    if (version === undefined) return;
    g = groups[name] = { version: version, auto_update: false, last_deployed: {}, services: {} };
    var auto = src.auto_update == null ? false : field(V.boolean(), src.auto_update, path + '.auto_update', log, parent);
    if (auto !== undefined) g.auto_update = auto;
    if (src.update != null) {
      var u = validUpdate(src.update);
      if (u.ok) g.update = u.value;
      else {
        for (var e = 0; e < u.errors.length; e++) log.error('parent state', where(parent), 'is invalid:', path + '.update' + u.errors[e]);
        log.change(name + ': update state in parent is invalid, staying at', version);
      }
    }
    if (src.extra != null) {
      var extra = field(V.object({}, { allowExtra: true }), src.extra, path + '.extra', log, parent);
      if (extra !== undefined) g.extra = extra;
    }
  }
  // Services are merged one by one, so a broken service in one parent
  // doesn't hide the good copy in another.
  var services = src.services == null ? {} : objectOrEmpty(src.services);
  if (services === null) log.error('parent state', where(parent), 'is invalid:', path + '.services: Value is not an object');
  else {
    var snames = keys(services);
    for (var s = 0; s < snames.length; s++) {
      if (has(g.services, snames[s])) continue;
      var svc = field(SERVICE, services[snames[s]], path + '.services.' + snames[s], log, parent);
      if (svc !== undefined) g.services[snames[s]] = clone(svc) as Service;
    }
  }
  var deployed = src.last_deployed == null ? {} : objectOrEmpty(src.last_deployed);
  if (deployed === null) log.error('parent state', where(parent), 'is invalid:', path + '.last_deployed: Value is not an object');
  else {
    var vers = keys(deployed);
    for (var d = 0; d < vers.length; d++) {
      var ts = field(timestamp, deployed[vers[d]], path + '.last_deployed.' + vers[d], log, parent);
      if (ts === undefined) continue;
      var old = g.last_deployed[vers[d]];
      if (old === undefined || old < ts) g.last_deployed[vers[d]] = ts;
    }
  }
}

export function isGroup(value: unknown): value is Group {
  return isObject(value) && typeof value.version === 'string';
}
