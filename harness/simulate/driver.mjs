// The engine a simulation's ticks run in (see fresh.mjs for the driver's
// interface): one kept QuickJS engine, or fresh runs where a scheduler.wasm
// keeps its own instance, as verwalter does (every tick through JSON).

import { freshRuns } from './fresh.mjs';
import { keptEngine } from './kept.mjs';

// `engine`: 'kept' or 'fresh'; engineOptions.engine (wasm) means fresh.
export function engineKind(engineOptions = {}, engine = 'kept') {
  return engineOptions.engine !== undefined ? 'fresh' : engine;
}

export function openDriver(schedulerDir, engineOptions = {}, engine = 'kept') {
  return (engineKind(engineOptions, engine) === 'fresh' ? freshRuns : keptEngine)(schedulerDir, engineOptions);
}
