// Which versions of a project are still in use, and which images they need,
// so that old metadata and images can be cleaned up safely (DESIGN.md,
// section 5). A rewrite of the reference's `cleanup` and `_Role:output`:
// the same rules, plus the reason each version is kept, versions that are in
// use but whose metadata is gone, and downgrades.
import { has, isObject, keys, objectOrEmpty, setKey, toNumber } from '../json';
import { isArray } from '../array';
import { put } from '../dict';
import { isVersionKey } from '../version/util';
import { Comparator } from '../version/order';
import { compare, sortKey } from '../version/compare';
import { Settings, TrackingOptions, readOptions, readNow } from './options';
import { DeployedEntry, readLastDeployed, rollbackTarget, newestAbove, deployedRecently } from './last-deployed';
import { ImageList, addVersionImages, uniqueSorted } from './images';
import { describe, dict } from './own';

/** Why a version is kept; a version may be kept by several rules. */
export type KeepRule =
  /** Rule 1: uploaded (its `timestamp`) less than `uploaded_lifetime_ms` ago. */
  | 'uploaded'
  /** Rule 2: became some group's version less than `deployed_lifetime_ms`
   * ago, by that group's `last_deployed`. */
  | 'deployed'
  /** Rule 3: the newest version of the project by version ordering. */
  | 'latest'
  /** Rule 4: the next older version, kept while the latest is some group's
   * current version, so there is something to go back to. */
  | 'before_latest'
  /** Rule 5: a group's most recently deployed version other than its
   * current one, however old: where that group would roll back to. */
  | 'previous'
  /** Some group's current version. */
  | 'running'
  /** The source or target of an update in progress. */
  | 'updating';

/** Every rule, in the order a version's rules are listed. */
export var KEEP_RULES: KeepRule[] = ['uploaded', 'deployed', 'latest', 'before_latest', 'previous', 'running', 'updating'];

/** A group that went back in version order, which is most often an accident
 * (deploying v1.0.8 after v10.8); the UI shows it as an error. */
export interface Downgrade {
  group: string;
  /** The older version: the group's current one, or an update's target. */
  version: string;
  /** The newest version the group ran before (from its `last_deployed`),
   * or, for an update, the update's source. */
  newer: string;
  /** True when `version` is the target of an update in progress. */
  update: boolean;
}

export interface TrackingParams {
  /** One project's runtime (`input.runtime[project]`): `v<digit>...` keys are
   * versions with their metadata; other keys are project parameters and
   * are ignored. */
  versions: unknown;
  /** The role's groups (`state[role].groups`): each `{version, update?:
   * {source_ver, target_ver, ...}, last_deployed?: {version: ms}}`. */
  groups: unknown;
  /** Milliseconds since the epoch (`input.now`). */
  now: number;
  options?: TrackingOptions;
  /** The runtime's versions newest first by the default ordering, when the
   * caller has them already (a role's `descendingVersions`): saves sorting
   * them again. Ignored unless it lists exactly the runtime's versions, or
   * with a custom `compare`. */
  descending?: string[];
  /** For a caller that calls again for the same project: the images of
   * each version as the last call found them are read from `from`, and
   * this call's, for every kept version, written to `to` (the next call's
   * `from`: only versions still kept are remembered). See ImageMemo. */
  imageMemo?: { from: ImageMemo; to: ImageMemo };
}

/** Per version, its metadata object and the images (and problems) found in
 * it. An entry stands while the runtime has the same object: an engine kept
 * loaded between runs may be handed the same runtime again (a simulation
 * is), and metadata is never edited, so reading it again would find the
 * same; a new object (verwalter parses a new input for every run) is read. */
export type ImageMemo = { [version: string]: { meta: unknown; images: ImageList; errors: string[] } };

export interface UsedVersions {
  /** Every kept version, newest first, with the rules that keep it. */
  kept: { [version: string]: KeepRule[] };
  /** The kept versions, newest first: what the web UI offers. */
  versions: string[];
  /** The images the kept versions need, sorted, each once. */
  images: string[];
  /** Kept versions that are not in the runtime (their metadata was
   * deleted), newest first. They are kept all the same: a running version
   * must never be cleaned up. */
  missing: string[];
  /** Sorted by group, the group's own version before its update. */
  downgrades: Downgrade[];
  /** `<path>: <reason>` for each malformed part of the input that was read,
   * and each kept version missing from the runtime. */
  errors: string[];
}

// A rule's bit in a Tally's rules: 1 << its index in KEEP_RULES.
var RULE_BIT = dict<number>();
for (var b = 0; b < KEEP_RULES.length; b++) setKey(RULE_BIT, KEEP_RULES[b], 1 << b);

