// Choosing the version a role runs, as the reference's auto_version and
// manual_version do, for schedulers that run one version per role.
import { versionNumbers, latestVersionButton, latestParentVersion, loggerOr } from './util';
import { ChosenVersion } from '../types';
import { Logger } from '../log';
import { isObject, toNumber } from '../json';

export interface SelectProps {
  runtime: unknown;
  actions: unknown;
  parents: unknown;
  now?: number;
  log?: Logger;
}

interface Candidates {
  log: Logger;
  versions: string[];
  button: ChosenVersion | null;
  parent: ChosenVersion | null;
}

// Both policies let a button pressed after the latest parent's choice win;
// after a split-brain that is a press on the other side.
function candidates(props: SelectProps): Candidates {
  var log = loggerOr(props.log);
  var nums = versionNumbers(props.runtime);
  var button = latestVersionButton(props.actions, nums.set, log);
  var parent = latestParentVersion(props.parents, nums.set, log);
  if (button !== null && (parent === null || button.timestamp > parent.timestamp)) {
    log.debug('Version switched by user to', button.version);
  } else {
    button = null;
  }
  return { log: log, versions: nums.list, button: button, parent: parent };
}

// A non-object is read as no runtime, actions or parents at all.
function propsOf(given: unknown): SelectProps {
  if (!isObject(given)) return { runtime: {}, actions: {}, parents: [] };
  var now = toNumber(given.now);
  var out: SelectProps = { runtime: given.runtime, actions: given.actions, parents: given.parents };
  if (now !== null) out.now = now;
  if ((given as { log?: unknown }).log instanceof Logger) out.log = (given as { log?: Logger }).log;
  return out;
}

export interface Selection {
  /** Oldest first. */
  versions: string[];
  version: ChosenVersion | null;
}

/** The newest version as soon as it is uploaded, unless a parent chose it
 * (or something else) later, or a button did after the parents. */
export function selectAuto(given: SelectProps): Selection {
  var props = propsOf(given);
  var c = candidates(props);
  var log = c.log, parent = c.parent, list = c.versions;
  if (c.button !== null) {
    // Stamped `now`, not the button's time: if a split-brain joins soon
    // after, a later automatic choice on the other side must not win.
    return { versions: list, version: { version: c.button.version, timestamp: props.now || 0 } };
  }
  if (list.length === 0) return { versions: list, version: parent };
  var newest = list[list.length - 1];
  var meta = (props.runtime as { [k: string]: unknown })[newest];
  var uploaded = isObject(meta) ? toNumber(meta.timestamp) : null;
  var auto = { version: newest, timestamp: (uploaded || 0) * 1000 };
  if (parent !== null && auto.timestamp <= parent.timestamp) {
    log.debug('Chosen parent version', parent.version, 'with timestamp', parent.timestamp);
    return { versions: list, version: parent };
  }
  log.debug('Auto version is', auto.version);
  return { versions: list, version: auto };
}

/** A button or the parents decide; the newest version only when neither has. */
export function selectManual(given: SelectProps): Selection {
  var props = propsOf(given);
  var c = candidates(props);
  var log = c.log, parent = c.parent, list = c.versions;
  if (c.button !== null) return { versions: list, version: c.button };
  if (parent !== null) {
    log.debug('Chosen parent version', parent.version, 'with timestamp', parent.timestamp);
    return { versions: list, version: parent };
  }
  if (list.length === 0) return { versions: list, version: null };
  var newest = list[list.length - 1];
  log.debug('Default version is', newest);
  // Timestamp zero, so a choice made on the other side of a split-brain wins.
  return { versions: list, version: { version: newest, timestamp: 0 } };
}
