// `init`: a new scheduler project laid out as the README's quickstart
// describes, and `upgrade`: a vendored bundle replaced with this package's.

import { lstat, mkdir, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
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

// Writes the project into `dir`; returns the files written, relative to it.
// The case's expected.json is what the new scheduler makes of its input, so
// it replays green until the scheduler is changed.
export async function writeScaffold(dir, { typescript = false, force = false } = {}) {
  if (!force && (await isNonEmptyDir(dir))) throw new FileError(`${dir} is not empty; use --force to write into it anyway`, dir);
  const bundle = await packageBundle();
  const copy = (from, to = from) => copyOut(path.join(FILES, from), path.join(dir, to));
  await putFile(path.join(dir, SCHEDULER_DIR, BUNDLE_FILE), bundle.text);
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
    await putFile(path.join(dir, CASE_DIR, EXPECTED_FILE), stableJson(schedule));
  } finally {
    scheduler.dispose();
  }
  return { version: bundle.version, files: await listFiles(dir) };
}

// The declarations the tsconfig maps "verwalter-toolbox" to, and the
// engine's globals, vendored like the bundle.
const TYPES_DIR = path.join('types', 'verwalter-toolbox');
async function writeTypes(project) {
  const types = path.join(project, TYPES_DIR);
  try {
    await rm(types, { recursive: true, force: true });
  } catch (error) {
    throw await pathError(error, types, { directory: true });
  }
  await copyOut(PACKAGE_TYPES, types, (file) => path.basename(file) !== 'engine.d.ts');
  await copyOut(path.join(PACKAGE_TYPES, 'engine.d.ts'), path.join(project, 'types', 'engine.d.ts'));
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

// What init wrote, the vendored types as one entry.
async function listFiles(dir) {
  const types = `${TYPES_DIR}${path.sep}`;
  const files = await filesUnder(dir);
  const listed = files.filter((file) => !file.startsWith(types));
  return listed.length < files.length ? [...listed, types].sort() : listed;
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
  if (hasTypes) await writeTypes(project);
  return { from: old.version, to: bundle.version, changed, types: hasTypes ? path.join(project, 'types') : null };
}

// Writing into the user's directories. Every write goes through putFile, so
// that a path that cannot be written is a FileError (one line, exit 2)
// naming it, not a stack.

// Writes `data` to `file`, making its directory first.
async function putFile(file, data) {
  await makeDir(path.dirname(file));
  try {
    await writeFile(file, data);
  } catch (error) {
    throw await pathError(error, file);
  }
}

// Copies a file, or the files under a directory that `keep` keeps, from
// this package to `to`. Not fs.cp: it makes missing directories as mkdir -p
// does (below), and its own errors name no system error code.
async function copyOut(from, to, keep = () => true) {
  const files = (await stat(from)).isDirectory() ? await filesUnder(from) : [''];
  for (const file of files.filter(keep)) await putFile(path.join(to, file), await readFile(path.join(from, file)));
}

// mkdir -p, one level at a time. Node's recursive mkdir reports a read-only
// file system as ENOENT (it stats the directory it could not make), and
// loops forever where mkdir says ENOENT under a directory that exists (/proc).
async function makeDir(dir) {
  try {
    await mkdir(dir);
  } catch (error) {
    if (error.code === 'EEXIST' && (await isDirectory(dir))) return;
    const parent = path.dirname(dir);
    if (error.code !== 'ENOENT' || parent === dir || (await isDirectory(parent))) throw await pathError(error, dir, { directory: true });
    await makeDir(parent);
    await makeDir(dir);
  }
}

const isDirectory = (file) => stat(file).then((info) => info.isDirectory(), () => false);

// What the system's codes for a refused read or write mean.
const REFUSALS = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
};

// The FileError for `error`, met reading or writing `file` (a directory
// when `directory`; `missing`: what a read says of a file that is not
// there). The system's code names the path it gave up on, not
// what is wrong with it: a dangling symbolic link gives ENOENT or EEXIST, a
// file in the way ENOTDIR or EEXIST. So the path is looked at first.
async function pathError(error, file, { directory = false, doing = 'write', missing } = {}) {
  if (error instanceof FileError) return error;
  const wrong = await wrongComponent(file, directory);
  if (wrong) return new FileError(wrong, file);
  if (missing && error.code === 'ENOENT') return new FileError(`${file}: ${missing}`, file);
  const why = REFUSALS[error.code] ? `${REFUSALS[error.code]} (${error.code})` : (error.code ?? error.message);
  return new FileError(`${file}: cannot ${doing}: ${why}`, file);
}

// The first of `file` and the directories above it that cannot be what it
// must be, said in a line: a symbolic link to nothing, a file where a
// directory is needed (above `file`, and at it when `directory`) or a
// directory where a file is; or null.
async function wrongComponent(file, directory) {
  const chain = [file];
  while (path.dirname(chain[0]) !== chain[0]) chain.unshift(path.dirname(chain[0]));
  for (const component of chain) {
    const link = await lstat(component).catch(() => null);
    if (!link) return null;
    const info = await stat(component).catch((error) => error);
    if (info instanceof Error) {
      if (!link.isSymbolicLink()) return null;
      const which = info.code === 'ENOENT' ? 'does not exist' : `cannot be followed (${info.code})`;
      return `${component}: a symbolic link to ${await readlink(component)}, which ${which}`;
    }
    const needsDirectory = component !== file || directory;
    if (needsDirectory && !info.isDirectory()) return `${component}: a file, not a directory`;
    if (!needsDirectory && info.isDirectory()) return `${component}: a directory, not a file`;
  }
  return null;
}
