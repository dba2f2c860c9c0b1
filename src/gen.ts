// Test data for schedulers' own tests, as the reference's spec/gen.lua makes
// it. Every function is pure and deterministic: the same arguments give
// equal, unshared values. Misuse (metrics of one host given twice) throws:
// these run in tests, not in a scheduler.
import { Json, JsonObject, clone, isObject, keys, setKey, toNumber } from './json';
import { isArray } from './array';
import { Logger } from './log';
import { repr } from './repr';
import { Role, fromFields } from './role';
import { SchedulerInput } from './types';

/** An arbitrary base time (ms): 2016-06-09T13:34:50Z. */
export var BASE_TIMESTAMP = 1465479290000;

/** The peers every generated input has, unless given others. */
export var HOSTS: { id: string; hostname: string }[] = [
  { id: '0d690419cd304aaab59eff4252d24001', hostname: 'host1' },
  { id: '83b26e29eb614c97b623ce5cbb886002', hostname: 'host2' },
  { id: 'a0a48b51df67403c988eda77ac89b003', hostname: 'host3' },
  { id: '25b9db39804c46009dd9fb2a405fe004', hostname: 'host4' },
];

// A count that is not a finite number is no count at all (an Infinity
// would never end).
function countOf(count: unknown): number {
  return typeof count === 'number' && isFinite(count) ? count : 0;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : repr(value);
}

/** `count` numbers from `start`, `step` apart. */
export function range(start: number, step: number, count: number): number[] {
  var out: number[] = [];
  for (var i = 0; i < countOf(count); i++) out.push(start + step * i);
  return out;
}

/** `count` copies of `value`. */
export function repeat<T>(value: T, count: number): T[] {
  var out: T[] = [];
  for (var i = 0; i < countOf(count); i++) out.push(clone(value));
  return out;
}

// Small keys are offsets: k becomes BASE_TIMESTAMP + k*7 (ms), as in
// gen.lua; a list's items are keys 1, 2, ... so the first action is
// BASE_TIMESTAMP + 7. Keys that are already timestamps, or not numbers,
// stay as they are.
function actionId(key: string | number): string {
  var k = toNumber(key);
  if (k !== null && k < 1e12) return String(BASE_TIMESTAMP + k * 7);
  return String(key);
}

function actionsOf(given: unknown): JsonObject {
  var out: JsonObject = {};
  if (isArray(given)) {
    for (var i = 0; i < given.length; i++) setKey(out, actionId(i + 1), clone(given[i]) as Json);
  } else if (isObject(given)) {
    var ks = keys(given);
    for (var j = 0; j < ks.length; j++) setKey(out, actionId(ks[j]), clone(given[ks[j]]));
  }
  return out;
}

// Metrics come as `{peerId: metrics}` or as a list of `[peerId, metrics]`
// (what steadyMetric returns); metric groups of one peer are merged.
function metricsOf(given: unknown): JsonObject {
  var out: { [peer: string]: JsonObject } = {};
  var pairs: [string, unknown][] = [];
  if (isArray(given)) {
    for (var i = 0; i < given.length; i++) {
      var item = given[i];
      if (isArray(item) && item.length === 2) pairs.push([str(item[0]), item[1]]);
    }
  } else if (isObject(given)) {
    var ks = keys(given);
    for (var j = 0; j < ks.length; j++) pairs.push([ks[j], given[ks[j]]]);
  }
  for (var p = 0; p < pairs.length; p++) {
    var peer = pairs[p][0];
    var groups = isObject(pairs[p][1]) ? (pairs[p][1] as JsonObject) : {};
    if (!Object.prototype.hasOwnProperty.call(out, peer)) setKey(out, peer, {});
    var names = keys(groups);
    for (var n = 0; n < names.length; n++) {
      if (Object.prototype.hasOwnProperty.call(out[peer], names[n])) {
        throw new Error('gen: metric ' + names[n] + ' of peer ' + peer + ' is given twice');
      }
      setKey(out[peer], names[n], clone(groups[names[n]]));
    }
  }
  return out;
}

function examplePeers(): JsonObject {
  var out: JsonObject = {};
  for (var i = 0; i < HOSTS.length; i++) setKey(out, HOSTS[i].id, { hostname: HOSTS[i].hostname });
  return out;
}

