// What init wrote into a project: <project>/.verwalter-init.json holds the
// SHA-256 of each file as init (or upgrade) last wrote it. init --force
// replaces a file only while it still is what init wrote (or already what
// it writes now); any other file is the user's, and is kept.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isJsonObject, stableJson } from '../json.mjs';
import { putFile } from '../write.mjs';

export const MANIFEST_FILE = '.verwalter-init.json';

const NOTE =
  'Written by verwalter-harness init: the SHA-256 of each file as init (or upgrade) wrote it. ' +
  'init --force replaces only the files that still match; keep this file with the project.';

const digest = (content) => createHash('sha256').update(content).digest('hex');

// Paths in the manifest are POSIX, whatever the system.
const keyOf = (relative) => relative.split(path.sep).join('/');

// The manifest of `project`: `wrote(relative, content)` says whether init
// wrote that content there, `record` notes a write, `save` writes the
// manifest back. A missing or unreadable manifest counts no file as init's.
export async function readManifest(project) {
  const hashes = new Map();
  try {
    const { files } = JSON.parse(await readFile(path.join(project, MANIFEST_FILE), 'utf8'));
    for (const [file, hash] of Object.entries(isJsonObject(files) ? files : {})) {
      if (typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) hashes.set(file, hash);
    }
  } catch {
    // none, or not one init wrote
  }
  return {
    exists: hashes.size > 0,
    wrote: (relative, content) => hashes.get(keyOf(relative)) === digest(content),
    record(relative, content) {
      hashes.set(keyOf(relative), digest(content));
    },
    save: () => putFile(path.join(project, MANIFEST_FILE), stableJson({ note: NOTE, files: Object.fromEntries(hashes) })),
  };
}
