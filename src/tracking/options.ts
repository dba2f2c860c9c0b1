// The knobs of version tracking, read as untrusted input: a bad value is
// reported and its default used, so a typo in a scheduler's options can not
// make the cleanup drop versions that are still in use.
import { isObject, has } from '../json';
import { compare } from '../version/compare';
import { Comparator } from '../version/order';
import { describe } from './own';

/** A day: the reference's LAST_DEPLOYED_LIFETIME and upload lifetime. */
export var DEFAULT_LIFETIME_MS = 86400000;

export interface TrackingOptions {
  /** Versions deployed less than this long ago are kept (rule `deployed`). */
  deployed_lifetime_ms?: number;
  /** Versions uploaded less than this long ago are kept (rule `uploaded`). */
  uploaded_lifetime_ms?: number;
  /** The version ordering; `version.compareSemver` for semver projects. */
  compare?: Comparator;
}

export interface Settings {
  deployedLifetime: number;
  uploadedLifetime: number;
  compare: Comparator;
}

function lifetime(options: { [k: string]: unknown }, name: string, errors: string[]): number {
  if (!has(options, name) || options[name] == null) return DEFAULT_LIFETIME_MS;
  var value = options[name];
  if (typeof value === 'number' && isFinite(value) && value >= 0) return value;
  errors.push('options.' + name + ': not a non-negative number, but ' + describe(value) +
    '; using the default ' + DEFAULT_LIFETIME_MS);
  return DEFAULT_LIFETIME_MS;
}

export function readOptions(options: unknown, errors: string[]): Settings {
  var settings: Settings = {
    deployedLifetime: DEFAULT_LIFETIME_MS,
    uploadedLifetime: DEFAULT_LIFETIME_MS,
    compare: compare,
  };
  if (options == null) return settings;
  if (!isObject(options)) {
    errors.push('options: not an object, but ' + describe(options) + '; using the defaults');
    return settings;
  }
  var opts = options as { [k: string]: unknown };
  settings.deployedLifetime = lifetime(opts, 'deployed_lifetime_ms', errors);
  settings.uploadedLifetime = lifetime(opts, 'uploaded_lifetime_ms', errors);
  if (opts.compare != null) {
    if (typeof opts.compare === 'function') settings.compare = opts.compare as Comparator;
    else errors.push('options.compare: not a function, but ' + describe(opts.compare) + '; using version.compare');
  }
  return settings;
}

/** `now` as the rules need it: a finite number of milliseconds, or null
 * when the age of anything can not be told. */
export function readNow(now: unknown, errors: string[]): number | null {
  if (typeof now === 'number' && isFinite(now)) return now;
  errors.push('now: not a number, but ' + describe(now) +
    '; versions are not kept for being uploaded or deployed recently');
  return null;
}
