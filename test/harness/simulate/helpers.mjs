// Shared by the simulate tests: the example scheduler and its scenarios.

import path from 'node:path';
import { readdirSync } from 'node:fs';
import { ROOT } from '../helpers.mjs';
import { readScenario } from '../../../harness/simulate/scenario.mjs';

export const EXAMPLE = path.join(ROOT, 'test/example/scheduler/v1');
export const SCENARIOS = path.join(ROOT, 'test/example/scenarios');

export const scenarioNames = () =>
  readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

export const exampleScenario = (name) => readScenario(path.join(SCENARIOS, `${name}.json`));

// A scenario object as checkScenario returns it, for a hand-made start.
export function scenario(start, fields = {}) {
  return { name: 'test', start, tick_ms: 5000, duration_ms: 20000, actions: [], uploads: [], peers: [], split_brain: [], ...fields };
}

// The digest history of one group: [{at_ms, step, direction, version}].
export function steps(result, role, group) {
  return (result.history[`${role}\u0000${group}`] ?? []).map(({ at_ms: at, digest }) => ({
    at,
    version: digest?.version,
    step: digest?.update?.step ?? null,
    direction: digest?.update?.direction ?? null,
  }));
}
