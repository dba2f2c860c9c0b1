// Which version each process runs, in percent of its instances, at the
// update's current step: what the schedule renders onto the nodes.
import { has, keys, setKey } from '../json';
import { ProcessVersions, UpdateState } from '../types';
import { modeOf, position } from './steps';

function put(out: ProcessVersions, process: string, split: [string, number][]): void {
  var versions: { [version: string]: number } = {};
  // With source and target the same version their shares add up.
  for (var i = 0; i < split.length; i++) {
    var v = split[i][0];
    setKey(versions, v, (has(versions, v) ? versions[v] : 0) + split[i][1]);
  }
  setKey(out, process, versions);
}

/**
 * For every process of the pipeline, version to percent, as the reference
 * computes it: stages already passed run the target (test mode keeps its
 * percentage), stages not reached the source (a process that passed test
 * mode keeps its test share until then), run-once commands nothing
 * except at their own stage, where the target runs at 100. A smooth stage
 * moves `smooth_step / substeps` of the instances (never less than the
 * process's test mode share). A command doesn't run in a stage that is
 * skipped or walked back through. Whole numbers that sum to 100, or to 0 for a
 * command that isn't running. null when the step is in no stage.
 */
export function current(state: UpdateState): ProcessVersions | null {
  var pipeline = state.pipeline;
  var src = state.source_ver;
  var dst = state.target_ver;
  var idx = position(state);
  if (idx < 0 && state.step !== 'start' && state.step !== 'revert_done') return null;
  var out: ProcessVersions = {};
  var tested: { [process: string]: number } = {};
  var i: number, j: number, k: number;
  for (i = 0; i < idx && i < pipeline.length; i++) {
    var passed = pipeline[i];
    if (passed.kind === 'test_mode') {
      var percents = passed.test_mode_percent || {};
      var ks = keys(percents);
      for (k = 0; k < ks.length; k++) {
        setKey(tested, ks[k], percents[ks[k]]);
        put(out, ks[k], [[src, 100 - percents[ks[k]]], [dst, percents[ks[k]]]]);
      }
      continue;
    }
    for (j = 0; j < passed.processes.length; j++) {
      if (passed.kind === 'run_once') put(out, passed.processes[j], []);
      else put(out, passed.processes[j], [[dst, 100]]);
    }
  }
  for (i = idx + 1; i < pipeline.length; i++) {
    var ahead = pipeline[i];
    if (ahead.kind === 'test_mode') continue;
    for (j = 0; j < ahead.processes.length; j++) {
      var q = ahead.processes[j];
      if (ahead.kind === 'run_once') put(out, q, []);
      // A process that passed test mode keeps its test share until its own
      // restart; the reference dropped it in between (stopping the test
      // instances for a stage, only to start them again at the restart).
      else if (has(tested, q)) put(out, q, [[src, 100 - tested[q]], [dst, tested[q]]]);
      else put(out, q, [[src, 100]]);
    }
  }
  if (idx < 0 || idx >= pipeline.length) return out;
  var stage = pipeline[idx];
  if (stage.substeps !== undefined) {
    // Integer arithmetic: floor(29 / 100 * 100) is 28 in floating point.
    var step = Math.min(Math.max(state.smooth_step || 0, 0), stage.substeps);
    var percent = Math.floor(step * 100 / stage.substeps);
    for (j = 0; j < stage.processes.length; j++) {
      var p = stage.processes[j];
      var mine = has(tested, p) && tested[p] > percent ? tested[p] : percent;
      put(out, p, [[src, 100 - mine], [dst, mine]]);
    }
  } else if (stage.kind === 'test_mode') {
    var current = stage.test_mode_percent || {};
    var names = keys(current);
    for (k = 0; k < names.length; k++) put(out, names[k], [[src, 100 - current[names[k]]], [dst, current[names[k]]]]);
  } else if (stage.kind === 'run_once' && (state.direction === 'backward' || modeOf(state, stage) === 'skip')) {
    // A command whose stage is skipped (a migration's `downgrade_mode:
    // skip`) or walked back through must not run; the reference ran it for
    // the one run the stage lasted.
    for (j = 0; j < stage.processes.length; j++) put(out, stage.processes[j], []);
  } else {
    for (j = 0; j < stage.processes.length; j++) put(out, stage.processes[j], [[dst, 100]]);
  }
  return out;
}
