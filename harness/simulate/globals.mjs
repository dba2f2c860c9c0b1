// A kept engine (kept.mjs) gives the same schedules as fresh runs only if
// the scheduler keeps no state in globals between runs and does not change
// its input in ways a JSON round trip would hide. Verwalter restarts its
// engine now and then (a new leader, a new scheduler version), so such a
// scheduler misbehaves there too. A sample of ticks is run again in a fresh
// engine (the engine thread, beside the simulation) and compared.

import { loadScheduler } from '../index.mjs';
import { jsonDifferences } from '../cases/diff.mjs';
import { sortKeys } from '../json.mjs';

// Ticks 1 and 2 (the first runs that could see state left by earlier ones),
// then the rest spread evenly up to the last tick; `count` in all.
export function sampleTicks(ticks, count) {
  if (count <= 0 || ticks <= 1) return [];
  const picked = new Set([1, 2].filter((t) => t < ticks && t <= count));
  const rest = count - picked.size;
  for (let i = 1; i <= rest; i++) picked.add(Math.min(ticks - 1, 2 + Math.round((i * (ticks - 3)) / rest)));
  return [...picked].filter((t) => t < ticks).sort((a, b) => a - b);
}

const loaded = new Map();
function fresh(dir, options) {
  const key = JSON.stringify([dir, options]);
  if (!loaded.has(key)) loaded.set(key, loadScheduler(dir, options));
  return loaded.get(key);
}

const MAX_SHOWN = 5;

// Resolves to null when the fresh run agrees, else {tick, at_ms, message,
// differences}.
export async function checkSamples(dir, options, { tick, atMs, reply }) {
  const scheduler = await fresh(dir, options);
  let result;
  try {
    result = await scheduler.run(reply.input);
  } catch (error) {
    return { tick, at_ms: atMs, message: `in a fresh engine the run failed: ${error.name}: ${error.message}`, differences: [] };
  }
  const differences = [
    ...jsonDifferences(sortKeys(result.schedule), sortKeys(reply.schedule)).map((d) => ({ ...d, path: d.path.replace(/^\$/, '$schedule') })),
    ...jsonDifferences(sortKeys(result.actions), sortKeys(reply.answers)).map((d) => ({ ...d, path: d.path.replace(/^\$/, '$actions') })),
  ];
  if (differences.length === 0) return null;
  const shown = differences.slice(0, MAX_SHOWN).map((d) => d.path).join(', ');
  return {
    tick,
    at_ms: atMs,
    message: `the kept engine's result differs from a fresh engine's (${differences.length} differences: ${shown}): the scheduler keeps state in globals between runs, or changes its input`,
    differences: differences.slice(0, MAX_SHOWN),
  };
}
