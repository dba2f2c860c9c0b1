// Tracking runs for every project on every scheduler run (every few seconds,
// inside a 5 s budget shared with everything else), so it must stay linear-ish
// in versions + groups: one sort of the versions, no per-group re-sorting.
import { expect } from 'chai';
import { usedVersions, pruneLastDeployed, NOW, H, D } from './helpers.mjs';

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

describe('tracking: scale', function () {
  this.timeout(30000);

  it('200 projects x 30 versions x 20 groups take milliseconds', function () {
    const projects = [];
    for (let p = 0; p < 200; p++) projects.push(project(p, 30, 20));
    timeAll(projects.slice(0, 20)); // warm up the JIT
    const ms = timeAll(projects);
    console.log(`      200 x 30 x 20: ${ms.toFixed(1)} ms (usedVersions + pruneLastDeployed for every group)`);
    // Generous for slow CI machines; it is ~100x below on a laptop.
    expect(ms).to.be.below(1500);
  });

  it('grows about linearly with versions and groups', function () {
    const small = [], large = [];
    for (let p = 0; p < 20; p++) { small.push(project(p, 30, 20)); large.push(project(p, 300, 200)); }
    timeAll(small); timeAll(large);
    const a = Math.min(timeAll(small), timeAll(small), timeAll(small));
    const b = Math.min(timeAll(large), timeAll(large), timeAll(large));
    console.log(`      10x the versions and groups: ${a.toFixed(1)} ms -> ${b.toFixed(1)} ms`);
    // Linear would be 10x, n log n sorting a bit more; quadratic would be 100x.
    expect(b / Math.max(a, 0.5)).to.be.below(40);
  });
});
