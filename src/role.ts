// A role per runtime project, prepared by a driver (the api driver, say) and
// turned into the schedule's `state`, `roles` and `nodes`, as the
// reference's role module does.
import { Logger, answer, errorText } from './log';
import { Json, JsonObject, clone, has, isObject, keys, objectOrEmpty, setKey } from './json';
import { isArray } from './array';
import { dict, put } from './dict';
import { typeName } from './validate';
import { repr } from './repr';
import { splitVersions } from './version/util';
import { versionImages } from './tracking/images';
import { actionRole, actions as roleActions } from './split';
import { Action } from './types';
import { parentsOf, previousRole } from './previous';
import { absentRoles, AbsentOptions } from './absent';

/** A role's state in one parent schedule, and that schedule's owner. */
export interface ParentState {
  state: Json;
  origin?: string;
}

/** Called by a driver at points of an update (the api driver's
 * `update_done`, `revert_done`): `role` is the `Role` object being prepared
 * (`role.name` its name, `role.log` its logger), `group` the group's name,
 * `groupState` the group's state (from the api driver: a copy, an
 * `ApiGroup` whose `update` is still at the step that ended). What it
 * returns is ignored. */
export type Hook = (role: Role, group: string, groupState: JsonObject) => void;
export interface Hooks {
  [name: string]: Hook | undefined;
}

/** What `fromState` hands a driver for each role (the reference's
 * `driver.prepare{role, runtime=, global_state=, actions=, parents=, hooks=}`). */
export interface PrepareParams {
  role: Role;
  /** The role's runtime project. */
  runtime: JsonObject;
  /** The whole scheduler input (the reference's `global_state`). */
  input: JsonObject;
  /** The actions whose `button.role` is this role, by action id. */
  actions: { [actionId: string]: Action };
  parents: ParentState[];
  hooks: Hooks;
}

/** A driver fills in a role's `state`, `nodes`, `aliveVersions`, `extra`. */
export interface Driver {
  prepare(params: PrepareParams): void;
  /** The role's state merged from its parents as `prepare` merges them,
   * for when `prepare` throws; without it the parents' states are united
   * (groups from the first parent that has each). */
  mergeParents?(params: PrepareParams): JsonObject;
}
export type DriverFactory = (role: Role, runtime: JsonObject) => Driver;

export interface RoleFields {
  name: string;
  [field: string]: unknown;
}

export interface RoleOutput {
  state: JsonObject | null;
  /** `roles[name]` of the schedule. */
  role: JsonObject;
  /** `nodes[hostname].roles[name]` of the schedule. */
  nodes: { [hostname: string]: JsonObject };
}

export class Role {
  name: string;
  log: Logger;
  /** `state[name]` of the schedule; left out when null or empty. */
  state: JsonObject | null;
  /** Version metadata by version: the input's own objects in a map of the
   * role's; a driver annotates a version by replacing its entry. */
  versions: { [version: string]: Json };
  /** Newest first. */
  descendingVersions: string[];
  /** The project's keys that are not versions. */
  parameters: JsonObject;
  /** The images the versions in use need, sorted, when the driver knows
   * them (the api driver's tracking); null: computed by `output()`. */
  images: string[] | null;
  /** Versions still in use, newest first; null means all of them. */
  aliveVersions: string[] | null;
  /** What each node runs for this role, by hostname. */
  nodes: { [hostname: string]: JsonObject };
  /** More keys for `roles[name]` (the four built-in keys win). */
  extra: JsonObject;
  /** Set when the driver threw: the error, and the role kept its previous
   * state and nodes. */
  error: string | null;
  /** `roles[name]` as a parent had it, output as it is: a project missing
   * from the runtime keeps what its renderers read (used versions and
   * images) until it is dropped. */
  carried: JsonObject | null;
  /** Drivers keep their own fields on the role. */
  [field: string]: unknown;

  constructor(fields: RoleFields) {
    this.name = '';
    this.state = null;
    this.versions = {};
    this.descendingVersions = [];
    this.parameters = {};
    this.aliveVersions = null;
    this.images = null;
    this.nodes = {};
    this.extra = {};
    this.error = null;
    this.carried = null;
    var ks = keys(fields);
    for (var i = 0; i < ks.length; i++) setKey(this as { [k: string]: unknown }, ks[i], fields[ks[i]]);
    if (typeof this.name !== 'string') this.name = repr(this.name);
    this.log = new Logger(this.name);
  }

