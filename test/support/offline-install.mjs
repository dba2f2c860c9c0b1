// Installs a packed tarball of this package into a fresh project without
// the network: `npm ci --offline` from npm's cache, with a lockfile that
// pins the package's runtime dependencies to the versions and integrity
// hashes of this repository's own package-lock.json (which `npm ci` here has
// put into the cache). A plain `npm install <tarball>` would look up each
// dependency's registry metadata, which the cache need not hold.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const REGISTRY = 'https://registry.npmjs.org';

// The lock entries of `deps` and what they depend on, found as Node would
// (the nearest node_modules up the tree).
function runtimeClosure(lock, deps) {
  const packages = {};
  const visit = (from, wanted) => {
    for (const name of Object.keys(wanted ?? {})) {
      let at = from;
      let key = `${at ? `${at}/` : ''}node_modules/${name}`;
      while (!lock.packages[key]) {
        if (!at) throw new Error(`${name} is not in package-lock.json`);
        at = at.includes('/node_modules/') ? at.slice(0, at.lastIndexOf('/node_modules/')) : '';
        key = `${at ? `${at}/` : ''}node_modules/${name}`;
      }
      if (packages[key]) continue;
      const entry = lock.packages[key];
      // Where the tarball came from, so that npm finds it in its cache by
      // integrity without asking the registry for metadata.
      packages[key] = { resolved: `${REGISTRY}/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`, ...entry };
      visit(key, entry.dependencies);
      visit(key, entry.optionalDependencies);
    }
  };
  visit('', deps);
  return packages;
}

// `project` is an empty directory holding `tarball` (a file name).
export function installOffline(project, tarball) {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const spec = `file:${tarball}`;
  const manifest = { name: 'pack-test', private: true, dependencies: { [pkg.name]: spec } };
  writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  const projectLock = {
    name: 'pack-test',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'pack-test', dependencies: { [pkg.name]: spec } },
      [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
      ...runtimeClosure(lock, pkg.dependencies),
    },
  };
  writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(projectLock, null, 2));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project, stdio: 'pipe', env: offlineEnv() });
}

// npm and npx never asking the registry.
export function offlineEnv() {
  return { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' };
}
