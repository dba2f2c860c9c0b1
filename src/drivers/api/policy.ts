// A team's own rules over the api driver's decisions: `policy.action`
// may refuse a button with the team's own answer, `policy.autoUpdate` may
// hold back an automatic update. Hooks are the scheduler's code: what they
// return is checked, and one that throws (or answers nonsense) is one
// logged error that refuses the button or holds the update back, never a
// failed run.
import { Json, JsonObject, clone, has, isObject } from '../../json';
import { isArray } from '../../array';
import { Logger, errorText } from '../../log';
import { Group } from './state';

/** What a policy hook is told: the role, the group (null for a button that
 * names none), a copy of its state (null when it has none yet), the role's
 * versions newest first, and the run's time. */
export interface PolicyContext {
  role: string;
  group: string | null;
  state: JsonObject | null;
  versions: string[];
  now: number;
}

export interface Policy {
  /** Returns nothing to let the driver carry the button out, or a string:
   * the button is refused with that text as its answer. */
  action?: (button: JsonObject, context: PolicyContext) => string | undefined | void;
  /** Returns false to hold back the automatic update of `context.group`
   * for this run (`context.target`: the version it would go to). */
  autoUpdate?: (context: PolicyContext & { target: string }) => boolean | undefined | void;
}

export var POLICY_HOOKS = ['action', 'autoUpdate'];

/** The context for `group` (copies: a hook cannot change the driver's
 * state through it). */
export function policyContext(role: string, groups: { [name: string]: Group }, group: string | null, versions: string[], now: number): PolicyContext {
  var g = group !== null && isObject(groups) && has(groups, group) ? groups[group] : null;
  return { role: role, group: group, state: g === null ? null : (clone(g as unknown as Json) as JsonObject), versions: versions.slice(), now: now };
}

/** The refusal `policy.action` gives `button`, or null to go on. */
export function refusedByPolicy(policy: Policy | undefined, button: JsonObject, context: PolicyContext, log: Logger): string | null {
  if (!policy || typeof policy.action !== 'function') return null;
  var said: unknown;
  try {
    said = policy.action(clone(button as Json) as JsonObject, context);
  } catch (e) {
    log.error('policy.action failed:', headline(e) + '; the button is refused');
    return 'refused: the scheduler\'s policy failed: ' + headline(e);
  }
  if (said === undefined || said === null) return null;
  if (typeof said === 'string') return said;
  log.error('policy.action returned', typeName(said) + ', not a string or nothing; the button is refused');
  return 'refused: the scheduler\'s policy gave no answer';
}

/** Whether `policy.autoUpdate` holds back the group's automatic update to
 * `target` (a failing or nonsensical hook holds it back too). */
export function heldBack(policy: Policy | undefined, context: PolicyContext, target: string, log: Logger): boolean {
  if (!policy || typeof policy.autoUpdate !== 'function') return false;
  var said: unknown;
  var full = { role: context.role, group: context.group, state: context.state, versions: context.versions, now: context.now, target: target };
  try {
    said = policy.autoUpdate(full);
  } catch (e) {
    log.error('policy.autoUpdate failed:', headline(e) + '; the automatic update to', target, 'is held back');
    return true;
  }
  if (said === undefined || said === null || said === true) return false;
  if (said === false) {
    log.debug('automatic update to', target, 'held back by policy.autoUpdate');
    return true;
  }
  log.error('policy.autoUpdate returned', typeName(said) + ', not a boolean; the automatic update to', target, 'is held back');
  return true;
}

// "Name: message", without the stack.
function headline(e: unknown): string {
  return errorText(e).split('\n')[0];
}

function typeName(value: unknown): string {
  return isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : 'a ' + typeof value;
}
