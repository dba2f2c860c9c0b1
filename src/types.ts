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