/** gen.lua's `schedule`: the given fields (copied), with `actions` keyed by
 * timestamps, `metrics` merged by peer, and `peers` (HOSTS), `parents`
 * ([]), `actions` ({}) and `metrics` ({}) when missing. It also makes
 * parent schedules: `gen.schedule({state: {...}})`. */
export function schedule(fields?: { [key: string]: unknown }): JsonObject {
  var out: JsonObject = {};
  var given = isObject(fields) ? fields : {};
  var ks = keys(given);
  for (var i = 0; i < ks.length; i++) setKey(out, ks[i], clone(given[ks[i]]) as Json);
  out.actions = actionsOf(given.actions);
  out.metrics = metricsOf(given.metrics);
  if (out.peers === undefined) out.peers = examplePeers();
  if (out.parents === undefined) out.parents = [];
  return out;
}

/** A whole scheduler input: `schedule(fields)` plus `now`
 * (BASE_TIMESTAMP), `current_host` and `current_id` (host1) and `runtime`
 * ({}) when missing. */
export function input(fields?: { [key: string]: unknown }): SchedulerInput {
  var out = schedule(fields);
  if (out.now === undefined) out.now = BASE_TIMESTAMP;
  if (out.current_host === undefined) out.current_host = HOSTS[0].hostname;
  if (out.current_id === undefined) out.current_id = HOSTS[0].id;
  if (out.runtime === undefined) out.runtime = {};
  // Every field of an input is there now, as the given fields made them.
  return out as unknown as SchedulerInput;
}

/** An action as the web UI posts it. */
export function button(fields: { [key: string]: unknown }): JsonObject {
  return { button: clone(fields) as Json };
}

/** `[peerId, {"<role>.<metric>": series}]` of a constant value every 2 s
 * from BASE_TIMESTAMP; `host` is a peer id or a 1-based index into HOSTS. */
export function steadyMetric(host: number | string, role: string, metric: string, points: number, value: number): [string, JsonObject] {
  var id = typeof host === 'number' && HOSTS[host - 1] ? HOSTS[host - 1].id : str(host);
  var groups: JsonObject = {};
  setKey(groups, str(role) + '.' + str(metric), {
    type: 'multi_series',
    items: [{
      key: { metric: str(metric) },
      timestamps: range(BASE_TIMESTAMP, 2000, points),
      values: repeat(value, points),
    }],
  });
  return [id, groups];
}

export type VersionTemplate = JsonObject | ((version: string, index: number) => JsonObject);

/** A runtime project: versions uploaded an hour apart after BASE_TIMESTAMP
 * (`timestamp` in seconds), plus the parameters `project_name` and
 * `scheduler_kind`. Versions are named (`versions('v1.0', 'v1.1')`) or
 * counted (`versions(3)`: v1.0, v2.0, v3.0); a last argument that is an
 * object (or a function of version and index giving one) is merged into
 * each version's metadata. */
export function versions(...args: (string | number | VersionTemplate)[]): JsonObject {
  var names: string[] = [];
  var template: VersionTemplate | null = null;
  for (var i = 0; i < args.length; i++) {
    var a = args[i];
    if (typeof a === 'string') names.push(a);
    else if (typeof a === 'number') {
      for (var n = 1; n <= countOf(a); n++) names.push('v' + n + '.0');
    } else if (typeof a === 'function' || isObject(a)) template = a;
  }
  var out: JsonObject = {};
  var seconds = Math.floor(BASE_TIMESTAMP / 1000);
  for (var j = 0; j < names.length; j++) {
    var meta: JsonObject = { timestamp: seconds + 3600 * (j + 1) };
    var extra: unknown = typeof template === 'function' ? template(names[j], j) : clone(template);
    var ek = isObject(extra) ? keys(extra) : [];
    for (var k = 0; k < ek.length; k++) setKey(meta, ek[k], (extra as JsonObject)[ek[k]]);
    setKey(out, names[j], meta);
  }
  out.project_name = 'hello';
  out.scheduler_kind = 'fancy_thing';
  return out;
}

/** A bare role: no versions, actions, parents or state. */
export function role(name: string): Role {
  return fromFields({ name: name, parameters: {}, versions: {}, descendingVersions: [], actions: {}, parents: [] });
}

/** A logger that keeps its lines (`<role> <LEVEL> <text>`) in `.lines`
 * instead of the run's log (the reference's spec/mocks.lua Logger). */
export function logger(roleName?: string): Logger {
  return new Logger(roleName, '', []);
}
