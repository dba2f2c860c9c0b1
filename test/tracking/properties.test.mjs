// Properties of usedVersions / pruneLastDeployed on random inputs, checked
// against an oracle written straight from the rules' definitions (slow,
// quadratic, obviously right) rather than from the implementation.
import { expect } from 'chai';
import fc from 'fast-check';
import { T, usedVersions, pruneLastDeployed, NOW, M, H, D } from './helpers.mjs';

const cmp = T.version.compare;
const RULES = ['uploaded', 'deployed', 'latest', 'before_latest', 'previous', 'running', 'updating'];

// Versions where text order and version order disagree, or nearly tie.
const versionName = fc.oneof(
  fc.constantFrom('v1', 'v2', 'v9', 'v10', 'v10.8', 'v1.0.8', 'v1.0.7', 'v2.0.0-rc.1', 'v2.0.0', 'v0.9.4-dirty', 'v0.9.4-10-g93e889d'),
  fc.tuple(fc.nat(12), fc.nat(3)).map(([a, b]) => 'v' + a + '.' + b),
);
const imageName = fc.oneof(fc.constantFrom('web', 'db', 'data', 'migrate'), fc.nat(40).map((n) => 'img-' + n));
// Ages cluster around the lifetime, where off-by-one mistakes live.
const age = fc.oneof(
  fc.integer({ min: -2 * H, max: 3 * D }),
  fc.constantFrom(0, D - 1, D, D + 1, 23 * H + 59 * M, 24 * H + M),
  fc.integer({ min: 3 * D, max: 1000 * D }),
);
const uploadTimestamp = age.chain((a) => fc.constantFrom((NOW - a) / 1000, String((NOW - a) / 1000)));
const processes = fc.dictionary(fc.constantFrom('web', 'worker', 'cron', 'migrate'), fc.record({ image: imageName, config: fc.constant('/c.yaml') }));
const metadata = fc.record(
  { timestamp: uploadTimestamp, daemons: processes, commands: processes, containers: fc.array(imageName, { maxLength: 3 }) },
  { requiredKeys: ['timestamp', 'daemons'] },
);
const runtime = fc.dictionary(versionName, metadata, { maxKeys: 12 });
const lastDeployed = fc.dictionary(versionName, age.map((a) => NOW - a), { maxKeys: 6 });
const groupState = fc.record(
  {
    version: versionName,
    update: fc.record({ source_ver: versionName, target_ver: versionName, step: fc.constant('start') }),
    last_deployed: lastDeployed,
  },
  { requiredKeys: ['version', 'last_deployed'] },
);
const groups = fc.dictionary(fc.constantFrom('web', 'db', 'green', 'blue', 'canary', 'a-b'), groupState, { maxKeys: 5 });
const wellFormed = fc.record({ versions: runtime, groups, now: fc.constant(NOW) });

function imagesOf(meta) {
  if (meta.containers) return meta.containers;
  const out = [];
  for (const kind of ['daemons', 'commands']) for (const p of Object.values(meta[kind] || {})) out.push(p.image);
  return out;
}

