// Carrying out the api driver's actions on a role's groups. Each returns
// the answer for whoever posted it; a refused action changes nothing.
import { Logger } from '../../log';
import { Json, clone, has, setKey } from '../../json';
import { start } from '../../pipeline/start';
import { ApiButton, CheckedAction } from './actions';
import { Group, RoleState, badCount, uniqueServers } from './state';
import { PipelineCache } from './pipelines';
import { clashingService, processName, takeTargetSlots } from './slots';

export interface ApplyContext {
  state: RoleState;
  versions: { [version: string]: unknown };
  pipelines: PipelineCache;
  log: Logger;
  now: number;
  /** Update actions wait for the group's tick, which answers them. */
  queueUpdateAction(group: string, action: CheckedAction): void;
}

type Answer = { [key: string]: Json };
// null: the answer comes later (update actions are answered by the tick).
type Executor = (ctx: ApplyContext, b: ApiButton, action: CheckedAction) => Answer | null;

function refuse(log: Logger, why: string): Answer {
  log.error(why);
  return { error: why };
}

// A name that becomes part of process names and schedule keys.
function badName(what: string, name: string): string | null {
  return name === '' ? what + ' must not be empty' : null;
}


// Hostnames each once; a name listed twice would be placed twice.
function serversOf(list: string[], log: Logger): string[] | string {
  for (var i = 0; i < list.length; i++) if (list[i] === '') return 'servers: an empty hostname';
  var problems: string[] = [];
  var out = uniqueServers(list, 'servers', problems);
  if (problems.length) log.debug(problems.join('; '));
  return out;
}

function done(details?: Answer): Answer {
  var out: Answer = { ok: true };
  if (details) for (var k in details) if (has(details, k)) setKey(out, k, details[k]);
  return out;
}

// Most actions name an existing group; this finds it or says why not.
function withGroup(fn: (ctx: ApplyContext, b: ApiButton, g: Group, log: Logger, a: CheckedAction) => Answer | null): Executor {
  return function (ctx, b, a) {
    var name = b.group as string;
    if (!has(ctx.state.groups, name)) return refuse(ctx.log, 'group ' + name + ' does not exist');
    return fn(ctx, b, ctx.state.groups[name], ctx.log.sub(name), a);
  };
}

/** Deploying means the switch itself: `last_deployed` records when. */
export function switchVersion(g: Group, version: string, now: number): void {
  g.version = version;
  setKey(g.last_deployed, version, now);
}

// The update a group would take to `version`, or why there is none.
export function startUpdate(pipelines: PipelineCache, g: Group, version: string, auto: boolean, now: number, log: Logger): string | null {
  var r = pipelines.get(version, g.services, log);
  if (r.pipeline === null) return "can't compute update pipeline: " + r.error;
  g.update = clone(start(g.version, version, r.pipeline, auto, now)) as unknown as Group['update'];
  log.change((auto ? 'starting automatic update from ' : 'starting update from ') + g.version + ' to ' + version);
  return null;
}

