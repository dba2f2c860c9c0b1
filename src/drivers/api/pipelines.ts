// Pipelines are derived once per distinct pair of a group's services and
// the update configs of the daemons they run. Versions of a project mostly
// carry the same configs, and groups the same services, so a role with many
// groups and versions derives a handful of pipelines instead of one per
// version and group (deriving was half of a large cluster's tick in the
// interpreter; the reference spends most of its tick there).
import { Logger } from '../../log';
import { linesWritten } from '../../lines';
import { groupPipeline, PipelineResult } from '../../pipeline/derive';
import { isCommand, validateServiceConfig } from '../../pipeline/config';
import { CleanPipelines } from '../../pipeline/schema';
import { Json, JsonObject, has, isObject } from '../../json';
import { Service } from './state';
import { ImageMemo } from '../../tracking/index';
import { dict, put } from '../../dict';

/** What roles share, within a run and from run to run (verwalter keeps its
 * scheduler loaded between runs): pipelines and run-once answers by the
 * content they depend on, so a thousand projects with the same configs
 * derive them once, and a steady cluster not again. A result whose
 * derivation logged a line is not shared (every role and run that meets it
 * must log that line too). */
export interface SharedDerivations {
  pipelines: { [key: string]: PipelineResult };
  runOnce: { [updateText: string]: boolean };
  /** Update states' pipelines validated, by JSON text (validateStates). */
  cleanPipelines: CleanPipelines;
  /** A short name for each daemonKey text seen: keys built from the long
   * texts cost more to make and look up than the lookups save. */
  textIds: { [text: string]: string };
  textCount: number;
  /** By daemon name, the flat `update` configs whose text has an id (see
   * sameConfig): the last few seen, as versions and projects repeat them. */
  configs: { [daemon: string]: KnownConfig[] };
  /** What the last run of each role found in its metadata (RoleMemo). */
  roles: { [role: string]: RoleMemo };
  /** Entries in the maps above but cleanPipelines (which counts its own),
   * to bound the store; a role's memo counts once (it keeps only what the
   * role's last run used). */
  size: number;
}

var store: SharedDerivations | null = null;
// Past this many entries the store starts afresh: a cluster whose configs
// change all the time must not grow it without end.
var MAX_SHARED = 20000;

/** The store, emptied first when it has grown too large. */
export function sharedStore(): SharedDerivations {
  if (store === null || store.size + store.cleanPipelines.count > MAX_SHARED) {
    // Maps without a prototype, read without `has` (see dict).
    store = { pipelines: dict(), runOnce: dict(), cleanPipelines: { texts: {}, count: 0 }, textIds: dict(), textCount: 0, configs: dict(), roles: {}, size: 0 };
  }
  return store;
}

// What the pipeline depends on in a daemon: its `update` in the version,
// as JSON text (derivePipeline reads configs whatever their key order, so
// equal text means an equal pipeline); a daemon the version lacks is marked.
function daemonKey(info: unknown): string {
  return !isObject(info) ? '!' : info.update === undefined ? '-' : JSON.stringify(info.update);
}

/** An `update` config whose values are all strings, numbers, booleans or
 * null (most are): its keys in order, their values (copied: the store
 * outlives the input), and its text's id. */
interface KnownConfig {
  names: string[];
  values: Json[];
  id: string;
}

// At most this many per daemon name: a name's configs in a run are a
// handful (a generated cluster of 1,000 projects had 4 in all).
var CONFIGS_PER_NAME = 4;

// The known config with the same JSON text as `config` (whose keys are
// `names`), or null: the same keys in the same order, and values equal to
// its (which are not objects: equal ones write the same text). Comparing
// costs QuickJS half of JSON.stringify.
function sameConfig(config: JsonObject, names: string[], known: KnownConfig[]): KnownConfig | null {
  for (var k = 0; k < known.length; k++) {
    var other = known[k];
    if (other.names.length !== names.length) continue;
    var i = 0;
    while (i < names.length && names[i] === other.names[i] && config[names[i]] === other.values[i]) i++;
    if (i === names.length) return other;
  }
  return null;
}

