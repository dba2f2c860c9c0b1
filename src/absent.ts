// Projects the parents have but the runtime lacks. Metadata directories are
// synced and can be briefly absent; dropping the project then would stop
// every one of its processes cluster-wide (the Lua reference does). So its
// state, nodes and `roles` entry are carried over unchanged, with a warning
// each run, and only dropped, with a change line, after a grace period.
import { roleChange, roleError } from './log';
import { JsonObject, isObject, keys, objectOrEmpty, toNumber, has } from './json';
import { PreviousRole, parentRoleNames, previousRole } from './previous';
import { numberIn, validate } from './validate';

/** How long (ms) a project may be missing from the runtime before its
 * groups are dropped. */
export var ABSENT_RUNTIME_GRACE_MS = 60 * 60 * 1000;

export interface AbsentOptions {
  absent_runtime_grace_ms?: number;
}

/** What `absent_runtime_grace_ms` may be (the api driver checks its options
 * with it too). */
export var GRACE_VALIDATOR = numberIn(0, Infinity);

export interface AbsentRole {
  name: string;
  previous: PreviousRole;
  /** When the runtime was first seen without it (ms), kept in its state. */
  since: number;
}

/** Milliseconds for people: `1 h`, `90 min`, `30 s`, `1500 ms`. */
export function duration(ms: number): string {
  var units: [number, string][] = [[3600000, 'h'], [60000, 'min'], [1000, 's']];
  for (var i = 0; i < units.length; i++) {
    if (ms >= units[i][0] && ms % units[i][0] === 0) return ms / units[i][0] + ' ' + units[i][1];
  }
  return ms === 0 ? '0 s' : ms + ' ms';
}

function graceOf(options: AbsentOptions | undefined): number {
  var given = isObject(options) ? (options as { [k: string]: unknown }).absent_runtime_grace_ms : undefined;
  if (given === undefined) return ABSENT_RUNTIME_GRACE_MS;
  var checked = validate(GRACE_VALIDATOR, given, 'absent_runtime_grace_ms');
  if (checked.ok) return checked.value;
  roleError('no-role', checked.errors[0] + '; using ' + ABSENT_RUNTIME_GRACE_MS);
  return ABSENT_RUNTIME_GRACE_MS;
}

/** The projects to carry over: those of the parents that are not in
 * `present` (the runtime) and were missing for less than the grace period.
 * The others are dropped here, each with a change line. Sorted by name.
 * `unusable` names the runtime's projects whose entry holds no version
 * metadata, with why: they count as missing, and are logged as such even
 * when no parent has them. */
export function absentRoles(input: unknown, present: object, options?: AbsentOptions, unusable?: { [name: string]: string }): AbsentRole[] {
  var names = parentRoleNames(input);
  var now = isObject(input) && typeof input.now === 'number' ? input.now : 0;
  var out: AbsentRole[] = [];
  var grace = graceOf(options);
  var why = unusable || {};
  var unknown = keys(why).sort();
  for (var u = 0; u < unknown.length; u++) {
    if (names.indexOf(unknown[u]) < 0) roleError(unknown[u], 'its runtime entry ' + why[unknown[u]] + '; no role until it has versions');
  }
  for (var i = 0; i < names.length; i++) {
    var name = names[i];
    if (has(present, name)) continue;
    var previous = previousRole(input, name);
    var state: JsonObject = previous.state || {};
    var marked = toNumber(state.runtime_absent_since);
    var since = marked !== null && marked <= now ? marked : now;
    var groups = objectOrEmpty(state.groups);
    var gnames = groups === null ? [] : keys(groups).sort();
    if (now - since >= grace) {
      roleChange(name, 'missing from the runtime for more than ' + duration(grace) + '; dropped with its groups ' + (gnames.join(', ') || '(none)'));
      continue;
    }
    roleError(name, 'the project is missing from the runtime' + (has(why, name) ? ' (its entry ' + why[name] + ')' : '') + ' since ' + since + ' (' + duration(now - since) + ' ago); its state and nodes are carried over until ' +
      duration(grace) + ' have passed (' + (gnames.length ? 'groups ' + gnames.join(', ') : 'no groups') + ')');
    state.runtime_absent_since = since;
    previous.state = state;
    out.push({ name: name, previous: previous, since: since });
  }
  return out;
}
