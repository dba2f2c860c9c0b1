// Node placement: what each server runs for a role, from its groups'
// services, shaped as verwalter's example lithos template reads it. During
// an update a service's instances are split between the source and target
// versions by the pipeline's current percentages, each version under its
// own process name, which it keeps for as long as it runs (slots.ts).
import { Logger } from '../../log';
import { JsonObject, has, keys, setKey } from '../../json';
import { ProcessVersions, UpdateState } from '../../types';
import { current } from '../../pipeline/current';
import { spread } from '../../pipeline/spread';
import { Group, Service, uniqueServers } from './state';
import { Slot, otherSlot, processName, slotOf } from './slots';
import { PipelineCache } from './pipelines';

export interface NodeRole {
  daemons: { [process: string]: JsonObject };
  commands: { [process: string]: JsonObject };
}

type Nodes = { [hostname: string]: NodeRole };

function node(nodes: Nodes, host: string): NodeRole {
  if (!has(nodes, host)) setKey(nodes, host, { daemons: {}, commands: {} });
  return nodes[host];
}

// A stable small number per process, so the extra instances that rounding
// leaves over land on the same servers run after run.
function seedOf(name: string): number {
  var h = 0;
  for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) % 1000003;
  return h;
}

function processEntry(d: JsonObject, svc: Service, group: string, name: string, version: string, instances: number): JsonObject {
  var entry: JsonObject = {
    image: d.image, config: d.config, instances: instances,
    version: version, group: group, service: name, daemon: svc.service,
  };
  if (svc.variables) entry.variables = svc.variables;
  return entry;
}

// The version the group runs keeps the service's slot; the update's
// target takes the other.
function slotFor(version: string, source: string, slot: Slot): Slot {
  return version === source ? slot : otherSlot(slot);
}

/** What every server runs for the role's groups; `pipelines` (the run's
 * cache over the role's versions) knows their daemons, and which are
 * run-once commands. */
export function placeNodes(groups: { [name: string]: Group }, pipelines: PipelineCache, log: Logger): Nodes {
  var nodes: Nodes = {};
  var owners: Owners = {};
  var gnames = keys(groups).sort();
  for (var i = 0; i < gnames.length; i++) {
    var gname = gnames[i];
    var g = groups[gname];
    var update = g.update ? (g.update as unknown as UpdateState) : null;
    var shares: ProcessVersions | null = update ? current(update) : null;
    var snames = keys(g.services).sort();
    for (var j = 0; j < snames.length; j++) {
      placeService(nodes, owners, gname, snames[j], g, update, shares, log, pipelines);
    }
  }
  return nodes;
}

// Which group service took each process name on each host, this run.
type Owners = { [hostTableName: string]: string };

// Two group services can come to share a process name (add_daemon refuses
// such names, but a parent written before may hold them): the first placed
// keeps it, the other is not placed there, and never silently.
function put(nodes: Nodes, owners: Owners, host: string, table: 'daemons' | 'commands', name: string, entry: JsonObject, owner: string, log: Logger): void {
  var key = host + '\u0000' + table + '\u0000' + name;
  if (has(owners, key) && owners[key] !== owner) {
    log.error('process', name, 'on', host, 'is the name of', owners[key], 'and of', owner + ';', owner, 'is not placed there (names joined by dashes meet: rename one)');
    return;
  }
  setKey(owners, key, owner);
  setKey(node(nodes, host)[table], name, entry);
}

function placeService(nodes: Nodes, owners: Owners, gname: string, name: string, g: Group, update: UpdateState | null,
                      shares: ProcessVersions | null, log: Logger, pipelines: PipelineCache): void {
  var svc = g.services[name];
  var owner = 'service ' + name + ' of group ' + gname;
  // Each server once: a name listed twice must not get a second copy.
  var servers = uniqueServers(svc.servers, 'servers', []).sort();
  var process = gname + '-' + name;
  var slot = slotOf(svc);
  var source = update ? update.source_ver : g.version;
  var target = update ? update.target_ver : g.version;
  var named = update !== null && shares !== null && has(shares, name);
  // A service the update's pipeline doesn't name keeps running what it ran
  // (most services, most of the time: no split to sort).
  var split: { [version: string]: number } | null = named ? (shares as ProcessVersions)[name] : null;
  var live: string[] = [];
  if (split === null) live.push(source);
  else {
    // The source first: it keeps the service's slot.
    var running = keys(split).sort(function (a, b) { return a === source ? -1 : b === source ? 1 : 0; });
    for (var k = 0; k < running.length; k++) if (split[running[k]] > 0) live.push(running[k]);
  }

  // The by-hand form of a run-once command, for people to run it again:
  // the version its stage runs while it runs, else what the group runs.
  var cmdVersion = split !== null && has(split, target) && split[target] > 0 ? target : source;
  var cmd = pipelines.daemon(cmdVersion, svc.service);
  if (cmd.runOnce) {
    for (var c = 0; c < servers.length; c++) {
      put(nodes, owners, servers[c], 'commands', 'cmd.' + process, { image: (cmd.meta as JsonObject).image, config: (cmd.meta as JsonObject).config, version: cmdVersion }, owner, log);
    }
    // It runs (once, on the first server) only while its own stage runs it.
    if (!named || live.length === 0 || servers.length === 0) return;
    var d0 = pipelines.daemon(live[0], svc.service).meta;
    // One version at a time, for one stage: it needs no second slot.
    if (d0) put(nodes, owners, servers[0], 'daemons', process, processEntry(d0, svc, gname, name, live[0], 1), owner, log);
    return;
  }
  if (live.length === 0 || svc.number_per_server <= 0) return;
  var metas: JsonObject[] = [];
  for (var m = 0; m < live.length; m++) {
    var d = pipelines.daemon(live[m], svc.service).meta;
    if (d === null) {
      log.sub(gname).error('version', live[m], 'has no usable daemon', svc.service, 'for service', name, '; not placed');
      return;
    }
    metas.push(d);
  }
  if (live.length === 1) {
    var only = processName(gname, name, slotFor(live[0], source, slot));
    for (var s = 0; s < servers.length; s++) {
      put(nodes, owners, servers[s], 'daemons', only, processEntry(metas[0], svc, gname, name, live[0], svc.number_per_server), owner, log);
    }
    return;
  }
  // Two versions side by side, each under its slot's name, and only on the
  // servers where it has instances.
  var percents: number[] = [];
  for (var p = 0; p < live.length; p++) percents.push((split as ProcessVersions[string])[live[p]]);
  var counts = spread(servers, svc.number_per_server, percents, seedOf(process));
  for (var t = 0; t < servers.length; t++) {
    var per = counts[servers[t]];
    for (var q = 0; q < live.length; q++) {
      if (per[q] > 0) put(nodes, owners, servers[t], 'daemons', processName(gname, name, slotFor(live[q], source, slot)), processEntry(metas[q], svc, gname, name, live[q], per[q]), owner, log);
    }
  }
}