// `config` (whose keys are `names`) as a KnownConfig when none of its
// values is an object or a list (the store would keep the input alive, and
// one edited in place would give a wrong match), else null.
function flatConfig(config: JsonObject, names: string[], id: string): KnownConfig | null {
  var values: Json[] = [];
  for (var i = 0; i < names.length; i++) {
    var v = config[names[i]];
    if (v !== null && typeof v === 'object') return null;
    values.push(v);
  }
  return { names: names, values: values, id: id };
}

/** A daemon of a version as placement needs it: its metadata (null when
 * it has no usable image and config) and whether it is a run-once command. */
export interface Daemon {
  meta: JsonObject | null;
  runOnce: boolean;
}

/** What one version's `daemons` object gave: by daemon name, and the
 * pipelines by the signature (see sameServices) of the services moved. */
interface VersionMemo {
  daemons: { [name: string]: unknown };
  keys: { [daemon: string]: string };
  placed: { [daemon: string]: Daemon };
  pipelines: { [signature: string]: PipelineResult };
}

/** What a role's runs found in its metadata objects, kept while the runtime
 * has the same objects: an engine kept loaded between runs may be handed
 * the same runtime again (a simulation is), and metadata is never edited
 * (see role.fromState), so reading them again would find the same.
 * Verwalter parses a new input for every run, whose objects are all new. */
interface RoleMemo {
  /** By version, those the last run asked about; see
   * PipelineCache.memoOf. */
  versions: { [version: string]: VersionMemo };
  /** The images of the versions the last run kept (usedVersions). */
  images: ImageMemo;
  /** The metadata object of the role's newest version in the last run:
   * while it is the same, the runtime is being handed again. */
  newest: unknown;
}

export class PipelineCache {
  private results = dict<PipelineResult>();
  private versions: { [version: string]: unknown };
  private shared: SharedDerivations;
  /** The role's, in `shared` (whose textIds its daemonKeys name). */
  private memo: RoleMemo;
  /** The role's versions memo as the last run left it; this run's is
   * `memo.versions`, made anew, so only versions still asked about are
   * kept. */
  private lastVersions: { [version: string]: VersionMemo };
  /** Whether the last run had the same runtime (see RoleMemo.newest). */
  private again: boolean;

  /** `role`: the name of the role whose runtime `versions` are, `newest`
   * its newest version. */
  constructor(versions: { [version: string]: unknown }, role: string, newest: string | undefined) {
    this.versions = versions;
    this.shared = sharedStore();
    if (!has(this.shared.roles, role)) {
      put(this.shared.roles, role, { versions: dict<VersionMemo>(), images: {}, newest: undefined });
      this.shared.size++;
    }
    this.memo = this.shared.roles[role];
    this.lastVersions = this.memo.versions;
    this.memo.versions = dict<VersionMemo>();
    var meta = newest !== undefined && has(versions, newest) ? versions[newest] : undefined;
    this.again = meta !== undefined && meta === this.memo.newest;
    this.memo.newest = meta;
  }

  /** usedVersions' imageMemo for this run: what the role's last run found,
   * and where this run's findings go, to be read by the next run. Once
   * per run. Null, and nothing remembered, unless the last run had the
   * same runtime: a new input (verwalter parses one for every run) has no
   * object the memo could know, and keeping it cost a tenth of tracking. */
  imageMemo(): { from: ImageMemo; to: ImageMemo } | null {
    if (!this.again) {
      this.memo.images = {};
      return null;
    }
    var memo = { from: this.memo.images, to: {} };
    this.memo.images = memo.to;
    return memo;
  }

  /** The update pipelines validated so far (see SharedDerivations). */
  cleanPipelines(): CleanPipelines {
    return this.shared.cleanPipelines;
  }

