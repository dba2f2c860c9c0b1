// Writing into the user's directories (init, upgrade, build). Every write
// goes through putFile, so that a path that cannot be written is a
// FileError (one line, exit 2) naming it, not a stack.

import { lstat, mkdir, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FileError } from './cases/files.mjs';

// Writes `data` to `file`, making its directory first.
export async function putFile(file, data) {
  await makeDir(path.dirname(file));
  try {
    await writeFile(file, data);
  } catch (error) {
    throw await pathError(error, file);
  }
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
export async function pathError(error, file, { directory = false, doing = 'write', missing } = {}) {
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
