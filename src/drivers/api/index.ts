// The api driver: groups, services and updates driven from verwalter's web
// UI (or its JSON API), with the versions and images still in use tracked
// for cleanup, and every node's processes placed. One role (project) each.
import { Logger, answer, errorText } from '../../log';
import { compare } from '../../version/compare';
import { Json, JsonObject, clone, has, isObject, keys, setKey } from '../../json';
import { isArray } from '../../array';
import { dict, put } from '../../dict';
import { SchedulerInput, UpdateState } from '../../types';
import { tick, tickValid } from '../../pipeline/tick';
import { CleanPipelines, validateState, validateStates } from '../../pipeline/schema';
import { TrackingOptions } from '../../tracking/index';
import { DeployedByGroup, usedVersionsOfRole } from '../../tracking/used';
import { DeployedEntry, deployedMap, prunedEntries } from '../../tracking/last-deployed';
import { readOptions } from '../../tracking/options';
import { Driver, DriverFactory, Hooks, PrepareParams, Role, fromState, mergeOutput, answerUnrouted } from '../../role';
import { checkActions, CheckedAction } from './actions';
import { Group, ParentState, RoleState, UpdateValidator, mergeParents } from './state';
export { MAX_PER_SERVER } from './state';
import { EXECUTORS, startUpdate, switchVersion } from './apply';
import { PipelineCache, ServicesShape, sameServices, servicesShape } from './pipelines';
import { PipelineResult } from '../../pipeline/derive';
import { placeNodes } from './nodes';
import { takeTargetSlots } from './slots';
import { ApiOptions, readApiOptions } from './options';
import { Policy, heldBack, policyContext, refusedByPolicy } from './policy';

export type { ApiOptions } from './options';
export type { Policy, PolicyContext } from './policy';
export type { ApiSchedule, ApiRoleOutput, ApiVersionInfo, ApiNodeRole } from './types';
import { ApiSchedule } from './types';

function validUpdate(value: unknown) {
  return validateState(value) as unknown as ReturnType<UpdateValidator>;
}

// validUpdate for the many update states of one run (see validateStates).
function validUpdates(cache: CleanPipelines): UpdateValidator {
  return function (value: unknown) {
    return validateStates(value, cache) as unknown as ReturnType<UpdateValidator>;
  };
}

// Every action of the role is answered exactly once: the first answer
// stands (an update action answered by its tick is not answered again when
// the update then ends), and what is left when the driver fails is told so.
class Answers {
  private given: { [id: string]: boolean } = {};

  give(id: string, value: Json): void {
    if (has(this.given, id)) return;
    setKey(this.given, id, true);
    answer(id, value);
  }
}

function runActions(role: Role, st: RoleState, params: PrepareParams, pipelines: PipelineCache, now: number, answers: Answers, policy: Policy | undefined): { [group: string]: CheckedAction[] } {
  var queued: { [group: string]: CheckedAction[] } = {};
  var checked = checkActions(params.actions as { [id: string]: unknown });
  for (var i = 0; i < checked.invalid.length; i++) {
    var bad = checked.invalid[i];
    role.log.invalid('bad action ' + bad.id, params.actions[bad.id], bad.errors);
    answers.give(bad.id, { error: 'invalid action: ' + bad.errors.join('; ') });
  }
  var ctx = {
    state: st, versions: role.versions as { [v: string]: unknown }, pipelines: pipelines, log: role.log, now: now,
    queueUpdateAction: function (group: string, a: CheckedAction) {
      if (!has(queued, group)) setKey(queued, group, []);
      queued[group].push(a);
    },
  };
  for (var j = 0; j < checked.valid.length; j++) {
    var a = checked.valid[j];
    role.log.debug('action', a.button.action, a.id);
    var group = typeof a.button.group === 'string' ? a.button.group : typeof a.button.group_name === 'string' ? a.button.group_name : null;
    var refusal = refusedByPolicy(policy, a.button as unknown as JsonObject, policyContext(role.name, st.groups, group, role.descendingVersions, now), role.log);
    if (refusal !== null) {
      role.log.error('action', a.id, 'refused by policy:', refusal);
      answers.give(a.id, { error: refusal });
      continue;
    }
    var result = EXECUTORS[a.button.action](ctx, a.button, a);
    if (result !== null) answers.give(a.id, result);
  }
  return queued;
}