  /** The memo of `version`'s daemons, or null when the version is unknown
   * or its metadata has no `daemons` object: what the role's runs found in
   * that object, kept while the version has the same one (see RoleMemo).
   * Making the daemonKey texts was a tenth of a small cluster's run, and
   * reading the daemons for placement another. This run's memo is tried
   * first: placement and the version info ask about the same few versions
   * again and again. */
  private memoOf(version: string): VersionMemo | null {
    // Both memo maps are dicts, read without `has`.
    var current = this.memo.versions;
    var known = current[version];
    if (known !== undefined) {
      // Any value will do: only the version's own daemons are that object.
      var given = this.versions[version] as { daemons?: unknown } | null | undefined;
      if (given != null && given.daemons === known.daemons) return known;
    }
    var meta = has(this.versions, version) ? this.versions[version] : null;
    var daemons = isObject(meta) && has(meta, 'daemons') ? meta.daemons : null;
    if (!isObject(daemons)) return null;
    var last = this.lastVersions[version];
    var entry = last !== undefined && last.daemons === daemons ? last : { daemons: daemons, keys: dict<string>(), placed: dict<Daemon>(), pipelines: dict<PipelineResult>() };
    put(current, version, entry);
    return entry;
  }

  /** The daemonKey of `daemon` in the version `memo` is of, as its short
   * name. */
  private daemonKeyOf(memo: VersionMemo, daemon: string): string {
    var known = memo.keys;
    if (known[daemon] === undefined) {
      var info = has(memo.daemons, daemon) ? memo.daemons[daemon] : undefined;
      var config = isObject(info) && isObject(info.update) ? info.update : null;
      // Read once for the comparison and, on a miss, for remembering it.
      var names = config !== null ? Object.keys(config) : null;
      var configs = config !== null ? this.shared.configs[daemon] : undefined;
      var same = configs !== undefined ? sameConfig(config as JsonObject, names as string[], configs) : null;
      put(known, daemon, same !== null ? same.id : this.textId(daemonKey(info), daemon, config, names));
    }
    return known[daemon];
  }

  // The short name of a daemonKey text; `config`, the update config it is
  // the text of (or null), with its keys `names`, is remembered under
  // `daemon`'s name when flat.
  private textId(text: string, daemon: string, config: JsonObject | null, names: string[] | null): string {
    var ids = this.shared.textIds;
    if (ids[text] === undefined) {
      put(ids, text, '#' + this.shared.textCount++);
      this.shared.size++;
    }
    var flat = config !== null ? flatConfig(config, names as string[], ids[text]) : null;
    if (flat !== null) {
      var configs = this.shared.configs;
      if (configs[daemon] === undefined) put(configs, daemon, []);
      var known = configs[daemon];
      // The latest few: a cluster's configs change as versions come.
      if (known.length === CONFIGS_PER_NAME) known.shift();
      else this.shared.size++;
      known.push(flat);
    }
    return ids[text];
  }

  /** `daemon` of `version` as placement needs it. */
  daemon(version: string, daemon: string): Daemon {
    var memo = this.memoOf(version);
    if (memo === null) return { meta: null, runOnce: false };
    var placed = memo.placed;
    if (placed[daemon] === undefined) {
      var d = has(memo.daemons, daemon) ? memo.daemons[daemon] : null;
      var usable = isObject(d) && typeof d.image === 'string' && typeof d.config === 'string' ? d : null;
      put(placed, daemon, { meta: usable, runOnce: usable !== null && this.runOnce(memo, daemon, usable) });
    }
    return placed[daemon];
  }

  // Whether `daemon` of the version `memo` is of, whose metadata is `d`,
  // is a run-once command (a migration): its `update` has a `mode` and
  // validates.
  private runOnce(memo: VersionMemo, daemon: string, d: JsonObject): boolean {
    // Without a `mode` it validates as a restart (see SERVICE_CONFIG),
    // whatever else it holds: no need to read it.
    if (!isObject(d.update) || !has(d.update, 'mode')) return false;
    var key = this.daemonKeyOf(memo, daemon);
    var known = this.shared.runOnce;
    if (known[key] === undefined) {
      var r = validateServiceConfig(d.update);
      put(known, key, r.ok && isCommand(r.value));
      this.shared.size++;
    }
    return known[key];
  }

