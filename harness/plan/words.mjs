// What changed in one group, in words, from two digests (simulate/core.mjs's
// digestGroups): version, update step and direction, smooth substep, and per
// process the instances on each version and the nodes where they moved.
// Shared by `plan` (one tick) and `simulate`'s timeline.

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function totals(byVersion = {}) {
  const out = {};
  for (const [version, hosts] of Object.entries(byVersion)) {
    const sum = Object.values(hosts).reduce((a, b) => a + b, 0);
    if (sum > 0) out[version] = sum;
  }
  return out;
}

// "v1.5.0 x7 + v1.6.0 x1", or "none".
export function countsText(byVersion) {
  const t = totals(byVersion);
  const versions = Object.keys(t).sort(byName);
  return versions.length ? versions.map((v) => `${v} x${t[v]}`).join(' + ') : 'none';
}

function movedHosts(before = {}, after = {}) {
  const hosts = new Set();
  for (const version of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[version] ?? {};
    const a = after[version] ?? {};
    for (const host of new Set([...Object.keys(b), ...Object.keys(a)])) if ((b[host] ?? 0) !== (a[host] ?? 0)) hosts.add(host);
  }
  return [...hosts].sort(byName);
}

export function processLines(before = {}, after = {}) {
  const lines = [];
  for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byName)) {
    const hosts = movedHosts(before[name], after[name]);
    if (hosts.length === 0) continue;
    lines.push(`${name}: ${countsText(before[name])} -> ${countsText(after[name])} on ${hosts.join(', ')}`);
  }
  return lines;
}

function stepText(u) {
  const smooth = u.smooth_step !== undefined && u.smooth_step !== null ? ` ${u.smooth_step}/${u.stages.find((s) => s.name === u.step)?.substeps ?? '?'}` : '';
  return `${u.step}${smooth} (${u.direction})`;
}

// The mode that decides a stage of update `u`, as the toolbox's pipeline
// reads it (src/pipeline/steps.ts modeOf, which the bundle does not export):
// a downgrade runs a stage's downgrade mode where it has one.
export function modeOf(u, stage) {
  if (u.direction === 'backward') return stage.backward_mode;
  if (u.downgrade === true && typeof stage.forward_downgrade_mode === 'string') return stage.forward_downgrade_mode;
  return stage.forward_mode;
}

// "cmd_migrate, test_mode", or what runs of them and what is skipped: a
// downgrade says the version it runs ("runs v1.4.1 through test_mode, ...").
function stagesText(u) {
  const forward = { ...u, direction: 'forward' };
  const runs = u.stages.filter((s) => modeOf(forward, s) !== 'skip').map((s) => s.name);
  const skipped = u.stages.filter((s) => modeOf(forward, s) === 'skip').map((s) => s.name);
  const list = runs.join(', ') || 'no stages';
  return `${u.downgrade ? `runs ${u.target_ver} through ${list}` : list}${skipped.length ? ` (${skipped.join(', ')} skipped)` : ''}`;
}

function updateLines(before, after) {
  if (!before && !after) return [];
  if (!before) {
    const flags = [after.auto && 'auto', after.downgrade && 'downgrade'].filter(Boolean);
    return [`update ${after.source_ver} -> ${after.target_ver} started${flags.length ? ` (${flags.join(', ')})` : ''}: ${stagesText(after)}; at ${stepText(after)}`];
  }
  if (!after) return [`update ${before.source_ver} -> ${before.target_ver} ended (last at ${stepText(before)})`];
  const lines = [];
  if (before.target_ver !== after.target_ver || before.source_ver !== after.source_ver) {
    lines.push(`update now ${after.source_ver} -> ${after.target_ver} (was ${before.source_ver} -> ${before.target_ver})`);
  }
  if (before.step !== after.step || before.direction !== after.direction || before.smooth_step !== after.smooth_step) {
    lines.push(`step ${stepText(before)} -> ${stepText(after)}`);
  }
  if (after.error_message !== undefined && after.error_message !== before.error_message) lines.push(`error: ${after.error_message}`);
  return lines;
}

// Lines for one group; [] when nothing the digest shows changed.
export function groupLines(before, after) {
  if (!before && !after) return [];
  if (!after) return ['removed'];
  const lines = [];
  if (!before) lines.push(after.version === null || after.version === undefined ? 'appeared' : `created at ${after.version}`);
  else if (before.version !== after.version) lines.push(`version ${before.version} -> ${after.version}`);
  if (before && before.auto_update !== after.auto_update) lines.push(`auto update ${after.auto_update ? 'on' : 'off'}`);
  lines.push(...updateLines(before?.update ?? null, after.update));
  lines.push(...processLines(before?.processes, after.processes));
  return lines;
}

export const groupName = (digest) => `${digest.role}/${digest.group}`;
