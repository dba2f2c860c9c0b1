// The `update` key of a daemon's version metadata: how that service (or
// run-once command) takes part in an update of its group.
import * as V from '../validate';
import { isObject, has, keys } from '../json';
import { UpdateConfig, RestartConfig, CommandConfig } from '../types';
import { nonNegative, percent, positiveInteger, stageName } from './checks';

export var DEFAULT_WARMUP_SEC = 5;
export var DEFAULT_SMOOTH_SUBSTEPS = 10;

var COMMAND_MODES: CommandConfig['mode'][] = ['run-with-ack', 'run-with-ack-ignoring-errors', 'skip'];

var RESTART = V.object({
  stage: V.optional(stageName()),
  restart: V.withDefault(V.oneOf<'quick' | 'smooth'>(['quick', 'smooth']), 'quick'),
  test_mode_percent: V.withDefault(percent(), 0),
  warmup_sec: V.withDefault(nonNegative(), DEFAULT_WARMUP_SEC),
  smooth_mode: V.optional(V.string()),
  smooth_substeps: V.withDefault(positiveInteger(), DEFAULT_SMOOTH_SUBSTEPS),
  before: V.optional(V.list(V.string())),
  after: V.optional(V.list(V.string())),
});

var COMMAND = V.object({
  stage: V.optional(stageName()),
  mode: V.oneOf(COMMAND_MODES),
  downgrade_mode: V.optional(V.oneOf(COMMAND_MODES)),
  duration: V.withDefault(nonNegative(), 0),
  before: V.optional(V.list(V.string())),
  after: V.optional(V.list(V.string())),
});

export function isCommand(config: UpdateConfig): config is CommandConfig {
  return has(config, 'mode');
}

/** One service's config. A `mode` key makes it a run-once command, anything
 * else (including no config at all) a restart; checking by that key rather
 * than trying both shapes keeps the errors about the shape that was meant. */
export var SERVICE_CONFIG: V.Validator<UpdateConfig> = {
  convert: function (value, path, errors) {
    if (value === undefined || value === null) value = {};
    if (isObject(value) && has(value, 'mode')) return COMMAND.convert(value, path, errors) as CommandConfig;
    return RESTART.convert(value, path, errors) as RestartConfig;
  },
};

export function validateServiceConfig(config: unknown, path?: string): V.Result<UpdateConfig> {
  return V.validate(SERVICE_CONFIG, config, path);
}

/** Service name to its `update` metadata, as the reference's
 * validate_config: defaults filled in, errors as "<path>: <reason>". */
export function validateConfig(configs: unknown): V.Result<{ [service: string]: UpdateConfig }> {
  return V.validate(V.map(V.string(), SERVICE_CONFIG), configs);
}

/** A restart with every default: what an unusable config falls back to. */
export function defaultRestart(): RestartConfig {
  return {
    restart: 'quick',
    test_mode_percent: 0,
    warmup_sec: DEFAULT_WARMUP_SEC,
    smooth_substeps: DEFAULT_SMOOTH_SUBSTEPS,
  };
}

export function serviceNames(configs: { [service: string]: unknown }): string[] {
  // Sorted, so that nothing downstream depends on the key order of the
  // metadata (the reference iterated a Lua hash).
  return keys(configs).sort();
}