export var EXECUTORS: { [action: string]: Executor } = {
  create_group: function (ctx, b) {
    var name = b.group_name as string;
    var version = b.version as string;
    var bad = badName('group_name', name) || badName('version', version);
    if (bad !== null) return refuse(ctx.log, bad);
    if (has(ctx.state.groups, name)) return refuse(ctx.log, 'group ' + name + ' already exists');
    if (!has(ctx.versions, version)) return refuse(ctx.log, 'no such version ' + version);
    var g: Group = { version: version, auto_update: false, last_deployed: {}, services: {} };
    switchVersion(g, version, ctx.now);
    setKey(ctx.state.groups, name, g);
    ctx.log.change('new group', name, 'at', version);
    return done({ group: name, version: version });
  },

  // Also mid-update, as the web UI offers it and the reference did: the
  // update goes with the group.
  delete_group: withGroup(function (ctx, b, g) {
    var during = g.update ? ' (its update to ' + (g.update as { target_ver?: string }).target_ver + ' dropped)' : '';
    delete ctx.state.groups[b.group as string];
    ctx.log.change('deleted group', b.group + during);
    return done({ group: b.group as string });
  }),

  add_daemon: withGroup(function (ctx, b, g, log) {
    var name = b.new_name as string;
    var bad = badName('new_name', name) || badCount(b.number_per_server as number);
    if (bad !== null) return refuse(log, bad);
    var servers = serversOf(b.servers as string[], log);
    if (typeof servers === 'string') return refuse(log, servers);
    if (has(g.services, name)) return refuse(log, 'group already has service ' + name);
    var clash = clashingService(ctx.state.groups, b.group as string, name);
    if (clash !== null) {
      return refuse(log, 'service ' + name + ' would run as ' + processName(b.group as string, name, 1) + ' and ' + processName(b.group as string, name, 2) +
        ', names ' + clash + ' takes too; choose another name');
    }
    if (g.update) return refuse(log, "group is updating; can't add a service until the update ends");
    var meta = (has(ctx.versions, g.version) ? ctx.versions[g.version] : undefined) as { daemons?: { [k: string]: unknown } } | undefined;
    var daemons = meta && meta.daemons;
    if (!daemons || typeof daemons !== 'object' || !has(daemons, b.service as string)) {
      return refuse(log, 'version ' + g.version + ' has no daemon ' + b.service);
    }
    var svc: Group['services'][string] = {
      service: b.service as string,
      servers: servers,
      number_per_server: b.number_per_server as number,
    };
    if (b.variables) svc.variables = clone(b.variables);
    setKey(g.services, name, svc);
    log.change('added service', name, '(' + b.service + ') on', svc.servers.join(', ') || 'no servers');
    return done({ service: name, servers: servers.slice() });
  }),

  delete_daemon: withGroup(function (_ctx, b, g, log) {
    var name = b.name as string;
    if (!has(g.services, name)) return refuse(log, 'no such service ' + name);
    if (g.update) return refuse(log, "group is updating; can't delete a service until the update ends");
    delete g.services[name];
    log.change('deleted service', name);
    return done({ service: name });
  }),

  set_servers: withGroup(function (_ctx, b, g, log) {
    var name = b.service as string;
    if (!has(g.services, name)) return refuse(log, 'no such service ' + name);
    var servers = serversOf(b.servers as string[], log);
    if (typeof servers === 'string') return refuse(log, servers);
    g.services[name].servers = servers;
    log.change('service', name, 'now on', g.services[name].servers.join(', ') || 'no servers');
    return done({ service: name, servers: servers.slice() });
  }),

  set_number_per_server: withGroup(function (_ctx, b, g, log) {
    var name = b.service as string;
    var n = b.number_per_server as number;
    if (!has(g.services, name)) return refuse(log, 'no such service ' + name);
    var bad = badCount(n);
    if (bad !== null) return refuse(log, bad);
    g.services[name].number_per_server = n;
    log.change('service', name, 'now runs', n, 'per server');
    return done({ service: name, number_per_server: n });
  }),

  enable_auto_update: withGroup(function (_ctx, _b, g, log) {
    g.auto_update = true;
    log.change('auto update enabled');
    return done();
  }),

  disable_auto_update: withGroup(function (_ctx, _b, g, log) {
    g.auto_update = false;
    log.change('auto update disabled');
    return done();
  }),

  force_version: withGroup(function (ctx, b, g, log) {
    var version = b.to_version as string;
    var bad = badName('to_version', version);
    if (bad !== null) return refuse(log, bad);
    if (!has(ctx.versions, version)) return refuse(log, 'no such version ' + version);
    var target = g.update ? (g.update as { target_ver?: string }).target_ver : undefined;
    var dropped = g.update ? ' (update to ' + target + ' dropped)' : '';
    // Forcing the version an update was moving to keeps what already runs
    // it; anything else is a switch in place, a restart of every process.
    var keeps = target === version && version !== g.version;
    if (keeps) takeTargetSlots(g);
    delete g.update;
    log.change('forced version', g.version, '->', version + dropped);
    if (version !== g.version) {
      log.change(keeps ? 'processes already on ' + version + ' keep running; the rest restart'
        : 'every process of the group restarts on ' + version);
    }
    switchVersion(g, version, ctx.now);
    return done({ version: version });
  }),

  start_update: withGroup(function (ctx, b, g, log) {
    var version = b.to_version as string;
    if (g.update) return refuse(log, 'group is still updating');
    var bad = badName('to_version', version);
    if (bad !== null) return refuse(log, bad);
    if (!has(ctx.versions, version)) return refuse(log, 'no such version ' + version);
    if (version === g.version) return refuse(log, 'group already runs ' + version);
    var why = startUpdate(ctx.pipelines, g, version, false, ctx.now, log);
    if (why !== null) return refuse(log, why);
    return done({ from: g.version, to: version });
  }),

  update_action: withGroup(function (ctx, b, g, log, a) {
    if (!g.update) return refuse(log, 'no update in progress, nothing to ' + b.update_action);
    // Answered by the group's tick, after the other actions.
    ctx.queueUpdateAction(b.group as string, a);
    return null;
  }),
};

