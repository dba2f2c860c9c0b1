// The wire formats, once: what verwalter hands the scheduler and what the
// scheduler writes back. Field names are as on the wire (snake_case).
import { Json, JsonObject } from './json';

/** What verwalter's /v1/scheduler_input serves and passes to `scheduler`. */
export interface SchedulerInput {
  /** Milliseconds since the epoch; the only clock a scheduler may read. */
  now: number;
  current_host: string;
  current_id: string;
  /** The previous schedules: usually one, several after a split-brain. */
  parents: Schedule[];
  /** Action id (a millisecond timestamp as a string) to what was posted. */
  actions: { [actionId: string]: Action };
  /** The /etc/verwalter/runtime tree: project -> version or parameter. */
  runtime: { [project: string]: Runtime };
  peers: { [peerId: string]: Peer };
  metrics?: { [peerId: string]: JsonObject };
  [extra: string]: unknown;
}

export interface Peer {
  hostname: string;
  name?: string;
  addr?: string;
  [extra: string]: unknown;
}

export interface Action {
  button?: Button;
  [extra: string]: unknown;
}

/** What the web UI posts; `role` routes it, `action` says what it is. */
export interface Button {
  role?: string;
  action?: string;
  version?: string;
  group?: string;
  [extra: string]: unknown;
}

/** One project's runtime: `v<digit>...` keys are versions, the rest are
 * project-level parameters. */
export interface Runtime {
  [versionOrParameter: string]: Json;
}

export interface VersionMeta {
  /** Upload time in seconds: a number or a numeric string. */
  timestamp?: number | string;
  daemons?: { [name: string]: DaemonMeta };
  commands?: { [name: string]: CommandMeta };
  /** Images to keep for this version, instead of those of its processes. */
  containers?: string[];
  [extra: string]: unknown;
}

export interface DaemonMeta {
  image: string;
  config: string;
  update?: JsonObject;
  [extra: string]: unknown;
}

export interface CommandMeta {
  image: string;
  config: string;
  [extra: string]: unknown;
}

/** A schedule: the scheduler's output, and a parent in the next input. */
export interface Schedule {
  state?: { [role: string]: JsonObject };
  roles?: { [role: string]: JsonObject };
  nodes?: { [hostname: string]: NodeSchedule };
  changes?: string[];
  owner_hostname?: string;
  [extra: string]: unknown;
}

export interface NodeSchedule {
  roles: { [role: string]: JsonObject };
  [extra: string]: unknown;
}

/** A version chosen by a button or a parent, with when it was chosen (ms). */
export interface ChosenVersion {
  version: string;
  timestamp: number;
}

// ---- Update pipeline and update state (src/pipeline) ----------------------
// `group.update` in the api driver's schedule; the web UI reads these fields.

export type StageKind = 'run_once' | 'smooth' | 'restart' | 'test_mode';
export type ForwardMode = 'manual' | 'time' | 'smooth' | 'ack' | 'ack_ignore_errors' | 'skip';
export type BackwardMode = 'manual' | 'time' | 'smooth' | 'skip';
export type Direction = 'forward' | 'backward' | 'pause' | 'error';

/** One stage of an update pipeline. Times are in seconds. */
export interface Stage {
  name: string;
  kind: StageKind;
  forward_mode: ForwardMode;
  /** Replaces `forward_mode` when the update is a downgrade. */
  forward_downgrade_mode?: ForwardMode;
  forward_time: number;
  backward_mode: BackwardMode;
  backward_time: number;
  /** Service names of the group (a run-once stage: the command's service). */
  processes: string[];
  /** Smooth stages: how many equal parts the switch is made in. */
  substeps?: number;
  /** Test mode stages: service name to the percentage of its instances on
   * the target version. */
  test_mode_percent?: { [service: string]: number };
}

export type Pipeline = Stage[];

/** An update in progress. Timestamps are milliseconds. */
export interface UpdateState {
  pipeline: Pipeline;
  source_ver: string;
  source_extra: JsonObject;
  target_ver: string;
  target_extra: JsonObject;
  /** A stage name, or `start`, `done`, `revert_done`. */
  step: string;
  direction: Direction;
  downgrade?: boolean;
  start_ts: number;
  step_ts: number;
  change_ts: number;
  /** Started by auto update: manual stages go on by themselves. */
  auto: boolean;
  /** When the update was paused or failed; it reverts a while after. */
  pause_ts?: number;
  /** Smooth stages: how many substeps are done. */
  smooth_step?: number;
  /** Set with direction `error`: what the failed command reported. */
  error_message?: string;
}

/** The `update` key of a daemon's version metadata, once validated. */
export type UpdateConfig = RestartConfig | CommandConfig;

export interface RestartConfig {
  stage?: string;
  restart: 'quick' | 'smooth';
  test_mode_percent: number;
  warmup_sec: number;
  smooth_mode?: string;
  smooth_substeps: number;
  before?: string[];
  after?: string[];
}

export type CommandMode = 'run-with-ack' | 'run-with-ack-ignoring-errors' | 'skip';

export interface CommandConfig {
  stage?: string;
  mode: CommandMode;
  downgrade_mode?: CommandMode;
  duration: number;
  before?: string[];
  after?: string[];
}

export type UpdateActionName = 'pause' | 'resume' | 'revert' | 'skip' | 'proceed' | 'ack' | 'error';

/** The button the web UI (or verwalter-ack) posts for an update. */
export interface UpdateButton {
  update_action: UpdateActionName;
  /** The step it is meant for; without it, whatever step is running. */
  step?: string;
  error_message?: string;
  [extra: string]: unknown;
}

/** An action as posted: `{button: {...}}`. */
export interface UpdateAction {
  button: UpdateButton;
  [extra: string]: unknown;
}

/** What an update action is answered with on /v1/wait_action. */
export type ActionAnswer = ActionDone | ActionRefused;

export interface ActionDone {
  ok: true;
  action: UpdateActionName;
  /** The step and direction right after the action. */
  step: string;
  direction: Direction;
}

export interface ActionRefused {
  /** Why the action was not carried out. */
  error: string;
}

/** Per process: version to the percentage of instances on it. */
export interface ProcessVersions {
  [process: string]: { [version: string]: number };
}
// ---- end of update pipeline types -----------------------------------------
