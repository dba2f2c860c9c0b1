// Per-role logging. Lines and change notes go to the collector of the
// scheduler run in progress (set up by `collect` / `wrapScheduler`), the way
// the reference swaps Lua's print; outside a run they go to the console.
import { renderArgs } from './repr';
import { Json, JsonObject, isObject } from './json';

export interface Collected<T> {
  value?: T;
  /** Set when the function threw: the error text and its stack. */
  error?: string;
  text: string;
  changes: string[];
  answers: { [actionId: string]: Json };
}

interface Collector {
  lines: string[];
  changes: string[];
  answers: { [actionId: string]: Json };
}

var current: Collector | null = null;

function emit(role: string, level: string, text: string): void {
  var line = '[' + role + ']:' + level + ': ' + text;
  if (current) current.lines.push(line + '\n');
  else if (typeof console !== 'undefined' && console.log) console.log(line);
}

function noteChange(role: string, text: string): void {
  if (current) current.changes.push(role + ': ' + text);
}

/** Records the answer to an action for whoever waits on /v1/wait_action. */
export function answer(actionId: string, value: Json): void {
  if (current) current.answers[actionId] = value;
}

export class Logger {
  role: string;
  prefix: string;

  constructor(role?: string, prefix?: string) {
    this.role = role || 'no-role';
    this.prefix = prefix || '';
  }

  /** A logger whose lines read `outer.inner: ...`; the reference lost the
   * outer part for a sub-logger of a sub-logger. */
  sub(name: string): Logger {
    if (this.prefix === '') return new Logger(this.role, name + ': ');
    return new Logger(this.role, this.prefix.substring(0, this.prefix.length - 2) + '.' + name + ': ');
  }

  debug(...args: unknown[]): void {
    emit(this.role, 'DEBUG', this.prefix + renderArgs(args));
  }

  error(...args: unknown[]): void {
    emit(this.role, 'ERROR', this.prefix + renderArgs(args));
  }

  /** A change people should see: logged, and listed in `schedule.changes`. */
  change(...args: unknown[]): void {
    var text = this.prefix + renderArgs(args);
    emit(this.role, 'CHANGE', text);
    noteChange(this.role, text);
  }

  /** Invalid data: the value (shortened) and each validation error. */
  invalid(message: string, data: unknown, errors: string[]): void {
    emit(this.role, 'ERROR', this.prefix + renderArgs([message + ', data:', data]));
    for (var i = 0; i < errors.length; i++) {
      emit(this.role, 'ERROR', this.prefix + message + ', error: ' + errors[i]);
    }
  }
}

export function roleDebug(role: string, ...args: unknown[]): void {
  emit(role, 'DEBUG', renderArgs(args));
}

export function roleError(role: string, ...args: unknown[]): void {
  emit(role, 'ERROR', renderArgs(args));
}

export function roleChange(role: string, ...args: unknown[]): void {
  var text = renderArgs(args);
  emit(role, 'CHANGE', text);
  noteChange(role, text);
}

/** `print`-style debug line of no role. */
export function print(...args: unknown[]): void {
  emit('no-role', 'DEBUG', renderArgs(args));
}

export function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    var err = e as { message?: unknown; stack?: unknown; name?: unknown };
    var head = (err.name ? String(err.name) + ': ' : '') + String(err.message);
    var stack = typeof err.stack === 'string' ? err.stack : '';
    // V8 and QuickJS differ on whether the stack repeats the message.
    if (stack.indexOf(String(err.message)) >= 0) return stack;
    return stack ? head + '\n' + stack : head;
  }
  return String(e);
}

/** Runs `fn` with a fresh collector; nested calls restore the outer one. */
export function collect<T>(fn: () => T): Collected<T> {
  var saved = current;
  var mine: Collector = { lines: [], changes: [], answers: {} };
  current = mine;
  var out: Collected<T> = { text: '', changes: mine.changes, answers: mine.answers };
  try {
    out.value = fn();
  } catch (e) {
    out.error = errorText(e);
  } finally {
    current = saved;
  }
  out.text = mine.lines.join('');
  return out;
}

export interface SchedulerInputLike {
  current_host?: unknown;
  parents?: unknown;
}

export interface SchedulerResult {
  /** null after an exception: verwalter then reports "invalid return value",
   * keeps the previous schedule and shows this log. */
  schedule: JsonObject | null;
  log: string;
  actions: { [actionId: string]: Json };
}

function noteLeaderChange(input: SchedulerInputLike): void {
  var parents = input.parents instanceof Array ? input.parents : [];
  var host = String(input.current_host);
  var owners: string[] = [];
  for (var i = 0; i < parents.length; i++) {
    var p = parents[i];
    owners.push(isObject(p) ? String(p.owner_hostname) : '?');
  }
  if (owners.length === 1 && owners[0] === host) return;
  var text = 'Leader change [' + owners.join(', ') + '] -> ' + host;
  emit('no-role', 'CHANGE', text);
  noteChange('no-role', text);
}

/** Turns `fn(input) -> schedule` into a scheduler that meets the engine
 * contract: `{schedule, log, actions}`, never an exception. */
export function wrapScheduler<I extends SchedulerInputLike>(
  fn: (input: I) => JsonObject
): (input: I) => SchedulerResult {
  return function (input: I): SchedulerResult {
    var run = collect(function () {
      if (isObject(input) && input.parents instanceof Array) noteLeaderChange(input);
      var schedule = fn(input);
      if (!isObject(schedule)) throw new Error('scheduler returned ' + (schedule === null ? 'null' : typeof schedule) + ', not an object');
      return schedule;
    });
    if (run.error !== undefined || !run.value) {
      return { schedule: null, log: run.text + '\nError: ' + run.error + '\n', actions: run.answers };
    }
    var schedule = run.value;
    if (run.changes.length) {
      var changes = schedule.changes instanceof Array ? schedule.changes : [];
      for (var i = 0; i < run.changes.length; i++) changes.push(run.changes[i]);
      schedule.changes = changes;
    }
    if (isObject(input) && input.current_host !== undefined) schedule.owner_hostname = input.current_host as Json;
    return { schedule: schedule, log: run.text, actions: run.answers };
  };
}

