// The package.json init writes: npm scripts that build (with --typescript)
// and test the scheduler with this package's commands, and a dependency on
// this package. It is not on the npm registry, so the dependency names it
// as the project that installed this copy does (a tarball or a git URL; a
// file: path made relative to the new project), else as a file: path to
// this copy itself (a checkout).

import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isJsonObject } from '../json.mjs';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));

// A name npm takes: lower case, no leading dot or underscore.
function packageName(project) {
  const name = path.basename(path.resolve(project)).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '');
  return name.slice(0, 214) || 'scheduler';
}

const fileSpec = (project, target) => `file:${path.relative(path.resolve(project), target).split(path.sep).join('/') || '.'}`;

async function toolboxSpec(project, name) {
  const root = await realpath(PACKAGE_ROOT);
  if (path.basename(path.dirname(root)) === 'node_modules') {
    const installer = path.dirname(path.dirname(root));
    const manifest = await readJson(path.join(installer, 'package.json')).catch(() => null);
    const spec = [manifest?.dependencies, manifest?.devDependencies, manifest?.optionalDependencies]
      .map((deps) => (isJsonObject(deps) && Object.hasOwn(deps, name) ? deps[name] : undefined))
      .find((found) => typeof found === 'string');
    if (spec !== undefined) return spec.startsWith('file:') ? fileSpec(project, path.resolve(installer, spec.replace(/^file:(\/\/(?=\/))?/, ''))) : spec;
  }
  return fileSpec(project, root);
}

// The text of the package.json for a project in `project`.
export async function packageJson(project, { typescript }) {
  const own = await readJson(path.join(PACKAGE_ROOT, 'package.json'));
  const replay = 'verwalter-harness replay scheduler/v1 cases';
  const scripts = typescript ? { build: 'verwalter-harness build', test: `verwalter-harness build && ${replay}` } : { test: replay };
  const devDependencies = { [own.name]: await toolboxSpec(project, own.name) };
  return `${JSON.stringify({ name: packageName(project), private: true, scripts, devDependencies }, null, 2)}\n`;
}
