// `init`: a new scheduler project laid out as the README's quickstart
// describes, and `upgrade`: a vendored bundle replaced with this package's.

import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPECTED_FILE, FileError, INPUT_FILE, readInputFile } from '../cases/files.mjs';
import { loadScheduler } from '../engine/scheduler.mjs';
import { stableJson } from '../json.mjs';
import { BUNDLE_FILE, PACKAGE_BUNDLE, PACKAGE_TYPES, readBundle } from './bundle.mjs';

const FILES = fileURLToPath(new URL('./files/', import.meta.url));
export const SCHEDULER_DIR = path.join('scheduler', 'v1');
const CASE_DIR = path.join('cases', 'add-services');

async function isNonEmptyDir(dir) {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    if (error.code === 'ENOTDIR') throw new FileError(`${dir}: a file, not a directory`, dir);
    throw error;
  }
}

async function packageBundle() {
  try {
    return await readBundle(PACKAGE_BUNDLE);
  } catch {
    throw new FileError(`${PACKAGE_BUNDLE}: missing; build the package first (npm run build)`, PACKAGE_BUNDLE);
  }
}

// Writes the project into `dir`; returns the files written, relative to it.
// The case's expected.json is what the new scheduler makes of its input, so
// it replays green until the scheduler is changed.
export async function writeScaffold(dir, { typescript = false, force = false } = {}) {
  if (!force && (await isNonEmptyDir(dir))) throw new FileError(`${dir} is not empty; use --force to write into it anyway`, dir);
  const bundle = await packageBundle();
  const copy = (from, to = from) => cp(path.join(FILES, from), path.join(dir, to), { recursive: true });
  await mkdir(path.join(dir, SCHEDULER_DIR), { recursive: true });
  await writeFile(path.join(dir, SCHEDULER_DIR, BUNDLE_FILE), bundle.text);
  await copy(path.join(SCHEDULER_DIR, 'main.js'));
  await copy('templates');
  await copy(path.join(CASE_DIR, INPUT_FILE));
  if (typescript) {
    await copy('src');
    await copy('tsconfig.json');
    // The declarations the tsconfig maps "verwalter-toolbox" to, and the
    // engine's globals, vendored like the bundle.
    await writeTypes(dir);
  }
  const scheduler = await loadScheduler(path.join(dir, SCHEDULER_DIR));
  try {
    const { schedule } = await scheduler.run(await readInputFile(path.join(dir, CASE_DIR, INPUT_FILE)));
    await writeFile(path.join(dir, CASE_DIR, EXPECTED_FILE), stableJson(schedule));
  } finally {
    scheduler.dispose();
  }
  return { version: bundle.version, files: await listFiles(dir) };
}

// The declarations the tsconfig maps "verwalter-toolbox" to, and the
// engine's globals, vendored like the bundle.
const TYPES_DIR = path.join('types', 'verwalter-toolbox');
async function writeTypes(project) {
  await rm(path.join(project, TYPES_DIR), { recursive: true, force: true });
  await cp(PACKAGE_TYPES, path.join(project, TYPES_DIR), { recursive: true, filter: (file) => path.basename(file) !== 'engine.d.ts' });
  await cp(path.join(PACKAGE_TYPES, 'engine.d.ts'), path.join(project, 'types', 'engine.d.ts'));
}

async function listFiles(dir, under = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, under), { withFileTypes: true })) {
    const relative = path.join(under, entry.name);
    if (entry.isDirectory()) {
      if (relative === TYPES_DIR) out.push(`${relative}${path.sep}`);
      else out.push(...(await listFiles(dir, relative)));
    } else out.push(relative);
  }
  return out.sort();
}

// Replaces `schedulerDir`'s verwalter-toolbox.js with this package's, and
// in a project laid out by init --typescript the vendored types too;
// returns {from, to, changed, types} (from: null when the old bundle states
// no version; types: the project's types directory, or null).
export async function upgradeBundle(schedulerDir) {
  const target = path.join(schedulerDir, BUNDLE_FILE);
  let old;
  try {
    if (!(await stat(schedulerDir)).isDirectory()) throw new FileError(`${schedulerDir}: a file, not a scheduler directory`, schedulerDir);
    old = await readBundle(target);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`${target}: ${error.code === 'ENOENT' ? 'missing: nothing to upgrade (the scheduler directory holds main.js and verwalter-toolbox.js)' : `cannot read: ${error.code}`}`, target);
  }
  const bundle = await packageBundle();
  const changed = old.text !== bundle.text;
  if (changed) await writeFile(target, bundle.text);
  // scheduler/v1 of an init --typescript project: its types match the bundle.
  const project = path.resolve(schedulerDir, '..', '..');
  const hasTypes = await stat(path.join(project, TYPES_DIR, 'index.d.ts')).then(() => true, () => false);
  if (hasTypes) await writeTypes(project);
  return { from: old.version, to: bundle.version, changed, types: hasTypes ? path.join(project, 'types') : null };
}