  /** The pipeline for moving `services` to `version`; null (with the error)
   * when the version is unknown or its metadata gives none. A problem with
   * a config is logged where that config is first derived, on `group`'s
   * line when given. `shape`: sameServices' for these services, when the
   * caller has it. */
  get(version: string, services: { [name: string]: Service }, log: Logger, group?: string, shape?: ServicesShape): PipelineResult {
    var memo = this.memoOf(version);
    if (memo === null) {
      if (!has(this.versions, version)) return { pipeline: null, error: 'no such version ' + version };
      // Metadata that gives no daemons is this version's own error.
      return this.derive('\u0002' + version, this.versions[version], services, log, group, false);
    }
    var meta = this.versions[version];
    var own = shape !== undefined ? shape : servicesShape(services);
    var signature = own.signature;
    if (signature === null) return groupPipeline(meta, services, group === undefined ? log : log.sub(group));
    // With the same daemons, the signature names what the key below would.
    if (memo.pipelines[signature] !== undefined) return memo.pipelines[signature];
    // The signature, then the daemons' text ids in its order ('#' and
    // digits, so the last \u0002 ends the signature).
    var key = signature + '\u0002';
    for (var i = 0; i < own.names.length; i++) key += this.daemonKeyOf(memo, services[own.names[i]].service as string);
    return this.derive(key, meta, services, log, group, true, { memo: memo, signature: signature });
  }

  // `byContent`: the key names everything the pipeline depends on, so other
  // roles may take the result too. `keep`: a version's memo, to keep such a
  // shared result in under the services' signature (one whose derivation
  // logged a line is derived, and the line logged, again in every run).
  private derive(key: string, meta: unknown, services: { [name: string]: Service }, log: Logger, group: string | undefined,
                 byContent: boolean, keep?: { memo: VersionMemo; signature: string }): PipelineResult {
    if (this.results[key] !== undefined) return this.results[key];
    var shared = this.shared.pipelines;
    var result: PipelineResult;
    if (byContent && shared[key] !== undefined) {
      result = shared[key];
      put(this.results, key, result);
    } else {
      var before = linesWritten();
      result = groupPipeline(meta, services, group === undefined ? log : log.sub(group));
      put(this.results, key, result);
      if (!byContent || linesWritten() !== before) return result;
      put(shared, key, result);
      this.shared.size++;
    }
    if (keep !== undefined) put(keep.memo.pipelines, keep.signature, result);
    return result;
  }
}

/** A group's services as the api driver reads them, once a run (see
 * servicesShape). */
export interface ServicesShape {
  /** The service names, sorted. */
  names: string[];
  /** The names and their daemons: the same for groups that share every
   * pipeline. Null when a daemon is not a name. */
  signature: string | null;
  /** The signature, whatever the daemons are (see sameServices). */
  same: string;
}

export function servicesShape(services: { [name: string]: Service }): ServicesShape {
  var snames = Object.keys(services).sort();
  var same = '';
  var named = true;
  for (var k = 0; k < snames.length; k++) {
    var daemon = services[snames[k]].service;
    if (typeof daemon !== 'string') named = false;
    same += '\u0000' + snames[k] + '\u0001' + String(daemon);
  }
  return { names: snames, signature: named ? same : null, same: same };
}

/** For each of `shapes` (of groups), the index of the first group that runs
 * the same services (names and daemons): groups that do share every
 * pipeline, so only the first need ask the cache. */
export function sameServices(shapes: ServicesShape[]): number[] {
  var seen = dict<number>();
  var first: number[] = [];
  for (var i = 0; i < shapes.length; i++) {
    var at = seen[shapes[i].same];
    if (at === undefined) put(seen, shapes[i].same, at = i);
    first.push(at);
  }
  return first;
}
