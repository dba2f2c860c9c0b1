// Building stages from services' configs: which stage each service joins,
// the stage's times, and the ordering constraints it brings.
import { has, setKey } from '../json';
import { Stage, StageKind, UpdateConfig, RestartConfig, CommandConfig, ForwardMode, CommandMode } from '../types';
import { Edge } from './order';

var COMMAND_MODE: { [mode: string]: ForwardMode } = {
  'run-with-ack': 'ack',
  'run-with-ack-ignoring-errors': 'ack_ignore_errors',
  skip: 'skip',
};

// Among stages free to go next: commands (migrations) first, then test mode,
// then the restarts; the reference left such ties to Lua's hash order.
export var RANK: { [kind: string]: number } = { run_once: 0, test_mode: 1, restart: 2, smooth: 3 };

var KIND_LABEL: { [kind: string]: string } = {
  run_once: 'run-once command', test_mode: 'test mode', restart: 'quick restart', smooth: 'smooth restart',
};

export interface Draft {
  stage: Stage;
  /** The service that created it and its command modes, to explain clashes. */
  owner: string;
  modes?: string;
}

export interface Builder {
  drafts: { [name: string]: Draft };
  hard: Edge[];
  /** Orderings implied by an explicit `before: [test_mode]`. */
  implied: Edge[];
  /** The reference's defaults: test mode, then quick, then smooth. */
  defaults: Edge[];
  clashes: string[];
}

function constrain(b: Builder, name: string, cfg: UpdateConfig): void {
  var before = cfg.before || [];
  var after = cfg.after || [];
  for (var i = 0; i < before.length; i++) {
    b.hard.push({ from: name, to: before[i] });
    // Before test mode means before the restarts that follow it, even when
    // no service has a test mode (then there is no such stage).
    if (before[i] === 'test_mode') {
      b.implied.push({ from: name, to: 'quick_restart' }, { from: name, to: 'smooth_restart' });
    }
  }
  for (var j = 0; j < after.length; j++) b.hard.push({ from: after[j], to: name });
}

function insertSorted(list: string[], item: string): void {
  list.push(item);
  list.sort();
}

function draft(b: Builder, name: string, kind: StageKind, service: string, make: () => Stage, modes?: string): Stage | null {
  var d = has(b.drafts, name) ? b.drafts[name] : null;
  if (d === null) {
    setKey(b.drafts, name, { stage: make(), owner: service, modes: modes });
    return null;
  }
  if (d.stage.kind !== kind || d.modes !== modes) {
    var what = function (k: string, m?: string): string { return KIND_LABEL[k] + (m ? ' (' + m + ')' : ''); };
    b.clashes.push('stage "' + name + '": service ' + service + ' is a ' + what(kind, modes) +
      ' but service ' + d.owner + ' made it a ' + what(d.stage.kind, d.modes));
    return null;
  }
  return d.stage;
}

function widen(stage: Stage, seconds: number): void {
  if (stage.forward_time < seconds) stage.forward_time = seconds;
  if (stage.backward_time < seconds) stage.backward_time = seconds;
}

export function addRestart(b: Builder, service: string, cfg: RestartConfig): void {
  var smooth = cfg.restart === 'smooth';
  var name = cfg.stage || (smooth ? 'smooth_restart' : 'quick_restart');
  var substeps = cfg.smooth_substeps;
  var seconds = smooth ? cfg.warmup_sec * substeps : cfg.warmup_sec;
  var stage = draft(b, name, smooth ? 'smooth' : 'restart', service, function () {
    var s: Stage = {
      name: name,
      kind: smooth ? 'smooth' : 'restart',
      forward_mode: smooth ? 'smooth' : 'time',
      forward_time: seconds,
      backward_mode: smooth ? 'smooth' : 'time',
      backward_time: seconds,
      processes: [service],
    };
    if (smooth) s.substeps = substeps;
    return s;
  });
  if (stage !== null) {
    insertSorted(stage.processes, service);
    widen(stage, seconds);
    if (smooth && (stage.substeps || 0) < substeps) stage.substeps = substeps;
  }
  constrain(b, name, cfg);
  if (name === 'quick_restart') b.defaults.push({ from: name, to: 'smooth_restart' });
}

export function addTestMode(b: Builder, service: string, cfg: RestartConfig): void {
  var stage = draft(b, 'test_mode', 'test_mode', service, function () {
    var percents: { [service: string]: number } = {};
    setKey(percents, service, cfg.test_mode_percent);
    return {
      name: 'test_mode',
      kind: 'test_mode',
      forward_mode: 'manual',
      forward_time: cfg.warmup_sec,
      backward_mode: 'time',
      backward_time: cfg.warmup_sec,
      processes: [service],
      test_mode_percent: percents,
    } as Stage;
  });
  if (stage !== null) {
    insertSorted(stage.processes, service);
    widen(stage, cfg.warmup_sec);
    setKey(stage.test_mode_percent as { [service: string]: number }, service, cfg.test_mode_percent);
  }
  // The service's before/after hold for its test mode as for its restart.
  constrain(b, 'test_mode', cfg);
  b.defaults.push({ from: 'test_mode', to: 'quick_restart' }, { from: 'test_mode', to: 'smooth_restart' });
}

export function addCommand(b: Builder, service: string, cfg: CommandConfig): void {
  var name = cfg.stage || 'cmd_' + service;
  var modes = cfg.mode + (cfg.downgrade_mode ? ', downgrade ' + cfg.downgrade_mode : '');
  var stage = draft(b, name, 'run_once', service, function () {
    var s: Stage = {
      name: name,
      kind: 'run_once',
      forward_mode: COMMAND_MODE[cfg.mode],
      forward_time: cfg.duration,
      backward_mode: 'skip',
      backward_time: cfg.duration,
      processes: [service],
    };
    if (cfg.downgrade_mode) s.forward_downgrade_mode = COMMAND_MODE[cfg.downgrade_mode as CommandMode];
    return s;
  }, modes);
  if (stage !== null) {
    insertSorted(stage.processes, service);
    widen(stage, cfg.duration);
  }
  constrain(b, name, cfg);
}

export function newBuilder(): Builder {
  return { drafts: {}, hard: [], implied: [], defaults: [], clashes: [] };
}
