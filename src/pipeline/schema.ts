// The update state as it travels in schedules (group.update), validated the
// way the reference's STATE is, plus `error_message` (whose absence made the
// reference drop every update that got an error with a message) and the
// cross-field checks the state machine relies on.
import * as V from '../validate';
import { has, isObject, keys, setKey } from '../json';
import { isArray } from '../array';
import { Stage, UpdateState, ForwardMode, BackwardMode, Direction, StageKind } from '../types';
import { count, isStateStep, nonNegative, positiveInteger, stageName, storedPercent, timestamp, versionName } from './checks';

export var FORWARD_MODES: ForwardMode[] = ['manual', 'time', 'smooth', 'ack', 'ack_ignore_errors', 'skip'];
export var BACKWARD_MODES: BackwardMode[] = ['manual', 'time', 'smooth', 'skip'];
var KINDS: StageKind[] = ['run_once', 'smooth', 'restart', 'test_mode'];
var DIRECTIONS: Direction[] = ['forward', 'backward', 'pause', 'error'];

export var STAGE: V.Validator<Stage> = V.object({
  name: stageName(),
  kind: V.oneOf(KINDS),
  forward_mode: V.oneOf(FORWARD_MODES),
  forward_downgrade_mode: V.optional(V.oneOf(FORWARD_MODES)),
  forward_time: V.withDefault(nonNegative(), 5),
  backward_mode: V.oneOf(BACKWARD_MODES),
  backward_time: V.withDefault(nonNegative(), 5),
  processes: V.withDefault(V.list(V.string()), []),
  substeps: V.optional(positiveInteger()),
  test_mode_percent: V.optional(V.map(V.string(), storedPercent())),
}) as V.Validator<Stage>;

var PIPELINE = V.list(STAGE);

// The state's fields around a validator of its pipeline.
function stateFields(pipeline: V.Validator<unknown>) {
  return {
    pipeline: pipeline,
    source_ver: versionName(),
    source_extra: V.object({}, { allowExtra: true }),
    target_ver: versionName(),
    target_extra: V.object({}, { allowExtra: true }),
    step: V.string(),
    direction: V.oneOf(DIRECTIONS),
    downgrade: V.optional(V.boolean()),
    start_ts: timestamp(),
    step_ts: timestamp(),
    change_ts: timestamp(),
    auto: V.boolean(),
    pause_ts: V.optional(timestamp()),
    smooth_step: V.optional(count()),
    error_message: V.optional(V.string()),
  };
}

function stateShape(pipeline: V.Validator<unknown>) {
  return V.object(stateFields(pipeline));
}

/** The fields of an update state, every one that validateState reads. */
export var STATE_FIELDS = keys(stateFields(V.any())) as (keyof UpdateState)[];

var SHAPE = stateShape(PIPELINE);
// The same, for a state whose pipeline is already a cleaned one: the
// pipeline is most of a state, and validating it again was most of the
// cost of checking a state.
var SHAPE_CLEAN_PIPELINE = stateShape(V.any());

function usesSmooth(stage: Stage): boolean {
  return stage.forward_mode === 'smooth' || stage.backward_mode === 'smooth' || stage.forward_downgrade_mode === 'smooth';
}

/** Problems a shape can't express; `path` prefixes each. */
export function pipelineErrors(pipeline: Stage[], path: string): string[] {
  var errors: string[] = [];
  var seen: { [name: string]: boolean } = {};
  for (var i = 0; i < pipeline.length; i++) {
    var s = pipeline[i];
    var p = path + '.' + i;
    if (typeof s.name !== 'string') continue;
    if (has(seen, s.name)) errors.push(p + '.name: Stage "' + s.name + '" appears twice');
    setKey(seen, s.name, true);
    // Without substeps a smooth step would divide by nothing.
    if (usesSmooth(s) && s.substeps === undefined) errors.push(p + '.substeps: Required by smooth mode');
  }
  return errors;
}

export function stepIndex(pipeline: Stage[], step: string): number {
  for (var i = 0; i < pipeline.length; i++) if (pipeline[i].name === step) return i;
  return -1;
}

export function validatePipeline(value: unknown): V.Result<Stage[]> {
  var r = V.validate(PIPELINE, value);
  if (isArray(r.value)) r.errors = r.errors.concat(pipelineErrors(r.value, ''));
  r.ok = r.errors.length === 0;
  return r;
}

/** The state cleaned (Lua-era `[]` objects and string timestamps read as
 * objects and numbers), or its errors. */
export function validateState(value: unknown): V.Result<UpdateState> {
  return checkState(value, null);
}

/** Pipelines already cleaned, by their JSON text (and how many): the
 * groups of a cluster take the same few pipelines, so each need be cleaned
 * only once. */
export interface CleanPipelines {
  /** The cleaned pipeline's own JSON text, by the given one's: parsing it
   * is a fresh copy, much cheaper in an interpreter than a deep copy. */
  texts: { [json: string]: string };
  count: number;
}

/** `validateState` for many states: a pipeline cleaned before (the same
 * JSON text) is taken from `cache` (a copy), one cleaned now is added. */
export function validateStates(value: unknown, cache: CleanPipelines): V.Result<UpdateState> {
  var pipeline = isObject(value) ? value.pipeline : undefined;
  if (!isArray(pipeline)) return checkState(value, null);
  var key = JSON.stringify(pipeline);
  if (has(cache.texts, key)) return checkState(value, JSON.parse(cache.texts[key]) as Stage[]);
  var r = checkState(value, null);
  if (r.ok) {
    setKey(cache.texts, key, JSON.stringify(r.value.pipeline));
    cache.count++;
  }
  return r;
}

/** `validateState` for a state the state machine made from `valid` (a state
 * validateState cleaned): a pipeline it carried over unchanged (the same
 * array; the state machine never edits one) is not validated again. */
export function validateNextState(value: UpdateState, valid: UpdateState): V.Result<UpdateState> {
  return checkState(value, isObject(value) && value.pipeline === valid.pipeline ? valid.pipeline : null);
}

// `clean`: the state's pipeline, cleaned, or null to clean it here.
function checkState(value: unknown, clean: Stage[] | null): V.Result<UpdateState> {
  var r = V.validate(clean !== null ? SHAPE_CLEAN_PIPELINE : SHAPE, value) as unknown as V.Result<UpdateState>;
  if (clean !== null) r.value.pipeline = clean;
  var st = r.value;
  if (st && isArray(st.pipeline) && typeof st.step === 'string') {
    r.errors = r.errors.concat(pipelineErrors(st.pipeline, '.pipeline'));
    var idx = stepIndex(st.pipeline, st.step);
    // `__proto__` is reserved as a stage name but is no step of the state
    // machine: only a stage or start/done/revert_done.
    if (idx < 0 && !isStateStep(st.step)) {
      r.errors.push('.step: No stage "' + st.step + '" in the pipeline');
    }
    var sub = idx >= 0 ? st.pipeline[idx].substeps : undefined;
    if (sub !== undefined && typeof st.smooth_step === 'number' && st.smooth_step > sub) {
      r.errors.push('.smooth_step: Value must be at most ' + sub + ' (the substeps of ' + st.step + '), but is ' + st.smooth_step);
    }
  }
  r.ok = r.errors.length === 0;
  return r;
}