  /** The role's part of the schedule. Versions are `aliveVersions` (all
   * versions when the driver set none), and images are the driver's
   * `images`, or else those these versions need: a version's `containers`
   * when it lists them, else the images of its daemons and commands. */
  output(): RoleOutput {
    var state = isObject(this.state) && Object.keys(this.state).length > 0 ? this.state : null;
    if (isObject(this.carried)) return { state: state, role: clone(this.carried), nodes: nodesOf(this.nodes) };
    var list = isArray(this.aliveVersions) ? this.aliveVersions : this.descendingVersions;
    var versions: string[] = [];
    var info: JsonObject = {};
    var images: { [image: string]: boolean } = {};
    var all = isObject(this.versions) ? this.versions : {};
    for (var i = 0; isArray(list) && i < list.length; i++) {
      var ver = list[i];
      if (typeof ver !== 'string') continue;
      versions.push(ver);
      var meta = has(all, ver) && all[ver] != null ? all[ver] : { daemons: {} };
      put(info, ver, meta);
      // Malformed metadata only loses that version's images (what the
      // tracking rules report), never the output.
      if (isArray(this.images)) continue;
      var needs = versionImages(meta).images;
      for (var n = 0; n < needs.length; n++) put(images, needs[n], true);
    }
    var role: JsonObject = {};
    var extra = isObject(this.extra) ? this.extra : {};
    var ek = Object.keys(extra);
    for (var j = 0; j < ek.length; j++) put(role, ek[j], extra[ek[j]]);
    role.frontend = { kind: 'api' };
    role.versions = versions;
    role.version_info = info;
    role.images = isArray(this.images) ? this.images.slice() : keys(images).sort();
    return { state: state, role: role, nodes: nodesOf(this.nodes) };
  }

  toString(): string {
    return 'Role "' + this.name + '" {}';
  }
}

// Only objects are node schedules; anything else a driver left is dropped
// (the driver's own map when it left nothing else: a cluster has thousands
// of roles).
function nodesOf(value: unknown): { [hostname: string]: JsonObject } {
  var nodes = objectOrEmpty(value);
  var hosts = nodes === null ? [] : keys(nodes);
  var all = 0;
  while (all < hosts.length && isObject((nodes as JsonObject)[hosts[all]])) all++;
  if (nodes !== null && all === hosts.length && nodes === value) return nodes as { [hostname: string]: JsonObject };
  var out: { [hostname: string]: JsonObject } = {};
  for (var i = 0; i < hosts.length; i++) {
    var node = (nodes as JsonObject)[hosts[i]];
    if (isObject(node)) setKey(out, hosts[i], node);
  }
  return out;
}

/** A role from its fields, for tests (the reference's from_fields). */
export function fromFields(fields: RoleFields): Role {
  return new Role(fields);
}

function parentStates(input: unknown, name: string): ParentState[] {
  var out: ParentState[] = [];
  var parents = parentsOf(input);
  for (var i = 0; i < parents.length; i++) {
    var p = parents[i];
    var byRole = isObject(p) ? objectOrEmpty(p.state) : null;
    if (byRole === null || !has(byRole, name) || byRole[name] == null) continue;
    // Lua-era `[]` for an empty state reads as `{}`.
    var entry: ParentState = { state: objectOrEmpty(byRole[name]) || byRole[name] };
    if (isObject(p) && typeof p.owner_hostname === 'string') entry.origin = p.owner_hostname;
    out.push(entry);
  }
  return out;
}

// After a driver failure the role keeps what its parents say (state and
// nodes, all parents united, or the driver's own merge of their states), so
// a bug or bad data in one role neither stops the other roles nor drops
// this role's groups and processes.
function keepPrevious(role: Role, input: unknown, driver: Driver | null, params: PrepareParams): void {
  var own = driver !== null && isObject(driver) && typeof driver.mergeParents === 'function' ? driver : null;
  var previous = previousRole(input, role.name);
  role.state = previous.state;
  role.nodes = previous.nodes;
  // The versions and images in use as the parent saw them: what the driver
  // would have kept is unknown, and renderers clean up what is not listed.
  role.carried = previous.role;
  role.aliveVersions = null;
  role.images = null;
  role.extra = {};
  if (own === null) return;
  try {
    role.state = (own.mergeParents as (params: PrepareParams) => JsonObject)(params);
  } catch (e) {
    role.log.error('merging the parents failed too; their states are united as they are:', errorText(e));
  }
}

/** A role for each runtime project, each handed to a driver made by
 * `driverFactory(role, runtime)`. A driver that throws is logged on its role,
 * which then keeps its previous state and nodes. Without a factory the roles
 * are only split (versions, parameters), with no state. With one, a project
 * the parents have but the runtime lacks is carried over unchanged for
 * `options.absent_runtime_grace_ms` (see absent.ts). Roles are made in name
 * order, so the log and `changes` do not follow the input's key order. */