function oracle({ versions, groups, now }) {
  const all = Object.keys(versions).filter((k) => /^v[0-9]/.test(k));
  const rules = {};
  const add = (v, r) => { (rules[v] = rules[v] || new Set()).add(r); };
  for (const v of all) if (now - Number(versions[v].timestamp) * 1000 < D) add(v, 'uploaded');
  const desc = all.slice().sort((a, b) => cmp(b, a));
  if (desc.length) add(desc[0], 'latest');
  const downgrades = [];
  for (const name of Object.keys(groups).sort()) {
    const g = groups[name];
    add(g.version, 'running');
    if (g.update) { add(g.update.source_ver, 'updating'); add(g.update.target_ver, 'updating'); }
    const entries = Object.entries(g.last_deployed);
    for (const [v, ms] of entries) if (now - ms < D) add(v, 'deployed');
    const others = entries.filter(([v]) => v !== g.version).sort((a, b) => b[1] - a[1] || cmp(b[0], a[0]));
    if (others.length) add(others[0][0], 'previous');
    const above = entries.map(([v]) => v).filter((v) => cmp(v, g.version) > 0).sort((a, b) => cmp(b, a));
    if (above.length) downgrades.push({ group: name, version: g.version, newer: above[0], update: false });
    if (g.update && cmp(g.update.target_ver, g.update.source_ver) < 0) {
      downgrades.push({ group: name, version: g.update.target_ver, newer: g.update.source_ver, update: true });
    }
  }
  if (desc.length > 1 && Object.values(groups).some((g) => g.version === desc[0])) add(desc[1], 'before_latest');
  const kept = {};
  for (const v of Object.keys(rules).sort((a, b) => cmp(b, a))) kept[v] = RULES.filter((r) => rules[v].has(r));
  const images = new Set();
  for (const v of Object.keys(kept)) if (versions[v]) imagesOf(versions[v]).forEach((i) => images.add(i));
  return {
    kept,
    versions: Object.keys(kept),
    images: [...images].sort(),
    missing: Object.keys(kept).filter((v) => !(v in versions)),
    downgrades,
  };
}