interface Tally {
  /** The rules that keep each version, as RULE_BIT bits. */
  rules: { [version: string]: number };
  /** Where the groups name each version the runtime lacks, to report it. */
  refs: { [version: string]: string[] };
  /** The runtime's versions (their rank, see ordering): only the others
   * need their references. */
  present: { [version: string]: number };
}

// The reference is `groups.<group>` + `tail` (and the version, for a
// `last_deployed` entry), made only for a version the runtime lacks (the
// only ones whose references are reported).
function keep(tally: Tally, version: string, rule: KeepRule, group?: string, tail?: string, entry?: boolean): void {
  var had = tally.rules[version];
  put(tally.rules, version, (had === undefined ? 0 : had) | RULE_BIT[rule]);
  if (group === undefined || tally.present[version] !== undefined) return;
  var ref = 'groups.' + group + tail + (entry ? version : '');
  var refs = tally.refs[version];
  if (refs === undefined) {
    refs = [];
    put(tally.refs, version, refs);
  }
  // A rollback target deployed recently is named twice by the same entry.
  if (refs[refs.length - 1] !== ref) refs.push(ref);
}

// Ties of the comparator (a custom one may have them) are broken by the
// text, so sorting can not depend on the order the keys came in.
function total(cmp: Comparator): Comparator {
  return function (a, b) {
    var c = cmp(a, b);
    if (c !== 0) return c < 0 ? -1 : 1;
    return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  };
}

interface Ordering {
  /** The runtime's versions, newest first. */
  descending: string[];
  /** Each of them by its rank, the newest highest. */
  rank: { [version: string]: number };
  /** The version ordering, answered from one sort of the runtime's versions
   * where it can: the comparator parses both versions on every call, and a
   * project's groups compare the same few versions over and over. */
  compare: Comparator;
}

// The caller's sorted list, if it is one of exactly these versions (a copy).
// By sort keys, which order as `compare` does and differ for any two
// versions: strictly descending keys also mean no version is listed twice,
// so `all.length` of them, each present, are all the versions.
function presorted(given: unknown, all: string[], present: { [v: string]: boolean }, cmp: Comparator): string[] | null {
  if (cmp !== compare || !isArray(given) || given.length !== all.length) return null;
  var before = '';
  for (var i = 0; i < given.length; i++) {
    var v = given[i];
    if (typeof v !== 'string' || present[v] !== true) return null;
    var key = sortKey(v);
    if (i > 0 && before <= key) return null;
    before = key;
  }
  return given.slice() as string[];
}

function ordering(versions: string[], cmp: Comparator, sorted: string[] | null): Ordering {
  var exact = total(cmp);
  var descending = sorted !== null ? sorted : versions.sort(function (a, b) { return exact(b, a); });
  var rank = dict<number>();
  for (var i = 0; i < descending.length; i++) put(rank, descending[i], descending.length - i);
  return {
    descending: descending,
    rank: rank,
    compare: function (a, b) {
      var ra = a == null ? undefined : rank[a];
      var rb = b == null ? undefined : rank[b];
      if (ra === undefined || rb === undefined) return exact(a, b);
      return ra < rb ? -1 : ra > rb ? 1 : 0;
    },
  };
}

// `group` and `tail`: the value's path is `groups.<group><tail>`, made
// for an error line only (most groups have none).
function optionalVersion(value: unknown, group: string, tail: string, errors: string[]): string | null {
  if (value == null) return null;
  if (typeof value === 'string' && value !== '') return value;
  errors.push('groups.' + group + tail + ': not a version string, but ' + describe(value));
  return null;
}

function requiredVersion(value: unknown, group: string, tail: string, errors: string[]): string | null {
  if (value == null) {
    errors.push('groups.' + group + tail + ': missing');
    return null;
  }
  return optionalVersion(value, group, tail, errors);
}

/** Keeps what one group needs, notes its downgrades, and answers its
 * current version (null when it has none or it is unreadable). */
