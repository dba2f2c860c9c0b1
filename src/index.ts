// The bundle's namespaces mirror the modules: VerwalterToolbox.version.compare,
// VerwalterToolbox.validate.object, VerwalterToolbox.log.wrapScheduler, ...
import * as version from './version/index';
import * as validate from './validate';
import * as log from './log';
import * as json from './json';
import * as tracking from './tracking/index';
import { repr } from './repr';
import * as split from './split';
import * as role from './role';
import * as gen from './gen';
import * as pipeline from './pipeline/index';
import * as api from './drivers/api/index';

export { version, validate, log, json, repr, tracking };
export { split, role, gen };
export { pipeline };
export var drivers = { api: api };
export type * from './types';
// Every type a scheduler author names: JSON values, the api driver's options
// and schedule, roles and drivers, logging, validators, tracking.
export type { Json, JsonObject, JsonArray } from './json';
export type { ApiOptions, ApiSchedule, ApiRoleOutput, ApiVersionInfo, ApiNodeRole } from './drivers/api/index';
export type { Policy as ApiPolicy, PolicyContext as ApiPolicyContext } from './drivers/api/policy';
export type { RoleState as ApiRoleState, Group as ApiGroup, Service as ApiService } from './drivers/api/state';
export type { NodeRole } from './drivers/api/nodes';
export type { Role, RoleFields, RoleOutput, Hook, Hooks, PrepareParams, Driver, DriverFactory, MergedOutput, ParentState } from './role';
export type { Logger, SchedulerResult, SchedulerInputLike, Collected } from './log';
export type { Validator, Result, Shape, ShapeValue, Infer, ObjectOptions } from './validate';
export type { TrackingOptions, KeepRule, Downgrade, TrackingParams, UsedVersions } from './tracking/index';

// The package version this bundle was built from; rollup's intro defines
// TOOLBOX_VERSION inside the bundle's wrapper (rollup.config.mjs).
declare var TOOLBOX_VERSION: string;
export var VERSION: string = TOOLBOX_VERSION;
