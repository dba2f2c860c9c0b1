// The api driver's schedule as it goes over the wire: what a scheduler
// returns (and wrapScheduler completes), and what the web UI and the
// templates read. Field names as on the wire.
import { Stage, VersionMeta } from '../../types';
import { Downgrade, KeepRule } from '../../tracking/index';
import { RoleState } from './state';
import { NodeRole } from './nodes';

/** `roles[role]`: what the web UI shows and offers for a project. */
export interface ApiRoleOutput {
  frontend: { kind: 'api' };
  /** The kept versions, newest first. */
  versions: string[];
  /** Each kept version's runtime metadata, with the pipeline each group
   * would take to it (`{daemons: {}}` when the metadata is gone). */
  version_info: { [version: string]: ApiVersionInfo };
  /** The images the kept versions need, sorted, each once. */
  images: string[];
  kept_versions: { [version: string]: KeepRule[] };
  downgrades: Downgrade[];
  /** Versions groups run whose metadata is gone from the runtime. */
  missing_versions?: string[];
}

export interface ApiVersionInfo extends VersionMeta {
  group_pipelines?: { [group: string]: Stage[] };
}

/** `nodes[host].roles[role]`: what the node's templates render. */
export interface ApiNodeRole extends NodeRole {
  /** The `template` option. */
  template?: string;
}

/** The api driver's schedule (`drivers.api.schedule`). */
export interface ApiSchedule {
  state: { [role: string]: RoleState };
  roles: { [role: string]: ApiRoleOutput };
  nodes: { [hostname: string]: { roles: { [role: string]: ApiNodeRole } } };
  /** Set by `log.wrapScheduler`: the run's change notes. */
  changes?: string[];
  /** Set by `log.wrapScheduler`: `input.current_host`. */
  owner_hostname?: string;
}
