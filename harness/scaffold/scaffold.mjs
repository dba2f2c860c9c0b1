// `init`: a new scheduler project laid out as the README's quickstart
// describes, and `upgrade`: a vendored bundle replaced with this package's.

import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPECTED_FILE, FileError, INPUT_FILE, readInputFile } from '../cases/files.mjs';
import { loadScheduler } from '../engine/scheduler.mjs';
import { stableJson } from '../json.mjs';
import { pathError, putFile } from '../write.mjs';
import { BUNDLE_FILE, PACKAGE_BUNDLE, PACKAGE_TYPES, readBundle } from './bundle.mjs';
import { MANIFEST_FILE, readManifest } from './manifest.mjs';
import { packageJson } from './package-json.mjs';

const FILES = fileURLToPath(new URL('./files/', import.meta.url));
export const SCHEDULER_DIR = path.join('scheduler', 'v1');
const CASE_DIR = path.join('cases', 'add-services');

async function isNonEmptyDir(dir) {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    // A dangling symbolic link too: creating it says what is wrong.
    if (error.code === 'ENOENT') return false;
    throw await pathError(error, dir, { directory: true, doing: 'read' });
  }
}

async function packageBundle() {
  try {
    return await readBundle(PACKAGE_BUNDLE);
  } catch {
    throw new FileError(`${PACKAGE_BUNDLE}: missing; build the package first (npm run build)`, PACKAGE_BUNDLE);
  }
}

// [relative path, content] of the files under `from` that `keep` keeps, as
// placed under `to`.
async function filesOf(from, to, keep = () => true) {
  const files = (await stat(from)).isDirectory() ? await filesUnder(from) : [''];
  const kept = files.filter(keep);
  return Promise.all(kept.map(async (file) => [path.join(to, file), await readFile(path.join(from, file))]));
}

// Writes the project into `dir`; returns {version, files: the files that
// hold what init writes, kept: the files left as they were}, relative to it.
// A file that is there already is replaced only while it is what init
// wrote (the manifest says so) or already what it writes; any other is the
// user's and is kept. The case's expected.json is what the scheduler makes
// of its input, so it replays green until the scheduler is changed.
export async function writeScaffold(dir, { typescript = false, force = false } = {}) {
  if (!force && (await isNonEmptyDir(dir))) throw new FileError(`${dir} is not empty; use --force to write into it anyway`, dir);
  const bundle = await packageBundle();
  const manifest = await readManifest(dir);
  const files = [];
  const kept = [];
  const place = async (relative, content) => {
    const file = path.join(dir, relative);
    // Unreadable (missing, a directory): putFile says what is wrong.
    const current = await readFile(file).catch(() => null);
    const same = current !== null && current.equals(Buffer.from(content));
    if (current !== null && !same && !manifest.wrote(relative, current)) {
      kept.push(relative);
      return;
    }
    if (!same) await putFile(file, content);
    manifest.record(relative, content);
    files.push(relative);
  };
  const planned = [
    [path.join(SCHEDULER_DIR, BUNDLE_FILE), bundle.text],
    ...(await filesOf(path.join(FILES, SCHEDULER_DIR, 'main.js'), path.join(SCHEDULER_DIR, 'main.js'))),
    ...(await filesOf(path.join(FILES, 'templates'), 'templates')),
    ...(await filesOf(path.join(FILES, CASE_DIR, INPUT_FILE), path.join(CASE_DIR, INPUT_FILE))),
    ['package.json', await packageJson(dir, { typescript })],
    ...(typescript ? [...(await filesOf(path.join(FILES, 'src'), 'src')), ...(await filesOf(path.join(FILES, 'tsconfig.json'), 'tsconfig.json')), ...(await typesFiles())] : []),
  ];
  for (const [relative, content] of planned) await place(relative, content);
  const scheduler = await loadScheduler(path.join(dir, SCHEDULER_DIR));
  try {
    const { schedule } = await scheduler.run(await readInputFile(path.join(dir, CASE_DIR, INPUT_FILE)));
    await place(path.join(CASE_DIR, EXPECTED_FILE), stableJson(schedule));
  } finally {
    scheduler.dispose();
  }
  await manifest.save();
  return { version: bundle.version, files: listed([...files, MANIFEST_FILE]), kept };
}

// The declarations the tsconfig maps "verwalter-toolbox" to, and the
// engine's globals, vendored like the bundle: [relative path, content].
const TYPES_DIR = path.join('types', 'verwalter-toolbox');
const ENGINE_TYPES = 'engine.d.ts';
async function typesFiles() {
  return [
    ...(await filesOf(PACKAGE_TYPES, TYPES_DIR, (file) => path.basename(file) !== ENGINE_TYPES)),
    ...(await filesOf(path.join(PACKAGE_TYPES, ENGINE_TYPES), path.join('types', ENGINE_TYPES))),
  ];
}

// The files under `dir`, relative to it, sorted.
async function filesUnder(dir, under = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, under), { withFileTypes: true })) {
    const relative = path.join(under, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, relative)));
    else out.push(relative);
  }
  return out.sort();
}

// `files` sorted, the vendored types as one entry.
function listed(files) {
  const types = `${TYPES_DIR}${path.sep}`;
  const others = files.filter((file) => !file.startsWith(types));
  return (others.length < files.length ? [...others, types] : others).sort();
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
    const missing = 'missing: nothing to upgrade (the scheduler directory holds main.js and verwalter-toolbox.js)';
    throw await pathError(error, target, { doing: 'read', missing });
  }
  const bundle = await packageBundle();
  const changed = old.text !== bundle.text;
  if (changed) await putFile(target, bundle.text);
  // scheduler/v1 of an init --typescript project: its types match the bundle.
  const project = path.resolve(schedulerDir, '..', '..');
  const hasTypes = await stat(path.join(project, TYPES_DIR, 'index.d.ts')).then(() => true, () => false);
  const types = hasTypes ? await typesFiles() : [];
  if (hasTypes) {
    const dir = path.join(project, TYPES_DIR);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (error) {
      throw await pathError(error, dir, { directory: true });
    }
    for (const [relative, content] of types) await putFile(path.join(project, relative), content);
  }
  // What upgrade wrote is init's too: init --force may replace it later.
  const manifest = await readManifest(project);
  if (manifest.exists) {
    for (const [relative, content] of [[path.relative(project, target), bundle.text], ...types]) manifest.record(relative, content);
    await manifest.save();
  }
  return { from: old.version, to: bundle.version, changed, types: hasTypes ? path.join(project, 'types') : null };
}
