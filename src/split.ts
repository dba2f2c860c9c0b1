// Per-role views of the scheduler input, as the reference's split module
// gives them: a role's actions, its states in the parent schedules, its
// metrics by hostname, and all of it at once per configured role. Nothing
// here throws on malformed input: what can't be read is left out.
import { Json, JsonObject, isObject, keys, objectOrEmpty, setKey } from './json';
import { isArray } from './array';
import { splitVersions } from './version/util';
import { Action } from './types';

/** The role a posted action is for (`button.role`), or null. */
export function actionRole(action: unknown): string | null {
  var button = isObject(action) ? action.button : null;
  return isObject(button) && typeof button.role === 'string' ? button.role : null;
}

function inputField(input: unknown, name: string): unknown {
  return isObject(input) ? input[name] : undefined;
}

/** The actions whose button names `role`, under their ids. */
export function actions(input: unknown, role: string): { [actionId: string]: Action } {
  var out: { [actionId: string]: Action } = {};
  var all = objectOrEmpty(inputField(input, 'actions'));
  if (all === null || typeof role !== 'string') return out;
  var ids = keys(all);
  for (var i = 0; i < ids.length; i++) {
    if (actionRole(all[ids[i]]) === role) setKey(out, ids[i], all[ids[i]] as Action);
  }
  return out;
}

/** The role's state in each parent schedule that has one, in parent order.
 * A Lua-era `[]` (an empty object) reads as `{}`. A state that is not an
 * object is passed on as it is: it is still the parent's word on the role,
 * and leaving it out could read as "no groups"; the driver's validation
 * reports it. */
export function states(input: unknown, role: string): Json[] {
  var out: Json[] = [];
  var parents = inputField(input, 'parents');
  if (!isArray(parents) || typeof role !== 'string') return out;
  for (var i = 0; i < parents.length; i++) {
    var parent = parents[i];
    var byRole = isObject(parent) ? objectOrEmpty(parent.state) : null;
    if (byRole === null || !Object.prototype.hasOwnProperty.call(byRole, role)) continue;
    var st = byRole[role];
    if (st === null || st === undefined) continue;
    var obj = objectOrEmpty(st);
    out.push(obj !== null ? obj : st);
  }
  return out;
}

/** `{hostname: {metric: value}}` for the metrics named `<role>.<metric>`;
 * metrics of peers that are not in `peers` are left out. */
export function metrics(input: unknown, role: string): { [hostname: string]: JsonObject } {
  var out: { [hostname: string]: JsonObject } = {};
  var all = objectOrEmpty(inputField(input, 'metrics'));
  var peers = objectOrEmpty(inputField(input, 'peers'));
  if (all === null || peers === null || typeof role !== 'string') return out;
  var prefix = role + '.';
  var ids = keys(all);
  for (var i = 0; i < ids.length; i++) {
    var peer = Object.prototype.hasOwnProperty.call(peers, ids[i]) ? peers[ids[i]] : null;
    var nodeMetrics = objectOrEmpty(all[ids[i]]);
    if (!isObject(peer) || typeof peer.hostname !== 'string' || nodeMetrics === null) continue;
    var mine: JsonObject = {};
    var names = keys(nodeMetrics);
    for (var j = 0; j < names.length; j++) {
      var name = names[j];
      if (name.length > prefix.length && name.substring(0, prefix.length) === prefix) {
        setKey(mine, name.substring(prefix.length), nodeMetrics[name]);
      }
    }
    setKey(out, peer.hostname, mine);
  }
  return out;
}

/** What a role is configured with in `stateByRole`. */
export interface RoleConfig {
  /** The runtime project of the role; the role's own name when missing. */
  runtime?: string;
  daemons?: JsonObject;
}

/** One role's view of the input. Keys are those of the reference's
 * split.state_by_role, so the props read the same after a port; the object
 * is what `version.selectAuto`/`selectManual` take. */
export interface RoleView {
  role: string;
  /** The whole runtime project (versions and parameters). */
  runtime: JsonObject;
  parameters: JsonObject;
  versions: { [version: string]: Json };
  /** Newest first. */
  descending_versions: string[];
  actions: { [actionId: string]: Action };
  parents: Json[];
  metrics: { [hostname: string]: JsonObject };
  daemons: JsonObject;
  peers: JsonObject;
  /** Only when the input has them. */
  peer_set?: Json;
  now?: number;
}

/** A `RoleView` for each role of `config` (`{role: {runtime, daemons}}`). */
export function stateByRole(input: unknown, config: { [role: string]: RoleConfig }): { [role: string]: RoleView } {
  var out: { [role: string]: RoleView } = {};
  var roles = keys(config);
  var runtimes = objectOrEmpty(inputField(input, 'runtime')) || {};
  var peers = objectOrEmpty(inputField(input, 'peers')) || {};
  for (var i = 0; i < roles.length; i++) {
    var name = roles[i];
    var cfg: { [k: string]: unknown } = isObject(config[name]) ? (config[name] as { [k: string]: unknown }) : {};
    var project = typeof cfg.runtime === 'string' ? cfg.runtime : name;
    var runtime = Object.prototype.hasOwnProperty.call(runtimes, project) ? objectOrEmpty(runtimes[project]) || {} : {};
    var split = splitVersions(runtime);
    var view: RoleView = {
      role: name,
      runtime: runtime,
      parameters: split.parameters,
      versions: split.versions,
      descending_versions: split.descending,
      actions: actions(input, name),
      parents: states(input, name),
      metrics: metrics(input, name),
      daemons: isObject(cfg.daemons) ? cfg.daemons : {},
      peers: peers,
    };
    var peerSet = inputField(input, 'peer_set');
    if (peerSet !== undefined) view.peer_set = peerSet as Json;
    var now = inputField(input, 'now');
    if (typeof now === 'number') view.now = now;
    setKey(out, name, view);
  }
  return out;
}