function trackGroup(
  name: string, group: unknown, now: number | null, deployedLifetime: number,
  cmp: Comparator, tally: Tally, downgrades: Downgrade[], errors: string[], read?: DeployedEntry[]
): string | null {
  if (!isObject(group)) {
    errors.push('groups.' + name + ': not an object, but ' + describe(group));
    return null;
  }
  var current = optionalVersion(group.version, name, '.version', errors);
  if (current !== null) keep(tally, current, 'running', name, '.version');

  var source: string | null = null;
  var target: string | null = null;
  // Lua-era schedules write an absent table as `[]`.
  var update = objectOrEmpty(group.update);
  if (group.update != null && update === null) {
    errors.push('groups.' + name + '.update: not an object, but ' + describe(group.update));
  } else if (update !== null && !isArray(group.update)) {
    source = requiredVersion(update.source_ver, name, '.update.source_ver', errors);
    target = requiredVersion(update.target_ver, name, '.update.target_ver', errors);
    if (source !== null) keep(tally, source, 'updating', name, '.update.source_ver');
    if (target !== null) keep(tally, target, 'updating', name, '.update.target_ver');
  }

  var entries = read !== undefined ? read : group.last_deployed == null ? [] : readLastDeployed(group.last_deployed, 'groups.' + name + '.last_deployed', errors);
  for (var i = 0; i < entries.length; i++) {
    if (deployedRecently(entries[i].ms, now, deployedLifetime)) {
      keep(tally, entries[i].version, 'deployed', name, '.last_deployed.', true);
    }
  }
  var rollback = rollbackTarget(entries, current, cmp);
  if (rollback !== null) keep(tally, rollback.version, 'previous', name, '.last_deployed.', true);

  if (current !== null) {
    var newer = newestAbove(entries, current, cmp);
    if (newer !== null) downgrades.push({ group: name, version: current, newer: newer, update: false });
  }
  if (source !== null && target !== null && cmp(target, source) < 0) {
    downgrades.push({ group: name, version: target, newer: source, update: true });
  }
  return current;
}

// The kept versions, newest first: the runtime's in the order they have
// already, merged with those it lacks (sorted on their own, usually none),
// instead of sorting them all with the comparator again.
function keptDescending(tally: Tally, descending: string[], cmp: Comparator): string[] {
  var listed: string[] = [];
  for (var i = 0; i < descending.length; i++) if (tally.rules[descending[i]] !== undefined) listed.push(descending[i]);
  var others: string[] = [];
  var all = keys(tally.rules);
  for (var j = 0; j < all.length; j++) if (tally.present[all[j]] === undefined) others.push(all[j]);
  if (others.length === 0) return listed;
  others.sort(function (a, b) { return cmp(b, a); });
  var out: string[] = [];
  var x = 0;
  var y = 0;
  while (x < listed.length || y < others.length) {
    if (y >= others.length || (x < listed.length && cmp(listed[x], others[y]) > 0)) out.push(listed[x++]);
    else out.push(others[y++]);
  }
  return out;
}

function emptyResult(errors: string[]): UsedVersions {
  return { kept: {}, versions: [], images: [], missing: [], downgrades: [], errors: errors };
}

/** The versions of one project still in use and the images they need.
 * Pure, never throws on malformed input, and independent of key order.
 * Linear in versions + groups, apart from one sort of each. */
export function usedVersions(params: TrackingParams): UsedVersions {
  var errors: string[] = [];
  if (!isObject(params)) {
    errors.push('params: not an object, but ' + describe(params));
    return emptyResult(errors);
  }
  var settings = readOptions(params.options, errors);
  var now = readNow(params.now, errors);

  var runtime = objectOrEmpty(params.versions);
  if (runtime === null) {
    errors.push('versions: not an object, but ' + describe(params.versions));
    runtime = {};
  }
  var present = dict<boolean>();
  var all: string[] = [];
  var runtimeKeys = keys(runtime);
  for (var i = 0; i < runtimeKeys.length; i++) {
    if (isVersionKey(runtimeKeys[i])) {
      all.push(runtimeKeys[i]);
      put(present, runtimeKeys[i], true);
    }
  }
  var order = ordering(all, settings.compare, presorted(params.descending, all, present, settings.compare));
  return track(runtime, order, params.groups, now, settings, imageMemo(params.imageMemo), errors);
}

/** Groups' `last_deployed`, read (see usedVersionsOfRole). */
export type DeployedByGroup = { [group: string]: DeployedEntry[] };

/** usedVersions for a role as the api driver has it read already: `runtime`
 * holds only versions, `descending` lists them all newest first by the
 * default ordering (role.fromState sorted them), `settings` are read (any
 * problem with them in `errors`), and `deployed`, when given, holds each
 * group's `last_deployed` as readLastDeployed reads it (prunedEntries'
 * result for the map the group has now). The same result, without reading
 * them again: that was a third of tracking a project of few groups. */
export function usedVersionsOfRole(runtime: { [version: string]: unknown }, descending: string[], groups: unknown, now: unknown,
                                   settings: Settings, memo: { from: ImageMemo; to: ImageMemo } | null, errors: string[],
                                   deployed?: DeployedByGroup): UsedVersions {
  var at = readNow(now, errors);
  // As presorted would find them, but for an ordering of the caller's own.
  var sorted = settings.compare === compare ? descending : null;
  return track(runtime, ordering(sorted !== null ? sorted : descending.slice(), settings.compare, sorted), groups, at, settings, memo, errors, deployed);
}

