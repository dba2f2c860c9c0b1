// A group's `last_deployed`: version -> when it became the group's version
// (ms). It is the group's memory of what it ran, and the only source of the
// `deployed` and `previous` rules and of downgrade detection.
import { objectOrEmpty, toNumber } from '../json';
import { put } from '../dict';
import { Comparator } from '../version/order';
import { readOptions, Settings, TrackingOptions } from './options';
import { describe } from './own';

export interface DeployedEntry {
  version: string;
  ms: number;
}

/** The readable entries, in a fixed order (by version, plain text) so that
 * nothing downstream depends on the order of the object's keys. Lua-era
 * string timestamps are accepted; anything else is reported and skipped. */
export function readLastDeployed(value: unknown, path: string, errors: string[]): DeployedEntry[] {
  var out: DeployedEntry[] = [];
  if (value == null) return out;
  var map = objectOrEmpty(value);
  if (map === null) {
    errors.push(path + ': not an object, but ' + describe(value));
    return out;
  }
  var vers = Object.keys(map).sort();
  for (var i = 0; i < vers.length; i++) {
    var ms = toNumber(map[vers[i]]);
    if (ms === null) {
      errors.push(path + '.' + vers[i] + ': deploy time is not a number, but ' + describe(map[vers[i]]));
      continue;
    }
    out.push({ version: vers[i], ms: ms });
  }
  return out;
}

/** The most recently deployed version other than the current one: where a
 * rollback goes. Equal times go to the newer version, so the answer does not
 * depend on key order. */
export function rollbackTarget(entries: DeployedEntry[], current: string | null, cmp: Comparator): DeployedEntry | null {
  var best: DeployedEntry | null = null;
  for (var i = 0; i < entries.length; i++) {
    var e = entries[i];
    if (e.version === current) continue;
    if (best === null || e.ms > best.ms || (e.ms === best.ms && cmp(e.version, best.version) > 0)) best = e;
  }
  return best;
}

/** The newest version, by version ordering, that the group ran before and
 * that is newer than what it runs now; null when it runs its newest. */
export function newestAbove(entries: DeployedEntry[], current: string, cmp: Comparator): string | null {
  var best: string | null = null;
  for (var i = 0; i < entries.length; i++) {
    var v = entries[i].version;
    if (cmp(v, current) > 0 && (best === null || cmp(v, best) > 0)) best = v;
  }
  return best;
}

export function deployedRecently(ms: number, now: number | null, lifetime: number): boolean {
  return now !== null && now - ms < lifetime;
}

/** `last_deployed` trimmed to what the tracking rules need: entries deployed
 * within the lifetime, the rollback target however old, and the current
 * version's entry. The current one is not needed today, but without it the
 * next switch would make an older version the rollback target. Unreadable
 * entries are dropped and string timestamps written back as numbers; with no
 * usable `now` nothing is dropped for its age. Never mutates its input. */
export function pruneLastDeployed(
  lastDeployed: unknown,
  currentVersion: string | null | undefined,
  now: number,
  options?: TrackingOptions
): { [version: string]: number } {
  return pruneWith(lastDeployed, currentVersion, now, readOptions(options, []));
}

/** pruneLastDeployed with the options read already (a driver prunes every
 * group with the same ones). */
export function pruneWith(
  lastDeployed: unknown,
  currentVersion: string | null | undefined,
  now: number,
  settings: Settings
): { [version: string]: number } {
  return deployedMap(prunedEntries(lastDeployed, currentVersion, now, settings));
}

/** pruneWith's result as readLastDeployed would read it back: the entries
 * kept, by version (the api driver hands them on to tracking, which would
 * otherwise read and sort every group's map again). */
export function prunedEntries(
  lastDeployed: unknown,
  currentVersion: string | null | undefined,
  now: number,
  settings: Settings
): DeployedEntry[] {
  var current = typeof currentVersion === 'string' ? currentVersion : null;
  var at = typeof now === 'number' && isFinite(now) ? now : null;
  var entries = readLastDeployed(lastDeployed, 'last_deployed', []);
  var rollback = rollbackTarget(entries, current, settings.compare);
  var out: DeployedEntry[] = [];
  for (var i = 0; i < entries.length; i++) {
    var e = entries[i];
    if (at === null || e === rollback || e.version === current ||
        deployedRecently(e.ms, at, settings.deployedLifetime)) {
      out.push(e);
    }
  }
  return out;
}

/** Entries as a `last_deployed` map. */
export function deployedMap(entries: DeployedEntry[]): { [version: string]: number } {
  var out: { [version: string]: number } = {};
  for (var i = 0; i < entries.length; i++) put(out, entries[i].version, entries[i].ms);
  return out;
}
