// The api driver's options, read once per run as the scheduler's own
// untrusted input: an unknown key (with the name it was probably meant to
// be) or a bad value is one logged error, and that option keeps its default.
import { has, isObject, keys, setKey } from '../../json';
import { roleError } from '../../log';
import { GRACE_VALIDATOR } from '../../absent';
import { Hooks } from '../../role';
import { POLICY_HOOKS, Policy } from './policy';
import { closest, numberIn, string, validate, Validator } from '../../validate';

export interface ApiOptions {
  /** Versions deployed less than this long ago are kept (ms; default a day). */
  deployed_lifetime_ms?: number;
  /** Versions uploaded less than this long ago are kept (ms; default a day). */
  uploaded_lifetime_ms?: number;
  /** A paused or failed update reverts after this long (ms); 0 never. */
  auto_revert_ms?: number;
  /** Written as `template` into each node's role: the verwalter template
   * directory (`name/v1`) the node renders for the role. */
  template?: string;
  /** `update_done(role, group, groupState)` and `revert_done(...)`, called
   * once when an update ends: `role` the `Role`, `group` the group's name,
   * `groupState` a copy of its state (see `Hook`). */
  hooks?: Hooks;
  /** A project missing from the runtime is carried over this long (ms)
   * before its groups are dropped; default one hour. */
  absent_runtime_grace_ms?: number;
  /** The team's own rules: `action(button, context)` may refuse a button,
   * `autoUpdate(context)` hold back an automatic update (policy.ts). */
  policy?: Policy;
}

var HOOK_NAMES = ['update_done', 'revert_done'];

// An object of functions named in `known` (hooks, policy).
function functionsOf<T>(known: string[]): Validator<T> {
  return {
    convert: function (value, path, errors) {
      if (!isObject(value)) {
        errors.push(path + ': Value is not an object of hook functions');
        return {} as T;
      }
      var names = keys(value);
      for (var i = 0; i < names.length; i++) {
        var name = names[i];
        if (known.indexOf(name) < 0) errors.push(path + '.' + name + ': unknown hook' + didYouMean(name, known));
        else if (typeof value[name] !== 'function') errors.push(path + '.' + name + ': Value is not a function');
      }
      return value as unknown as T;
    },
  };
}

var OPTIONS: { [name: string]: Validator<unknown> } = {
  deployed_lifetime_ms: numberIn(0, Infinity),
  uploaded_lifetime_ms: numberIn(0, Infinity),
  auto_revert_ms: numberIn(0, Infinity),
  template: string(/\S/),
  hooks: functionsOf<Hooks>(HOOK_NAMES),
  absent_runtime_grace_ms: GRACE_VALIDATOR,
  policy: functionsOf<Policy>(POLICY_HOOKS),
};

function didYouMean(name: string, known: string[]): string {
  var guess = closest(name, known);
  return guess === null ? '' : ' (did you mean ' + guess + '?)';
}

/** `options` with every bad or unknown key left out (so its default
 * applies), and what was wrong logged as one error line. */
export function readApiOptions(options: unknown): ApiOptions {
  var out: ApiOptions = {};
  if (options === undefined || options === null) return out;
  var errors: string[] = [];
  if (!isObject(options)) {
    errors.push('options: Value is not an object');
  } else {
    var names = keys(options);
    var known = keys(OPTIONS);
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      if (!has(OPTIONS, name)) {
        errors.push('options.' + name + ': unknown option' + didYouMean(name, known));
        continue;
      }
      // undefined is how a caller says "the default" in JavaScript.
      if (options[name] === undefined) continue;
      var result = validate(OPTIONS[name], options[name], 'options.' + name);
      if (result.ok) setKey(out as { [k: string]: unknown }, name, options[name]);
      else for (var e = 0; e < result.errors.length; e++) errors.push(result.errors[e]);
    }
  }
  if (errors.length) roleError('no-role', 'api driver: ' + errors.join('; ') + '; those options keep their defaults');
  return out;
}