// `names`: the role's groups, sorted (here and below).
function autoUpdate(role: Role, st: RoleState, names: string[], pipelines: PipelineCache, now: number, policy: Policy | undefined): void {
  var newest = role.descendingVersions[0];
  if (newest === undefined) return;
  for (var i = 0; i < names.length; i++) {
    var g = st.groups[names[i]];
    // Never backwards: a group may run a version whose metadata is gone
    // and that is newer than anything left in the runtime.
    if (!g.auto_update || g.update || compare(newest, g.version) <= 0) continue;
    var log = role.log.sub(names[i]);
    if (heldBack(policy, policyContext(role.name, st.groups, names[i], role.descendingVersions, now), newest, log)) continue;
    var why = startUpdate(pipelines, g, newest, true, now, log);
    if (why !== null) {
      log.error('automatic update to', newest, 'is not possible:', why);
    }
  }
}

function finish(role: Role, name: string, g: Group, hooks: Hooks, now: number): void {
  var u = g.update as unknown as UpdateState;
  var done = u.step === 'done';
  var log = role.log.sub(name);
  var hookName = done ? 'update_done' : 'revert_done';
  var hook = isObject(hooks) && has(hooks, hookName) ? hooks[hookName] : undefined;
  if (typeof hook === 'function') {
    // A scheduler's own hook failing must not keep the update from ending
    // (it would fail again on every run). It gets a copy of the group, as
    // the policy hooks do: the driver's state changes only through buttons.
    try {
      hook(role, name, clone(g as unknown as JsonObject));
    } catch (e) {
      log.error(hookName, 'hook failed:', errorText(e));
    }
  }
  if (done) {
    log.change('update to', u.target_ver, 'done');
    switchVersion(g, u.target_ver, now);
    takeTargetSlots(g);
  } else {
    log.change('update to', u.target_ver, 'reverted; staying at', u.source_ver);
    g.version = u.source_ver;
    // Otherwise the next run would start the same update again, and a
    // failing migration would be retried forever.
    if (g.auto_update) {
      g.auto_update = false;
      log.change('auto update disabled after the revert; enable it again to retry');
    }
  }
  delete g.update;
}

// `validated`: the update states as mergeParents validated them, by group;
// one still in place need not be validated again.
function runUpdates(role: Role, st: RoleState, names: string[], validated: { [group: string]: JsonObject | undefined }, queued: { [group: string]: CheckedAction[] },
                    hooks: Hooks, options: ApiOptions, now: number, answers: Answers): void {
  for (var i = 0; i < names.length; i++) {
    var name = names[i];
    var g = st.groups[name];
    if (!g.update) continue;
    var mine = has(queued, name) ? queued[name] : [];
    var log = role.log.sub(name);
    var step = (g.update as { step?: string }).step;
    if (step !== 'done' && step !== 'revert_done') {
      var list: { id: string; action: unknown }[] = [];
      for (var k = 0; k < mine.length; k++) list.push({ id: mine[k].id, action: { button: mine[k].button } });
      var tickOptions = { autoRevertMs: options.auto_revert_ms };
      var r = has(validated, name) && validated[name] === g.update
        ? tickValid(g.update as unknown as UpdateState, list, now, log, tickOptions)
        : tick(g.update, list, now, log, tickOptions);
      var ids = keys(r.answers);
      for (var a = 0; a < ids.length; a++) answers.give(ids[a], r.answers[ids[a]] as unknown as Json);
      if (r.state === null) {
        log.change('update state is invalid; staying at', g.version);
        delete g.update;
        continue;
      }
      g.update = r.state as unknown as JsonObject;
    }
    var now_step = (g.update as { step?: string }).step;
    if (now_step === 'done' || now_step === 'revert_done') finish(role, name, g, hooks, now);
  }
  // The rest came after their group's update ended (by an earlier action
  // of this run, or before this run) or their group was deleted.
  var rest = keys(queued);
  for (var q = 0; q < rest.length; q++) {
    var why = has(st.groups, rest[q]) ? 'the update has already ended' : 'group ' + rest[q] + ' was deleted';
    for (var z = 0; z < queued[rest[q]].length; z++) answers.give(queued[rest[q]][z].id, { error: why });
  }
}

