// Per-role logging. Lines and change notes go to the collector of the
// scheduler run in progress (set up by `collect` / `wrapScheduler`), the way
// the reference swaps Lua's print; outside a run they go to the console.
import { noteLine } from './lines';
import { renderArgs, repr } from './repr';
import { Json, JsonObject, isObject, setKey } from './json';
import { isArray } from './array';

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

// Names and prefixes may come from data (a role named in a button); render
// them without calling a toString that might not exist.
function text(value: unknown): string {
  return typeof value === 'string' ? value : repr(value);
}

function emit(role: string, level: string, line: string): void {
  noteLine();
  var full = '[' + role + ']:' + level + ': ' + line;
  if (current) current.lines.push(full + '\n');
  else if (typeof console !== 'undefined' && console && console.log) console.log(full);
}

function noteChange(role: string, line: string): void {
  if (current) current.changes.push(role + ': ' + line);
}

/** Records the answer to an action for whoever waits on /v1/wait_action.
 * Outside a run (no `collect`/`wrapScheduler`) there is nobody to tell, and
 * the answer is dropped. `undefined` is not JSON and is answered as null. */
export function answer(actionId: string, value: Json): void {
  if (current) setKey(current.answers, text(actionId), value === undefined ? null : value);
}

export class Logger {
  role: string;
  prefix: string;
  /** Set for a logger made for tests (`gen.logger`): its lines land here as
   * `<role> <LEVEL> <text>`, not in the run's log. */
  lines: string[] | null;

  constructor(role?: string, prefix?: string, lines?: string[]) {
    this.role = role ? text(role) : 'no-role';
    this.prefix = prefix ? text(prefix) : '';
    this.lines = isArray(lines) ? lines : null;
  }

  /** A logger whose lines read `outer.inner: ...`; the reference lost the
   * outer part for a sub-logger of a sub-logger. */
  sub(name: string): Logger {
    var inner = text(name);
    var prefix = this.prefix === '' ? inner + ': ' : this.prefix.substring(0, this.prefix.length - 2) + '.' + inner + ': ';
    return new Logger(this.role, prefix, this.lines || undefined);
  }

  private write(level: string, line: string): void {
    if (this.lines) {
      noteLine();
      this.lines.push(this.role + ' ' + level + ' ' + line);
    } else emit(this.role, level, line);
  }

  debug(...args: unknown[]): void {
    this.write('DEBUG', this.prefix + renderArgs(args));
  }

  error(...args: unknown[]): void {
    this.write('ERROR', this.prefix + renderArgs(args));
  }

  /** A change people should see: logged, and listed in `schedule.changes`. */
  change(...args: unknown[]): void {
    var line = this.prefix + renderArgs(args);
    this.write('CHANGE', line);
    if (!this.lines) noteChange(this.role, line);
  }

  /** Invalid data: the value (shortened) and each validation error. */
  invalid(message: string, data: unknown, errors: string[]): void {
    var msg = text(message);
    // repr even for a string: it is data, and may be long.
    this.write('ERROR', this.prefix + msg + ', data: ' + repr(data));
    // A copy: the list may be this logger's own `lines` (tests do odd things).
    var list = isArray(errors) ? errors.slice() : [errors];
    for (var i = 0; i < list.length; i++) {
      this.write('ERROR', this.prefix + renderArgs([msg + ', error:', list[i]]));
    }
  }
}

export function roleDebug(role: string, ...args: unknown[]): void {
  emit(text(role), 'DEBUG', renderArgs(args));
}

export function roleError(role: string, ...args: unknown[]): void {
  emit(text(role), 'ERROR', renderArgs(args));
}

export function roleChange(role: string, ...args: unknown[]): void {
  var line = renderArgs(args);
  emit(text(role), 'CHANGE', line);
  noteChange(text(role), line);
}

/** `print`-style debug line of no role. */
export function print(...args: unknown[]): void {
  emit('no-role', 'DEBUG', renderArgs(args));
}

