// Versions among a runtime project's keys, and versions chosen by people
// (buttons) or by earlier schedules (parents).
import { compare } from './compare';
import { sort, rsort } from './order';
import { Json, JsonObject, actionTime, isObject, keys, toNumber } from '../json';
import { isArray } from '../array';
import { put } from '../dict';
import { ChosenVersion } from '../types';
import { Logger } from '../log';

/** Runtime keys that look like `v<digit>...` are versions; the rest are
 * project-level files (the runtime is a directory tree). */
export function isVersionKey(key: string): boolean {
  // Character codes, not a regular expression: a test of /^v[0-9]/ cost
  // more than the rest of reading a version in an interpreter.
  if (typeof key !== 'string' || key.charCodeAt(0) !== 118) return false;
  var digit = key.charCodeAt(1);
  return digit >= 48 && digit <= 57;
}

export type VersionSet = { [version: string]: boolean };

export interface VersionNumbers {
  /** Oldest first. */
  list: string[];
  set: VersionSet;
}

export function versionNumbers(runtime: unknown): VersionNumbers {
  var list: string[] = [];
  var set: VersionSet = {};
  if (isObject(runtime)) {
    var ks = keys(runtime);
    for (var i = 0; i < ks.length; i++) {
      if (isVersionKey(ks[i])) { list.push(ks[i]); put(set, ks[i], true); }
    }
  }
  return { list: sort(list), set: set };
}

export interface SplitVersions {
  /** Newest first. */
  descending: string[];
  versions: { [version: string]: Json };
  parameters: JsonObject;
}

export function splitVersions(runtime: unknown): SplitVersions {
  var list: string[] = [];
  var versions: { [version: string]: Json } = {};
  var parameters: JsonObject = {};
  if (isObject(runtime)) {
    var ks = keys(runtime);
    for (var i = 0; i < ks.length; i++) {
      var k = ks[i];
      if (isVersionKey(k)) { list.push(k); put(versions, k, runtime[k]); }
      else put(parameters, k, runtime[k]);
    }
  }
  return { descending: rsort(list), versions: versions, parameters: parameters };
}

// Ties between equal timestamps go to the newer version, so the answer does
// not depend on key order.
function later(candidate: ChosenVersion, best: ChosenVersion | null): boolean {
  if (best === null || candidate.timestamp > best.timestamp) return true;
  return candidate.timestamp === best.timestamp && compare(candidate.version, best.version) > 0;
}

// A caller's logger, when it is one; the functions here must not throw on
// whatever a scheduler passes.
export function loggerOr(log: unknown): Logger {
  return log instanceof Logger ? log : new Logger();
}

/** The latest button that chose a version which exists; actions are keyed
 * by their millisecond timestamp. */
export function latestVersionButton(actions: unknown, valid: VersionSet, log?: Logger): ChosenVersion | null {
  var latest: ChosenVersion | null = null;
  if (!isObject(actions)) return null;
  var known = isObject(valid) ? valid : {};
  var logger = loggerOr(log);
  var ids = keys(actions);
  for (var i = 0; i < ids.length; i++) {
    var act = actions[ids[i]];
    var button = isObject(act) ? act.button : null;
    if (!isObject(button) || typeof button.version !== 'string') continue;
    var ts = actionTime(ids[i]);
    if (ts === null) {
      logger.error('Action', ids[i], 'has a timestamp that is not a number; ignored');
      continue;
    }
    if (known[button.version] !== true) {
      logger.debug('Version', button.version, 'activated by user is invalid');
      continue;
    }
    var c = { version: button.version, timestamp: ts };
    if (later(c, latest)) latest = c;
  }
  return latest;
}

/** The version the latest parent chose; after a split-brain there are
 * several parents and the latest choice wins. */
export function latestParentVersion(parents: unknown, valid: VersionSet, log?: Logger): ChosenVersion | null {
  var latest: ChosenVersion | null = null;
  if (!isArray(parents)) return null;
  var known = isObject(valid) ? valid : {};
  for (var i = 0; i < parents.length; i++) {
    var p = parents[i];
    if (!isObject(p) || typeof p.version !== 'string') continue;
    var ts = toNumber(p.version_timestamp);
    if (ts === null) continue;
    if (known[p.version] !== true) {
      loggerOr(log).debug('Version', p.version, 'in parent schedule is invalid');
      continue;
    }
    var c = { version: p.version, timestamp: ts };
    if (later(c, latest)) latest = c;
  }
  return latest;
}
