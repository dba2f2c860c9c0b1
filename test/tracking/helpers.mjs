// Shared by the tracking tests: the built bundle, a fixed clock, and
// builders for version metadata and groups.
import { createRequire } from 'node:module';

export const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
export const { usedVersions, pruneLastDeployed } = T.tracking;

export const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
export const M = 60 * 1000;
export const H = 60 * M;
export const D = 24 * H;

/** Upload timestamp, in seconds as verwalter writes it, `ageMs` before NOW. */
export function uploaded(ageMs) {
  return (NOW - ageMs) / 1000;
}

/** Metadata of a version uploaded `ageMs` ago whose daemons use `images`. */
export function meta(ageMs, ...images) {
  const daemons = {};
  images.forEach((image, i) => { daemons['d' + i] = { image, config: '/config/d' + i + '.yaml' }; });
  return { timestamp: uploaded(ageMs), daemons };
}

/** Old versions (uploaded long ago), each using the image `img-<version>`. */
export function oldVersions(...names) {
  const out = {};
  for (const v of names) out[v] = meta(30 * D, 'img-' + v);
  return out;
}

/** A group that runs `version`, deployed `ageMs` ago, with other versions it
 * ran before: { version: ageMs }. */
export function group(version, ageMs, before = {}) {
  const last_deployed = {};
  for (const v of Object.keys(before)) last_deployed[v] = NOW - before[v];
  if (version !== null) last_deployed[version] = NOW - ageMs;
  return { version, last_deployed };
}
