// `npm run bench` (tracking): usedVersions + pruneLastDeployed over a large
// cluster, and how it grows with 10x the versions and groups.
// Tracking runs for every project on every scheduler run (every few seconds,
// inside a 5 s budget shared with everything else), so it must stay linear-ish
// in versions + groups: one sort of the versions, no per-group re-sorting.
import { createRequire } from 'node:module';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const { usedVersions, pruneLastDeployed } = T.tracking;
const H = 3600 * 1000;
const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);

function project(p, nVersions, nGroups) {
  const versions = { 'pipelines.yaml': 'x' };
  for (let i = 0; i < nVersions; i++) {
    const daemons = {};
    for (let d = 0; d < 5; d++) daemons['daemon' + d] = { image: `p${p}-d${d}.v${i}`, config: '/c.yaml' };
    versions[`v${i}.${i % 7}.${p}`] = { timestamp: String((NOW - (nVersions - i) * 6 * H) / 1000), daemons, commands: { migrate: { image: `p${p}-m.v${i}`, config: '/m.yaml' } } };
  }
  const names = Object.keys(versions).filter((v) => v[0] === 'v');
  const groups = {};
  for (let g = 0; g < nGroups; g++) {
    const last_deployed = {};
    for (let k = 0; k < 8; k++) last_deployed[names[(g + k * 3) % names.length]] = NOW - (k + 1) * 5 * H;
    const version = names[(g * 7) % names.length];
    groups['group' + g] = {
      version,
      update: g % 4 === 0 ? { source_ver: version, target_ver: names[(g * 7 + 1) % names.length], step: 'start' } : undefined,
      last_deployed,
    };
  }
  return { versions, groups, now: NOW };
}

function timeAll(projects) {
  const start = process.hrtime.bigint();
  for (const params of projects) {
    usedVersions(params);
    for (const g of Object.values(params.groups)) pruneLastDeployed(g.last_deployed, g.version, params.now);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const projects = [];
for (let p = 0; p < 200; p++) projects.push(project(p, 30, 20));
timeAll(projects.slice(0, 20)); // warm up the JIT
console.log(`tracking, 200 projects x 30 versions x 20 groups (Node): ${timeAll(projects).toFixed(1)} ms`);
const small = [], large = [];
for (let p = 0; p < 20; p++) { small.push(project(p, 30, 20)); large.push(project(p, 300, 200)); }
timeAll(small); timeAll(large);
const a = Math.min(timeAll(small), timeAll(small), timeAll(small));
const b = Math.min(timeAll(large), timeAll(large), timeAll(large));
// Linear would be 10x, n log n sorting a bit more; quadratic would be 100x.
console.log(`tracking, 10x the versions and groups: ${a.toFixed(1)} ms -> ${b.toFixed(1)} ms (${(b / a).toFixed(1)}x)`);
