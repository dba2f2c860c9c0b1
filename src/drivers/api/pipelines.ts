// Pipelines are derived once per distinct (version, services) pair: groups
// that run the same services share them, and a role with many groups and
// versions would otherwise redo the same work for every pair (the reference
// spends most of a large cluster's tick there).
import { Logger } from '../../log';
import { groupPipeline, PipelineResult } from '../../pipeline/derive';
import { has, keys, setKey } from '../../json';
import { Service } from './state';

export class PipelineCache {
  private results: { [key: string]: PipelineResult } = {};
  private versions: { [version: string]: unknown };

  constructor(versions: { [version: string]: unknown }) {
    this.versions = versions;
  }

  /** The pipeline for moving `services` to `version`; null (with the error)
   * when the version is unknown or its metadata gives none. */
  get(version: string, services: { [name: string]: Service }, log: Logger): PipelineResult {
    var names = keys(services).sort();
    var key = version;
    for (var i = 0; i < names.length; i++) key += '\u0000' + names[i] + '\u0001' + services[names[i]].service;
    if (has(this.results, key)) return this.results[key];
    var result: PipelineResult;
    if (!has(this.versions, version)) result = { pipeline: null, error: 'no such version ' + version };
    else result = groupPipeline(this.versions[version], services, log);
    setKey(this.results, key, result);
    return result;
  }
}
