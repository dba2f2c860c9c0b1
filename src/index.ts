// The bundle's namespaces mirror the modules: VerwalterToolbox.version.compare,
// VerwalterToolbox.validate.object, VerwalterToolbox.log.wrapScheduler, ...
import * as version from './version/index';
import * as validate from './validate';
import * as log from './log';
import * as json from './json';
import { repr } from './repr';

export { version, validate, log, json, repr };
export type * from './types';
