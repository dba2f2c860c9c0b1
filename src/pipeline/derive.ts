// A group's update pipeline, from the `update` configs of its services: one
// stage per kind of restart (or per custom `stage`), one per run-once
// command, one for test mode, in an order that honours before/after.
import { Logger } from '../log';
import { has, isObject, keys, objectOrEmpty, setKey } from '../json';
import { Stage } from '../types';
import { defaultRestart, isCommand, serviceNames, validateServiceConfig } from './config';
import { Edge, orderStages } from './order';
import { validatePipeline } from './schema';
import { RANK, addCommand, addRestart, addTestMode, newBuilder } from './stages';

export interface PipelineResult {
  /** null when there is no usable pipeline; `error` says why. */
  pipeline: Stage[] | null;
  error?: string;
  /** For a before/after cycle: its stages, in cycle order. */
  cycle?: string[];
}

function sortEdges(edges: Edge[]): Edge[] {
  return edges.slice().sort(function (x, y) {
    return x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0;
  });
}

/** The pipeline for services' `update` configs (service name to config, as
 * in version metadata; validated here). A config that can't be read makes
 * that service a quick restart, logged, as the reference did for services
 * it couldn't classify. Stages that clash or a before/after cycle give an
 * error instead of a pipeline. Independent of the configs' key order. */
export function derivePipeline(configs: unknown, log?: Logger): PipelineResult {
  var lg = log || new Logger();
  var all = objectOrEmpty(configs);
  if (all === null) return { pipeline: null, error: 'update configs are not an object' };
  var b = newBuilder();
  var names = serviceNames(all);
  for (var i = 0; i < names.length; i++) {
    var service = names[i];
    var r = validateServiceConfig(all[service], '.' + service);
    var cfg = r.value;
    if (!r.ok) {
      lg.invalid("can't classify service " + service + ', treating it as a quick restart', all[service], r.errors);
      cfg = defaultRestart();
    }
    if (isCommand(cfg)) {
      addCommand(b, service, cfg);
    } else {
      addRestart(b, service, cfg);
      if (cfg.test_mode_percent > 0) addTestMode(b, service, cfg);
    }
  }
  if (b.clashes.length) return { pipeline: null, error: b.clashes.join('; ') };
  var stageNames = keys(b.drafts).sort();
  var rank: { [name: string]: number } = {};
  for (var j = 0; j < stageNames.length; j++) setKey(rank, stageNames[j], RANK[b.drafts[stageNames[j]].stage.kind]);
  var ordered = orderStages(stageNames, rank, b.hard, sortEdges(b.implied).concat(sortEdges(b.defaults)));
  if (ordered.order === null) {
    var cycle = ordered.cycle as string[];
    return {
      pipeline: null,
      error: 'before/after constraints form a cycle: ' + cycle.concat([cycle[0]]).join(' -> '),
      cycle: cycle,
    };
  }
  var pipeline: Stage[] = [];
  for (var k = 0; k < ordered.order.length; k++) pipeline.push(b.drafts[ordered.order[k]].stage);
  // A pipeline goes into the update state; never hand out one it would reject.
  var check = validatePipeline(pipeline);
  if (!check.ok) return { pipeline: null, error: 'derived pipeline is invalid: ' + check.errors.join('; ') };
  return { pipeline: check.value };
}

/** The pipeline that updating a group to the version with metadata `meta`
 * would take. `services` is the group's `{name: {service, ...}}`: each runs
 * daemon `service` of the version, whose `update` key configures it.
 * Metadata without `daemons` (or not an object) is an error for this
 * version only; the reference crashed the whole scheduler run on it. */
export function groupPipeline(meta: unknown, services: unknown, log?: Logger): PipelineResult {
  var lg = log || new Logger();
  if (!isObject(meta)) return { pipeline: null, error: 'version metadata is not an object' };
  if (!has(meta, 'daemons')) return { pipeline: null, error: 'version metadata has no "daemons"' };
  var daemons = objectOrEmpty(meta.daemons);
  if (daemons === null) return { pipeline: null, error: 'version metadata\'s "daemons" is not an object' };
  var group = objectOrEmpty(services);
  if (group === null) return { pipeline: null, error: 'group services are not an object' };
  var configs: { [service: string]: unknown } = {};
  var names = keys(group).sort();
  for (var i = 0; i < names.length; i++) {
    var entry = group[names[i]];
    var daemon = isObject(entry) ? entry.service : undefined;
    if (typeof daemon !== 'string') {
      return { pipeline: null, error: 'group service ' + names[i] + ' names no daemon (its "service" is not a string)' };
    }
    var info = has(daemons, daemon) ? daemons[daemon] : undefined;
    if (!isObject(info)) {
      lg.error('service', names[i], 'runs daemon', daemon, 'which the version does not have; treating it as a quick restart');
      setKey(configs, names[i], {});
    } else {
      setKey(configs, names[i], info.update);
    }
  }
  return derivePipeline(configs, lg);
}
