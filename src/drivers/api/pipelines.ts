// Pipelines are derived once per distinct pair of a group's services and
// the update configs of the daemons they run. Versions of a project mostly
// carry the same configs, and groups the same services, so a role with many
// groups and versions derives a handful of pipelines instead of one per
// version and group (deriving was half of a large cluster's tick in the
// interpreter; the reference spends most of its tick there).
import { Logger } from '../../log';
import { groupPipeline, PipelineResult } from '../../pipeline/derive';
import { has, isObject, keys, setKey } from '../../json';
import { Service } from './state';

// What the pipeline depends on in a daemon: its `update` in the version,
// as JSON text (derivePipeline reads configs whatever their key order, so
// equal text means an equal pipeline); a daemon the version lacks is marked.
function daemonKey(daemons: { [name: string]: unknown }, daemon: string): string {
  var info = has(daemons, daemon) ? daemons[daemon] : undefined;
  return !isObject(info) ? '!' : info.update === undefined ? '-' : JSON.stringify(info.update);
}

export class PipelineCache {
  private results: { [key: string]: PipelineResult } = {};
  private versions: { [version: string]: unknown };
  /** Per version, daemonKey by daemon, as they are asked for. */
  private daemonKeys: { [version: string]: { [daemon: string]: string } } = {};

  constructor(versions: { [version: string]: unknown }) {
    this.versions = versions;
  }

  /** The pipeline for moving `services` to `version`; null (with the error)
   * when the version is unknown or its metadata gives none. A problem with
   * a config is logged where that config is first derived. */
  get(version: string, services: { [name: string]: Service }, log: Logger): PipelineResult {
    if (!has(this.versions, version)) return { pipeline: null, error: 'no such version ' + version };
    var meta = this.versions[version];
    var daemons = isObject(meta) && has(meta, 'daemons') ? meta.daemons : null;
    // Metadata that gives no daemons is this version's own error.
    if (!isObject(daemons)) return this.derive('\u0002' + version, meta, services, log);
    if (!has(this.daemonKeys, version)) setKey(this.daemonKeys, version, {});
    var known = this.daemonKeys[version];
    var names = keys(services).sort();
    var key = '';
    for (var i = 0; i < names.length; i++) {
      var daemon = services[names[i]].service;
      if (typeof daemon !== 'string') return groupPipeline(meta, services, log);
      if (!has(known, daemon)) setKey(known, daemon, daemonKey(daemons, daemon));
      key += '\u0000' + names[i] + '\u0001' + daemon + '\u0001' + known[daemon];
    }
    return this.derive(key, meta, services, log);
  }

  private derive(key: string, meta: unknown, services: { [name: string]: Service }, log: Logger): PipelineResult {
    if (has(this.results, key)) return this.results[key];
    var result = groupPipeline(meta, services, log);
    setKey(this.results, key, result);
    return result;
  }
}

/** For each of `names` (groups), the index of the first group that runs the
 * same services (names and daemons): groups that do share every pipeline,
 * so only the first need ask the cache. */
export function sameServices(groups: { [name: string]: { services: { [name: string]: Service } } }, names: string[]): number[] {
  var first: { [signature: string]: number } = {};
  var out: number[] = [];
  for (var i = 0; i < names.length; i++) {
    var services = groups[names[i]].services;
    var snames = keys(services).sort();
    var signature = '';
    for (var k = 0; k < snames.length; k++) signature += '\u0000' + snames[k] + '\u0001' + String(services[snames[k]].service);
    if (!has(first, signature)) setKey(first, signature, i);
    out.push(first[signature]);
  }
  return out;
}
