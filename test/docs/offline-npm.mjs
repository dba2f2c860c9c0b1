// The npm commands of the docs that need the registry, done offline for
// test/docs/commands.test.mjs (its `npm` shell function calls this):
//   install-tarball FILE   `npm install FILE.tgz`: installOffline, as the package test does
//   link-dev NAME...       `npm install --save-dev NAME...`: the repository's own copies,
//                          linked into ./node_modules with their commands in .bin
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { installOffline } from '../support/offline-install.mjs';

const root = new URL('../..', import.meta.url).pathname;
const [command, ...args] = process.argv.slice(2);
const cwd = process.cwd();

if (command === 'install-tarball') {
  installOffline(cwd, args[0]);
  console.log(`(docs test) installed ${args[0]} offline`);
} else if (command === 'link-dev') {
  const bin = path.join(cwd, 'node_modules/.bin');
  mkdirSync(bin, { recursive: true });
  for (const name of args) {
    const from = path.join(root, 'node_modules', name);
    if (!existsSync(from)) throw new Error(`${name} is not in this repository's node_modules`);
    const to = path.join(cwd, 'node_modules', name);
    if (!existsSync(to)) symlinkSync(from, to);
    const manifest = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8'));
    const bins = typeof manifest.bin === 'string' ? { [name]: manifest.bin } : manifest.bin ?? {};
    for (const [cmd, file] of Object.entries(bins)) {
      if (!existsSync(path.join(bin, cmd))) symlinkSync(path.join('..', name, file), path.join(bin, cmd));
    }
  }
  console.log(`(docs test) linked ${args.join(', ')} from the repository's node_modules`);
} else {
  throw new Error(`offline-npm: unknown command ${command}`);
}