// What the web UI needs to offer "Start Update": per kept version, the
// pipeline each group would take to it. Only for groups that could start
// one (the UI shows its update section only for a group with no update in
// progress and no auto update, and the driver refuses an update to the
// version a group runs): these were a third of a large schedule, written
// and read back on every run for nobody.
function versionInfo(role: Role, st: RoleState, kept: string[], versions: { [v: string]: unknown }, pipelines: PipelineCache,
                     shapes: { [group: string]: ServicesShape }): void {
  var gnames = Object.keys(st.groups);
  var shapesInOrder: ServicesShape[] = [];
  for (var s = 0; s < gnames.length; s++) shapesInOrder.push(shapes[gnames[s]]);
  var twin = sameServices(shapesInOrder);
  // The groups that could start an update; per twin set (see sameServices)
  // the pipeline it was given for the version `askedFor` names (an index
  // into `kept`).
  var offered: number[] = [];
  var askedFor: number[] = [];
  var given: (PipelineResult | null)[] = [];
  for (var o = 0; o < gnames.length; o++) {
    var og = st.groups[gnames[o]];
    if (!og.update && !og.auto_update) offered.push(o);
    askedFor.push(-1);
    given.push(null);
  }
  for (var v = 0; v < kept.length; v++) {
    var ver = kept[v];
    if (!has(versions, ver) || !isObject(versions[ver])) continue;
    var gp: JsonObject = {};
    for (var j = 0; j < offered.length; j++) {
      var index = offered[j];
      var g = st.groups[gnames[index]];
      if (g.version === ver) continue;
      var first = twin[index];
      if (askedFor[first] !== v) {
        given[first] = pipelines.get(ver, g.services, role.log, gnames[index], shapesInOrder[first]);
        askedFor[first] = v;
      }
      var pipeline = (given[first] as PipelineResult).pipeline;
      if (pipeline !== null) put(gp, gnames[index], pipeline as unknown as Json);
    }
    // A copy with the pipelines: the metadata itself is the caller's input.
    var info: JsonObject = {};
    var fields = Object.keys(versions[ver] as JsonObject);
    for (var f = 0; f < fields.length; f++) put(info, fields[f], (versions[ver] as JsonObject)[fields[f]]);
    info.group_pipelines = gp;
    put(versions, ver, info);
  }
}

function firstLine(text: string): string {
  var nl = text.indexOf('\n');
  return nl < 0 ? text : text.substring(0, nl);
}

/** The api driver for a role; see `driver(options)`, which reads the
 * options once for all roles (this reads them on every call). */
export function prepare(params: PrepareParams, options?: ApiOptions): void {
  prepareChecked(params, readApiOptions(options));
}

function prepareChecked(params: PrepareParams, options: ApiOptions): void {
  var answers = new Answers();
  try {
    run(params, options, answers);
  } catch (e) {
    // The role keeps its previous state (role.fromState); whoever waits on
    // one of its actions still hears that nothing was done.
    var ids = isObject(params) && isObject(params.actions) ? keys(params.actions) : [];
    var name = isObject(params) && params.role ? params.role.name : '?';
    var why = 'role ' + name + ' failed, nothing was changed: ' + firstLine(errorText(e));
    for (var i = 0; i < ids.length; i++) answers.give(ids[i], { error: why });
    throw e;
  }
}

