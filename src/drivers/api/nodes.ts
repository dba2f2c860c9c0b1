// Node placement: what each server runs for a role, from its groups'
// services, shaped as verwalter's example lithos template reads it. During
// an update a service's instances are split between the source and target
// versions by the pipeline's current percentages, each version under its
// own process name, which it keeps for as long as it runs (slots.ts).
import { Logger } from '../../log';
import { JsonObject, has, keys } from '../../json';
import { dict, put } from '../../dict';
import { ProcessVersions, UpdateState } from '../../types';
import { current } from '../../pipeline/current';
import { spread } from '../../pipeline/spread';
import { Group, Service } from './state';
import { Slot, namesMayMeet, otherSlot, processName, slotOf } from './slots';
import { PipelineCache, ServicesShape } from './pipelines';

export interface NodeRole {
  daemons: { [process: string]: JsonObject };
  commands: { [process: string]: JsonObject };
  /** The driver's `template` option, when it has one. */
  template?: string;
}

type Nodes = { [hostname: string]: NodeRole };

// One role's placement under way: the nodes so far, also by host in a map
// without a prototype (read without `has`: placing a role puts a name on
// a node thousands of times); who took each name (see put); and the
// run's cache, which knows the daemons of each version.
interface Placement {
  nodes: Nodes;
  byHost: { [hostname: string]: NodeRole };
  owners: Owners | null;
  pipelines: PipelineCache;
  log: Logger;
  template: string | undefined;
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

/** What every server runs for the role's groups (`gnames`, their names
 * sorted; `shapes`, their services by group), with `template` in each
 * node's role; `pipelines` (the run's cache over the role's versions) knows
 * their daemons, and which are run-once commands. */
export function placeNodes(groups: { [name: string]: Group }, gnames: string[], shapes: { [group: string]: ServicesShape }, pipelines: PipelineCache,
                           log: Logger, template?: string): Nodes {
  var p: Placement = {
    nodes: {}, byHost: dict<NodeRole>(), pipelines: pipelines, log: log, template: template,
    // Only where two services' names can meet: in most roles none can, and
    // the bookkeeping was a third of placing.
    owners: namesMayMeet(gnames, shapes) ? {} : null,
  };
  for (var i = 0; i < gnames.length; i++) {
    var gname = gnames[i];
    var g = groups[gname];
    var update = g.update ? (g.update as unknown as UpdateState) : null;
    var shares: ProcessVersions | null = update ? current(update) : null;
    var snames = shapes[gname].names;
    for (var j = 0; j < snames.length; j++) {
      placeService(p, gname, snames[j], g, update, shares);
    }
  }
  return p.nodes;
}

// Which group service took each process name on each host, this run.
type Owners = { [hostTableName: string]: string };

// `entry` as process `name` on each of `hosts`. Two group services can come
// to share a process name (add_daemon refuses such names, but a parent
// written before may hold them): the first placed keeps it, the other is
// not placed there, and never silently.
function putAll(p: Placement, hosts: string[], table: 'daemons' | 'commands', name: string, entry: JsonObject, owner: string): void {
  var owners = p.owners;
  for (var i = 0; i < hosts.length; i++) {
    var host = hosts[i];
    if (owners !== null) {
      var key = host + '\u0000' + table + '\u0000' + name;
      if (has(owners, key) && owners[key] !== owner) {
        p.log.error('process', name, 'on', host, 'is the name of', owners[key], 'and of', owner + ';', owner, 'is not placed there (names joined by dashes meet: rename one)');
        continue;
      }
      put(owners, key, owner);
    }
    var node = p.byHost[host];
    if (node === undefined) {
      node = { daemons: {}, commands: {} };
      if (p.template !== undefined) node.template = p.template;
      put(p.byHost, host, node);
      put(p.nodes, host, node);
    }
    put(node[table], name, entry);
  }
}

// The servers in name order, a new list (the state's is as people gave
// it): for the few servers of a service an insertion sort, which costs an
// interpreter less than a copy and a sort.
function sortedServers(list: string[]): string[] {
  if (list.length > 8) return list.slice().sort();
  var out: string[] = [];
  for (var i = 0; i < list.length; i++) {
    var host = list[i];
    var j = out.length;
    for (; j > 0 && out[j - 1] > host; j--) out[j] = out[j - 1];
    out[j] = host;
  }
  return out;
}

// An entry's content is the same on every server that runs as many
// instances, so one object serves them all (JSON writes it for each):
// making one per server was most of placing a large role.
function placeService(p: Placement, gname: string, name: string, g: Group, update: UpdateState | null, shares: ProcessVersions | null): void {
  var svc = g.services[name];
  var owner = p.owners === null ? '' : 'service ' + name + ' of group ' + gname;
  var slot = slotOf(svc);
  var source = update ? update.source_ver : g.version;
  var target = update ? update.target_ver : g.version;
  var named = update !== null && shares !== null && has(shares, name);
  // A service the update's pipeline doesn't name keeps running what it ran
  // (most services, most of the time: no split to sort).
  var split: { [version: string]: number } | null = named ? (shares as ProcessVersions)[name] : null;

  // The by-hand form of a run-once command, for people to run it again:
  // the version its stage runs while it runs, else what the group runs.
  var cmdVersion = split !== null && has(split, target) && split[target] > 0 ? target : source;
  var cmd = p.pipelines.daemon(cmdVersion, svc.service);
  if (cmd.runOnce) {
    // Each server once already: every service of a state was read or set
    // through uniqueServers (and hooks and policies get copies).
    var servers = sortedServers(svc.servers);
    var command: JsonObject = { image: (cmd.meta as JsonObject).image, config: (cmd.meta as JsonObject).config, version: cmdVersion };
    var process = processName(gname, name, 1);
    putAll(p, servers, 'commands', 'cmd.' + process, command, owner);
    // It runs (once, on the first server) only while its own stage runs it.
    if (split === null || servers.length === 0) return;
    var first = liveVersions(split, source);
    if (first.length === 0) return;
    var d0 = p.pipelines.daemon(first[0], svc.service).meta;
    // One version at a time, for one stage: it needs no second slot.
    if (d0) putAll(p, [servers[0]], 'daemons', process, processEntry(d0, svc, gname, name, first[0], 1), owner);
    return;
  }
  if (svc.number_per_server <= 0) return;
  if (split === null) {
    placeVersion(p, gname, name, svc, source, cmd.meta, slot, owner);
    return;
  }
  var live = liveVersions(split, source);
  if (live.length === 1) {
    placeVersion(p, gname, name, svc, live[0], live[0] === cmdVersion ? cmd.meta : p.pipelines.daemon(live[0], svc.service).meta, slotFor(live[0], source, slot), owner);
    return;
  }
  if (live.length === 0) return;
  var metas: JsonObject[] = [];
  for (var m = 0; m < live.length; m++) {
    var d = live[m] === cmdVersion ? cmd.meta : p.pipelines.daemon(live[m], svc.service).meta;
    if (d === null) {
      unplaced(p, gname, name, svc, live[m]);
      return;
    }
    metas.push(d);
  }
  var servers = sortedServers(svc.servers);
  // Two versions side by side, each under its slot's name, and only on the
  // servers where it has instances.
  var percents: number[] = [];
  for (var l = 0; l < live.length; l++) percents.push((split as ProcessVersions[string])[live[l]]);
  var counts = spread(servers, svc.number_per_server, percents, seedOf(processName(gname, name, 1)));
  var names: string[] = [];
  // Per version, the entry last made and its instances: servers mostly
  // take one of two counts.
  var made: { entry: JsonObject | null; instances: number }[] = [];
  for (var n = 0; n < live.length; n++) {
    names.push(processName(gname, name, slotFor(live[n], source, slot)));
    made.push({ entry: null, instances: -1 });
  }
  for (var t = 0; t < servers.length; t++) {
    var per = counts[servers[t]];
    for (var q = 0; q < live.length; q++) {
      if (per[q] <= 0) continue;
      if (made[q].instances !== per[q]) {
        made[q].entry = processEntry(metas[q], svc, gname, name, live[q], per[q]);
        made[q].instances = per[q];
      }
      putAll(p, [servers[t]], 'daemons', names[q], made[q].entry as JsonObject, owner);
    }
  }
}

// The versions of a split with instances, the source first: it keeps the
// service's slot.
function liveVersions(split: { [version: string]: number }, source: string): string[] {
  var running = keys(split).sort(function (a, b) { return a === source ? -1 : b === source ? 1 : 0; });
  var live: string[] = [];
  for (var k = 0; k < running.length; k++) if (split[running[k]] > 0) live.push(running[k]);
  return live;
}

function unplaced(p: Placement, gname: string, name: string, svc: Service, version: string): void {
  p.log.sub(gname).error('version', version, 'has no usable daemon', svc.service, 'for service', name, '; not placed');
}

// All the service's instances on each of its servers, one version: `meta`
// its daemon (null: not placed, and said so).
function placeVersion(p: Placement, gname: string, name: string, svc: Service, version: string, meta: JsonObject | null, slot: Slot, owner: string): void {
  if (meta === null) {
    unplaced(p, gname, name, svc, version);
    return;
  }
  if (svc.servers.length === 0) return;
  putAll(p, sortedServers(svc.servers), 'daemons', processName(gname, name, slot), processEntry(meta, svc, gname, name, version, svc.number_per_server), owner);
}
