// When a group's update next changes by itself, nobody pressing anything:
// asked of the scheduler, by running it from the new schedule at later
// times, so the countdowns follow its own rules and options (a stage's
// time, a smooth substep, the auto revert of a paused or failed update
// after the driver's auto_revert_ms) instead of a copy of them. The
// scheduler's clock only moves forward (once a step is due it stays due),
// so a binary search finds the first millisecond from which a run changes
// the update: about 30 runs per group, in one kept engine.

import { nowOf } from '../engine/determinism.mjs';
import { openDriver } from '../simulate/driver.mjs';

// How far ahead to look: an update that does not change within a week is
// taken to wait for someone.
export const HORIZON_MS = 7 * 24 * 3600 * 1000;
// The last time a Date can hold.
const LAST_MS = 8640000000000000;

// What a change of is news: the version, and the update's place.
function shape(digest) {
  if (!digest) return 'gone';
  const u = digest.update;
  return JSON.stringify([digest.version, u && [u.source_ver, u.target_ver, u.step, u.direction, u.smooth_step ?? null]]);
}

// `digests` the groups to ask about (key "role\u0000group" -> the digest
// the plan's run gave). Resolves to key -> {at, digest} (the first time a
// run changes the group, and its digest then), or null when nothing
// changes within HORIZON_MS; {error: message} for every key when a run
// failed.
export async function nextChanges(schedulerDir, engineOptions, input, schedule, digests) {
  const keys = Object.keys(digests).sort();
  if (keys.length === 0) return {};
  const now = nowOf(input);
  const start = { ...input, parents: [schedule], actions: {} };
  let driver = null;
  const runs = new Map();
  // The digests of every group after a run at `at`.
  const at = async (ms) => {
    if (!runs.has(ms)) {
      driver.start(start);
      runs.set(ms, (await driver.tick({ now: ms, actions: {} })).changed);
    }
    return runs.get(ms);
  };
  const out = {};
  try {
    driver = await openDriver(schedulerDir, engineOptions);
    for (const key of keys) {
      const before = shape(digests[key]);
      const changed = async (ms) => shape((await at(ms))[key]) !== before;
      let hi = Math.min(now + HORIZON_MS, LAST_MS);
      if (!(await changed(hi))) {
        out[key] = null;
        continue;
      }
      let lo = now;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (await changed(mid)) hi = mid;
        else lo = mid;
      }
      out[key] = { at: hi, digest: (await at(hi))[key] ?? null };
    }
  } catch (error) {
    const message = `a run at a later time failed: ${error.name}: ${error.message}`;
    return Object.fromEntries(keys.map((key) => [key, { error: message }]));
  } finally {
    driver?.close();
  }
  return out;
}
