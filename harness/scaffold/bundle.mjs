// The toolbox bundle this package ships, and the release a bundle file
// states in its header comment (`/*! verwalter-toolbox 0.1.0 | ... */`).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const BUNDLE_FILE = 'verwalter-toolbox.js';
export const PACKAGE_BUNDLE = fileURLToPath(new URL('../../dist/verwalter-toolbox.js', import.meta.url));
export const PACKAGE_TYPES = fileURLToPath(new URL('../../dist/types/', import.meta.url));

// The version in a bundle's first line, or null (a bundle from before
// versions were stated, or not a bundle at all).
export function bundleVersion(text) {
  const match = /^\/\*! verwalter-toolbox (\S+) /.exec(text);
  return match ? match[1] : null;
}

export async function readBundle(file) {
  const text = await readFile(file, 'utf8');
  return { text, version: bundleVersion(text) };
}