export function errorText(e: unknown): string {
  try {
    var err = e as { message?: unknown; stack?: unknown; name?: unknown };
    if (e && typeof e === 'object' && (typeof err.message === 'string' || typeof err.stack === 'string')) {
      var message = text(err.message);
      var name = typeof err.name === 'string' ? err.name : '';
      var head = name && message ? name + ': ' + message : name || message;
      var stack = typeof err.stack === 'string' ? err.stack.replace(/\n+$/, '') : '';
      // V8 starts the stack with "Name: message"; QuickJS and Duktape with
      // the first frame.
      if (stack.substring(0, head.length) === head) return stack;
      return stack ? head + '\n' + stack : head;
    }
    return typeof e === 'string' ? e : repr(e);
  } catch (_) {
    return 'unprintable error';
  }
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

export interface SchedulerResult<S extends object = JsonObject> {
  /** null after an exception: verwalter then reports "invalid return value",
   * keeps the previous schedule and shows this log. */
  schedule: S | null;
  log: string;
  actions: { [actionId: string]: Json };
}

function noteLeaderChange(input: SchedulerInputLike): void {
  var parents = isArray(input.parents) ? input.parents : [];
  var host = text(input.current_host);
  var owners: string[] = [];
  for (var i = 0; i < parents.length; i++) {
    var p = parents[i];
    owners.push(isObject(p) && typeof p.owner_hostname === 'string' ? p.owner_hostname : '?');
  }
  if (owners.length === 1 && owners[0] === host) return;
  var line = 'Leader change [' + owners.join(', ') + '] -> ' + host;
  emit('no-role', 'CHANGE', line);
  noteChange('no-role', line);
}

type Console = { [method: string]: unknown };
var CONSOLE_LEVELS: { [method: string]: string } = { log: 'DEBUG', info: 'DEBUG', debug: 'DEBUG', warn: 'ERROR', error: 'ERROR' };

// What a scheduler prints with console.log belongs in its log, as the
// reference's wrap_scheduler does with Lua's print. A host whose console
// can't be patched (frozen) is left alone.
function captureConsole(): () => void {
  if (typeof console === 'undefined' || !console) return function () {};
  var c = console as unknown as Console;
  var saved: Console = {};
  for (var method in CONSOLE_LEVELS) {
    if (!Object.prototype.hasOwnProperty.call(CONSOLE_LEVELS, method)) continue;
    saved[method] = c[method];
    try {
      c[method] = (function (level: string) {
        return function (...args: unknown[]): void { emit('no-role', level, renderArgs(args)); };
      })(CONSOLE_LEVELS[method]);
    } catch (_) { /* read-only console */ }
  }
  return function () {
    for (var m in saved) {
      try { c[m] = saved[m]; } catch (_) { /* read-only console */ }
    }
  };
}

/** Starts the last line(s) of a failed run's log: the thrown error's text. */
export var UNCAUGHT = 'Uncaught ';

/** Turns `fn(input) -> schedule` into a scheduler that meets the engine
 * contract: `{schedule, log, actions}`, never an exception. */
export function wrapScheduler<I extends SchedulerInputLike, S extends object>(
  fn: (input: I) => S
): (input: I) => SchedulerResult<S> {
  return function (input: I): SchedulerResult<S> {
    var restore = captureConsole();
    var run: Collected<JsonObject>;
    try {
      run = collect(function () {
        if (isObject(input) && isArray(input.parents)) noteLeaderChange(input);
        var schedule: unknown = fn(input);
        if (!isObject(schedule)) throw new Error('scheduler returned ' + (schedule === null ? 'null' : isArray(schedule) ? 'an array' : typeof schedule) + ', not an object');
        return schedule;
      });
    } finally {
      restore();
    }
    if (run.error !== undefined || !run.value) {
      // One marker line the harness reads back as the run's headline.
      return { schedule: null, log: run.text + '\n' + UNCAUGHT + run.error + '\n', actions: run.answers };
    }
    var schedule = run.value;
    if (run.changes.length) {
      var changes = isArray(schedule.changes) ? schedule.changes : [];
      for (var i = 0; i < run.changes.length; i++) changes.push(run.changes[i]);
      schedule.changes = changes;
    }
    if (isObject(input) && input.current_host !== undefined) schedule.owner_hostname = input.current_host as Json;
    // What fn returned, with changes and owner_hostname added.
    return { schedule: schedule as unknown as S, log: run.text, actions: run.answers };
  };
}