// A seeded shuffle of every object's keys, at every depth.
function shuffleKeys(value, seed) {
  let s = seed >>> 0;
  const rand = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const ks = Object.keys(v);
    for (let i = ks.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [ks[i], ks[j]] = [ks[j], ks[i]];
    }
    const out = {};
    for (const k of ks) Object.defineProperty(out, k, { value: walk(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(value);
}

// Plain checks, one assertion each: chai per element would dominate the run.
function checkShape(result) {
  expect(Object.keys(result).sort()).to.deep.equal(['downgrades', 'errors', 'images', 'kept', 'missing', 'versions']);
  // Same versions; not necessarily the same order, as any JS object lists
  // integer-like keys (a group's garbage version "0") first.
  expect(Object.keys(result.kept).sort()).to.deep.equal(result.versions.slice().sort());
  const rulesInOrder = result.versions.every((v) => typeof v === 'string' && result.kept[v].length > 0 &&
    RULES.filter((r) => result.kept[v].includes(r)).join() === result.kept[v].join());
  expect(rulesInOrder, 'each version kept by known rules, in order').to.equal(true);
  const newestFirst = result.versions.every((v, i) => i === 0 || cmp(result.versions[i - 1], v) === 1);
  expect(newestFirst, 'versions newest first').to.equal(true);
  expect(result.images.every((i) => typeof i === 'string' && i !== ''), 'images are names').to.equal(true);
  expect(result.images.join('\n'), 'images sorted, unique').to.equal([...new Set(result.images)].sort().join('\n'));
  expect(result.missing.every((v) => result.versions.includes(v)), 'missing are kept').to.equal(true);
  expect(result.errors.every((e) => typeof e === 'string'), 'errors are strings').to.equal(true);
  expect(JSON.stringify(JSON.parse(JSON.stringify(result)))).to.equal(JSON.stringify(result));
}

describe('tracking: properties', function () {
  this.timeout(30000);
  it('matches the oracle on well-formed input', function () {
    fc.assert(fc.property(wellFormed, (params) => {
      const result = usedVersions(params);
      const want = oracle(params);
      for (const key of Object.keys(want)) expect(result[key], key).to.deep.equal(want[key]);
      checkShape(result);
    }), { numRuns: 500 });
  });

  it('keeps every running version and update source/target, with the images of those in the runtime', function () {
    fc.assert(fc.property(wellFormed, (params) => {
      const result = usedVersions(params);
      const images = new Set(result.images);
      for (const g of Object.values(params.groups)) {
        const used = [g.version];
        if (g.update) used.push(g.update.source_ver, g.update.target_ver);
        for (const v of used) {
          expect(result.versions).to.include(v);
          if (params.versions[v]) for (const i of imagesOf(params.versions[v])) expect(images.has(i), i).to.equal(true);
          else expect(result.missing).to.include(v);
        }
      }
    }), { numRuns: 300 });
  });

  it('does not depend on the order of keys', function () {
    fc.assert(fc.property(wellFormed, fc.integer(), (params, seed) => {
      const shuffled = shuffleKeys(params, seed);
      expect(JSON.stringify(usedVersions(shuffled))).to.equal(JSON.stringify(usedVersions(params)));
    }), { numRuns: 300 });
  });

  it('does not depend on the order of keys, malformed input and its errors included', function () {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), fc.integer(), (versions, groups, seed) => {
      const params = { versions: { v1: versions, v2: { timestamp: 1, daemons: versions } }, groups: { g: groups, h: { version: 'v1', last_deployed: groups } }, now: NOW };
      expect(JSON.stringify(usedVersions(shuffleKeys(params, seed)))).to.equal(JSON.stringify(usedVersions(params)));
    }), { numRuns: 300 });
  });

  it('never throws on random input, and answers in shape', function () {
    const json = fc.jsonValue({ maxDepth: 3 });
    const anyVersion = fc.oneof(versionName, fc.string(), json);
    const looseGroup = fc.oneof(json, fc.record({
      version: anyVersion,
      update: fc.oneof(json, fc.record({ source_ver: anyVersion, target_ver: anyVersion }, { requiredKeys: [] })),
      last_deployed: fc.oneof(json, fc.dictionary(fc.oneof(versionName, fc.string()), fc.oneof(json, fc.integer().map((n) => NOW + n)))),
    }, { requiredKeys: [] }));
    const looseMeta = fc.oneof(json, fc.record({
      timestamp: fc.oneof(json, uploadTimestamp),
      daemons: fc.oneof(json, fc.dictionary(fc.string(), fc.oneof(json, fc.record({ image: fc.oneof(json, imageName) })))),
      commands: json,
      containers: fc.oneof(json, fc.array(fc.oneof(imageName, json))),
    }, { requiredKeys: [] }));
    const params = fc.record({
      versions: fc.oneof(json, fc.dictionary(fc.oneof(versionName, fc.string()), looseMeta)),
      groups: fc.oneof(json, fc.dictionary(fc.string(), looseGroup)),
      now: fc.oneof(fc.constant(NOW), json, fc.double()),
      options: fc.oneof(json, fc.record({ deployed_lifetime_ms: json, uploaded_lifetime_ms: json, compare: json }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    fc.assert(fc.property(params, (p) => {
      const result = usedVersions(p);
      checkShape(result);
      const gs = p.groups;
      if (gs && typeof gs === 'object' && !Array.isArray(gs)) {
        for (const g of Object.values(gs)) {
          if (g && typeof g === 'object' && typeof g.version === 'string' && g.version !== '') expect(result.versions).to.include(g.version);
        }
      }
    }), { numRuns: 1000 });
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), (p) => {
      checkShape(usedVersions(p));
      checkShape(usedVersions({ versions: p, groups: p, now: p, options: p }));
      checkShape(usedVersions({ versions: { v1: p }, groups: { g: p }, now: NOW }));
      pruneLastDeployed(p, p, p, p);
    }), { numRuns: 500 });
  });

  it('pruning last_deployed changes nothing that is kept', function () {
    fc.assert(fc.property(wellFormed, (params) => {
      const pruned = { ...params, groups: {} };
      for (const [name, g] of Object.entries(params.groups)) {
        pruned.groups[name] = { ...g, last_deployed: pruneLastDeployed(g.last_deployed, g.version, params.now) };
      }
      const before = usedVersions(params);
      const after = usedVersions(pruned);
      for (const key of ['kept', 'versions', 'images', 'missing']) expect(after[key], key).to.deep.equal(before[key]);
    }), { numRuns: 300 });
  });

  it('pruning is idempotent and only removes entries', function () {
    fc.assert(fc.property(lastDeployed, versionName, (last, current) => {
      const once = pruneLastDeployed(last, current, NOW);
      expect(pruneLastDeployed(once, current, NOW)).to.deep.equal(once);
      for (const v of Object.keys(once)) expect(once[v]).to.equal(last[v]);
    }), { numRuns: 300 });
  });
});