export function fromState(input: unknown, driverFactory?: DriverFactory, hooks?: Hooks, options?: AbsentOptions): { [name: string]: Role } {
  var roles: { [name: string]: Role } = {};
  var runtimes = objectOrEmpty(isObject(input) ? input.runtime : null);
  if (runtimes === null) {
    new Logger().error('input.runtime is not an object, but ' + typeName(isObject(input) ? input.runtime : input) + '; no roles');
    // Every project is missing then: carried over like one that is.
    if (typeof driverFactory === 'function') carryAbsent(input, roles, options);
    return roles;
  }
  var names = keys(runtimes).sort();
  // Projects whose entry holds no version metadata, with why.
  var unusable: { [name: string]: string } = {};
  for (var i = 0; i < names.length; i++) {
    var role = new Role({ name: names[i] });
    var runtime = objectOrEmpty(runtimes[names[i]]);
    var split = splitVersions(runtime === null ? {} : runtime);
    if (typeof driverFactory === 'function' && split.descending.length === 0) {
      // A metadata directory not synced yet, or a stray entry: a driver run
      // on it would stop every process of the project and give up its
      // images. It is read as missing from the runtime instead.
      setKey(unusable, names[i], runtime === null ? 'is not an object, but ' + typeName(runtimes[names[i]]) : 'holds no version metadata');
      continue;
    }
    if (runtime === null) {
      role.log.error('runtime is not an object, but ' + typeName(runtimes[names[i]]) + '; read as empty');
      runtime = {};
    }
    // The entries are the input's own metadata, not copies (copying all of
    // it was most of a large cluster's run): a driver replaces an entry to
    // annotate it, never edits one.
    role.versions = split.versions;
    role.descendingVersions = split.descending;
    role.parameters = split.parameters;
    if (typeof driverFactory === 'function') {
      var params: PrepareParams = {
        role: role,
        runtime: runtime,
        input: input as JsonObject,
        actions: roleActions(input, role.name),
        parents: parentStates(input, role.name),
        hooks: isObject(hooks) ? (hooks as Hooks) : {},
      };
      var driver: Driver | null = null;
      try {
        driver = driverFactory(role, runtime);
        driver.prepare(params);
      } catch (e) {
        role.error = errorText(e);
        role.log.error('driver failed; the role keeps its previous state and nodes:', role.error);
        keepPrevious(role, input, driver, params);
      }
    }
    setKey(roles, role.name, role);
  }
  if (typeof driverFactory === 'function') carryAbsent(input, roles, options, unusable);
  return roles;
}

function carryAbsent(input: unknown, roles: { [name: string]: Role }, options?: AbsentOptions, unusable?: { [name: string]: string }): void {
  var absent = absentRoles(input, roles, options, unusable);
  for (var i = 0; i < absent.length; i++) {
    var role = new Role({ name: absent[i].name });
    role.state = absent[i].previous.state;
    role.nodes = absent[i].previous.nodes;
    role.carried = absent[i].previous.role;
    var actions = roleActions(input, role.name);
    var ids = keys(actions).sort();
    for (var j = 0; j < ids.length; j++) {
      role.log.error('action', ids[j], 'refused: the project is missing from the runtime');
      answer(ids[j], { error: 'project ' + role.name + ' is missing from the runtime; nothing was changed' });
    }
    setKey(roles, role.name, role);
  }
}

/** Actions no role will see: no `button.role`, or a role that is not among
 * `roles` (an object keyed by role name: what `fromState` returned, or a
 * `stateByRole` config); by default the runtime's projects. */
export function unroutedActions(input: unknown, roles?: object): { [actionId: string]: Json } {
  var out: { [actionId: string]: Json } = {};
  var known = roles != null ? roles : objectOrEmpty(isObject(input) ? input.runtime : null) || {};
  var all = objectOrEmpty(isObject(input) ? input.actions : null);
  if (all === null) return out;
  var ids = keys(all);
  for (var i = 0; i < ids.length; i++) {
    var r = actionRole(all[ids[i]]);
    if (r === null || !has(known, r)) setKey(out, ids[i], all[ids[i]]);
  }
  return out;
}

/** Answers each unrouted action `{error: "unknown role"}` (see `log.answer`)
 * and logs it; returns them. */
export function answerUnrouted(input: unknown, roles?: object): { [actionId: string]: Json } {
  var unrouted = unroutedActions(input, roles);
  var ids = keys(unrouted).sort();
  var log = new Logger();
  for (var i = 0; i < ids.length; i++) {
    log.error('action', ids[i], 'is for an unknown role:', actionRole(unrouted[ids[i]]));
    answer(ids[i], { error: 'unknown role' });
  }
  return unrouted;
}

export type MergedOutput = {
  state: { [role: string]: JsonObject };
  roles: { [role: string]: JsonObject };
  nodes: { [hostname: string]: { roles: { [role: string]: JsonObject } } };
};

/** One schedule from the roles' outputs. */
export function mergeOutput(roles: { [name: string]: Role }): MergedOutput {
  var result: MergedOutput = { state: {}, roles: {}, nodes: {} };
  // result.nodes by hostname, read without `has` (a node for each role).
  var byHost = dict<{ roles: { [role: string]: JsonObject } }>();
  var names = keys(roles);
  for (var i = 0; i < names.length; i++) {
    var name = names[i];
    var role = roles[name];
    if (!role || typeof role.output !== 'function') continue;
    var out = role.output();
    if (out.state !== null) put(result.state, name, out.state);
    put(result.roles, name, out.role);
    var hosts = Object.keys(out.nodes);
    for (var j = 0; j < hosts.length; j++) {
      var host = hosts[j];
      var node = byHost[host];
      if (node === undefined) {
        node = { roles: {} };
        put(byHost, host, node);
        put(result.nodes, host, node);
      }
      put(node.roles, name, out.nodes[host]);
    }
  }
  return result;
}