// The rules applied: what usedVersions reads, read.
function track(runtime: { [version: string]: unknown }, order: Ordering, groupsValue: unknown, now: number | null, settings: Settings,
               memo: { from: ImageMemo; to: ImageMemo } | null, errors: string[], deployed?: DeployedByGroup): UsedVersions {
  var present = order.rank;
  var tally: Tally = { rules: dict<number>(), refs: dict<string[]>(), present: present };
  var cmp = order.compare;
  var descending = order.descending;

  for (var j = 0; j < descending.length; j++) {
    var ver = descending[j];
    var meta = runtime[ver];
    if (!isObject(meta)) {
      errors.push('versions.' + ver + ': metadata is not an object, but ' + describe(meta));
      continue;
    }
    if (meta.timestamp == null) {
      errors.push('versions.' + ver + '.timestamp: missing');
      continue;
    }
    var uploaded = toNumber(meta.timestamp);
    if (uploaded === null) {
      errors.push('versions.' + ver + '.timestamp: not a number of seconds, but ' + describe(meta.timestamp));
    } else if (now !== null && now - uploaded * 1000 < settings.uploadedLifetime) {
      keep(tally, ver, 'uploaded');
    }
  }
  var latest = descending.length > 0 ? descending[0] : null;
  if (latest !== null) keep(tally, latest, 'latest');

  var downgrades: Downgrade[] = [];
  var latestRuns = false;
  var groups = groupsValue == null ? {} : objectOrEmpty(groupsValue);
  if (groups === null) {
    errors.push('groups: not an object, but ' + describe(groupsValue));
    groups = {};
  }
  var names = keys(groups).sort();
  for (var g = 0; g < names.length; g++) {
    var current = trackGroup(names[g], groups[names[g]], now, settings.deployedLifetime, cmp, tally, downgrades, errors,
                             deployed !== undefined ? deployed[names[g]] : undefined);
    if (latest !== null && current === latest) latestRuns = true;
  }
  if (latestRuns && descending.length > 1) keep(tally, descending[1], 'before_latest');

  var result = emptyResult(errors);
  result.downgrades = downgrades;
  result.versions = keptDescending(tally, descending, cmp);
  var images: ImageList = [];
  for (var k = 0; k < result.versions.length; k++) {
    var v = result.versions[k];
    var rules: KeepRule[] = [];
    var bits = tally.rules[v];
    for (var r = 0; r < KEEP_RULES.length; r++) {
      if ((bits & (1 << r)) !== 0) rules.push(KEEP_RULES[r]);
    }
    put(result.kept, v, rules);
    if (present[v] === undefined) {
      result.missing.push(v);
      var refs = tally.refs[v] || [];
      for (var f = 0; f < refs.length; f++) {
        errors.push(refs[f] + ': version ' + v + ' is not in the runtime (its metadata is gone); kept anyway');
      }
    } else if (isObject(runtime[v])) {
      addImagesOf(runtime[v], v, memo, images, errors);
    }
  }
  result.images = uniqueSorted(images);
  return result;
}

// The caller's imageMemo, or null when it gave none or not one.
function imageMemo(given: TrackingParams['imageMemo']): { from: ImageMemo; to: ImageMemo } | null {
  return isObject(given) && isObject(given.from) && isObject(given.to) ? (given as { from: ImageMemo; to: ImageMemo }) : null;
}

// What a memo holds for a version whose metadata had no errors; only read.
var NO_ERRORS: string[] = [];

function addImagesOf(meta: unknown, version: string, memo: { from: ImageMemo; to: ImageMemo } | null, out: ImageList, errors: string[]): void {
  var seen = memo !== null && has(memo.from, version) ? memo.from[version] : undefined;
  if (memo === null || seen === undefined || seen.meta !== meta) {
    var firstImage = out.length;
    var firstError = errors.length;
    addVersionImages(meta, 'versions.' + version, out, errors);
    // Most versions have no errors: no copy (a slice costs QuickJS as much
    // as a dozen pushes) of none.
    if (memo !== null) put(memo.to, version, { meta: meta, images: out.slice(firstImage), errors: errors.length > firstError ? errors.slice(firstError) : NO_ERRORS });
    return;
  }
  for (var i = 0; i < seen.images.length; i++) out.push(seen.images[i]);
  for (var j = 0; j < seen.errors.length; j++) errors.push(seen.errors[j]);
  put(memo.to, version, seen);
}
