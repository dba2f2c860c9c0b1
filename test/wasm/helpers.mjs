// Shared by the scheduler.wasm tests: built modules (cached per directory),
// the harness's own result for comparison, and verwalter's call sequence.
import { readFileSync } from 'node:fs';
import { buildModule } from '../../harness/wasm/build.mjs';
import { WasmScheduler } from '../../harness/wasm/host.mjs';
import { loadScheduler } from '../../harness/index.mjs';
import { sortKeys } from '../../harness/json.mjs';

export const root = new URL('../..', import.meta.url).pathname;
export const EXAMPLE = `${root}test/example/scheduler/v1`;
export const RECORDINGS = `${root}test/example/recordings`;
export const fixture = (name) => `${root}test/fixtures/schedulers/${name}`;
export const recording = (name) => JSON.parse(readFileSync(`${RECORDINGS}/${name}/input.json`, 'utf8'));
export const sorted = (value) => JSON.stringify(sortKeys(value));

const built = new Map();
export function moduleOf(dir, options = {}) {
  const key = `${dir} ${JSON.stringify(options)}`;
  if (!built.has(key)) built.set(key, buildModule(dir, options).bytes);
  return built.get(key);
}

export const hostFor = (dir, options) => new WasmScheduler(moduleOf(dir, options));

// What `run` in QuickJS gives: {schedule, actions, log} or {error}.
export async function harnessRun(dir, input) {
  const scheduler = await loadScheduler(dir);
  try {
    const { schedule, actions, log } = await scheduler.run(input);
    return { schedule, actions, log };
  } catch (error) {
    return { error };
  } finally {
    scheduler.dispose();
  }
}