function run(params: PrepareParams, opts: ApiOptions, answers: Answers): void {
  var role = params.role;
  var input = params.input;
  var now = typeof input.now === 'number' ? input.now : 0;
  var hooks = opts.hooks || params.hooks || {};
  var versions = role.versions as { [v: string]: unknown };
  var pipelines = new PipelineCache(versions, role.name, role.descendingVersions[0]);
  var st = mergeParents(params.parents, role.log, validUpdates(pipelines.cleanPipelines()));
  var validated: { [group: string]: JsonObject | undefined } = {};
  var merged = Object.keys(st.groups);
  for (var m = 0; m < merged.length; m++) if (st.groups[merged[m]].update) put(validated, merged[m], st.groups[merged[m]].update);
  var queued = runActions(role, st, params, pipelines, now, answers, opts.policy);
  // The groups are settled (actions add and delete them; nothing after).
  var names = Object.keys(st.groups).sort();
  autoUpdate(role, st, names, pipelines, now, opts.policy);
  runUpdates(role, st, names, validated, queued, hooks, opts, now, answers);
  // Each group's services, as the steps below read them (they are settled
  // too: an update's end changes their slots only).
  var shapes = dict<ServicesShape>();
  for (var n = 0; n < names.length; n++) put(shapes, names[n], servicesShape(st.groups[names[n]].services));

  var tracking: TrackingOptions = { deployed_lifetime_ms: opts.deployed_lifetime_ms, uploaded_lifetime_ms: opts.uploaded_lifetime_ms };
  var trackingErrors: string[] = [];
  var settings = readOptions(tracking, trackingErrors);
  var deployed: DeployedByGroup = dict<DeployedEntry[]>();
  for (var i = 0; i < names.length; i++) {
    var g = st.groups[names[i]];
    var kept = prunedEntries(g.last_deployed, g.version, now, settings);
    g.last_deployed = deployedMap(kept);
    put(deployed, names[i], kept);
  }
  var used = usedVersionsOfRole(versions, role.descendingVersions, st.groups, now, settings, pipelines.imageMemo(), trackingErrors, deployed);
  for (var e = 0; e < used.errors.length; e++) role.log.error('tracking:', used.errors[e]);
  role.aliveVersions = used.versions;
  role.images = used.images;

  versionInfo(role, st, used.versions, versions, pipelines, shapes);
  role.extra = {
    kept_versions: used.kept as unknown as Json,
    downgrades: used.downgrades as unknown as Json,
  };
  if (used.missing.length) role.extra.missing_versions = used.missing;

  role.nodes = placeNodes(st.groups, names, shapes, pipelines, role.log, opts.template || undefined) as unknown as { [host: string]: JsonObject };
  // Every object in `st` was made by this run (parents are read through
  // validators that copy), so it is handed out as it is.
  role.state = st as unknown as JsonObject;
}

/** The role's actions checked: valid ones in timestamp order, invalid ones
 * with their reasons (the reference's `_check_actions`, for tests). */
export function _checkActions(actions: { [id: string]: unknown }): { valid: CheckedAction[]; invalid: { id: string; errors: string[] }[] } {
  return checkActions(isObject(actions) ? actions : {});
}

/** The parents' states of a role merged (the reference's `_merge_states`,
 * for tests): `parents` as `role.fromState` hands them to a driver. */
export function _mergeParents(parents: ParentState[], log?: Logger): RoleState {
  return mergeParents(isArray(parents) ? parents : [], log || new Logger(), validUpdate);
}

/** A driver factory for `role.fromState`; the options are read (and any
 * problem logged) here, once. */
export function driver(options?: ApiOptions): DriverFactory {
  return driverFor(readApiOptions(options));
}

function driverFor(checked: ApiOptions): DriverFactory {
  return function (): Driver {
    return {
      prepare: function (params: PrepareParams) { prepareChecked(params, checked); },
      // When prepare fails: the parents merged as it merges them (its lines
      // were logged already).
      mergeParents: function (params: PrepareParams) {
        return mergeParents(params.parents, new Logger(params.role.name, '', []), validUpdate) as unknown as JsonObject;
      },
    };
  };
}

/** The whole scheduler body: every runtime project is an api-driven role,
 * actions for unknown roles are answered, and the outputs are merged.
 * Wrap it with `log.wrapScheduler`. */
export function schedule(input: SchedulerInput, options?: ApiOptions): ApiSchedule {
  var checked = readApiOptions(options);
  var roles = fromState(input, driverFor(checked), checked.hooks, checked);
  answerUnrouted(input, roles);
  // mergeOutput is driver-agnostic; every role here is the api driver's.
  return mergeOutput(roles) as unknown as ApiSchedule;
}
