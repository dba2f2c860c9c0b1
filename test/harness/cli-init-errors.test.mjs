// `init` and `upgrade` say in one line which path they cannot use and why
// (exit 2, no stack): a dangling symbolic link, a file where a directory is
// needed or a directory where a file is, a file system that refuses writes.
import { expect } from 'chai';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeDir, runCli, tempDir } from './helpers.mjs';

// Loaded with --import: node:fs/promises's writers refuse, with the code in
// $CLI_INIT_REFUSE ("EROFS:/some/dir"), what a read-only mount of that
// directory refuses. Running as root, permission bits would stop nothing, and
// a test may not mount. As in the kernel, what exists gives EEXIST and a
// missing parent ENOENT before the mount is asked; and as in Node, a
// recursive mkdir says ENOENT (it stats the directory it could not make).
const REFUSING_STUB = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const [code, root] = process.env.CLI_INIT_REFUSE.split(/:(.*)/s);
const inside = (p) => typeof p === 'string' && (path.resolve(p) + path.sep).startsWith(root + path.sep);
const refused = (syscall, p, as = code) => Object.assign(new Error(as + ': refused, ' + syscall + " '" + p + "'"), { code: as, syscall, path: p });
const { promises } = fs;
const mkdir = promises.mkdir;
promises.mkdir = async (p, options) => {
  if (inside(p) && !fs.existsSync(p)) {
    if (options?.recursive) throw refused('stat', p, 'ENOENT');
    if (fs.existsSync(path.dirname(p))) throw refused('mkdir', p);
  }
  return mkdir(p, options);
};
// The argument each writer writes to.
for (const [name, target] of [['writeFile', 0], ['copyFile', 1], ['cp', 1], ['rm', 0]]) {
  const write = promises[name];
  promises[name] = async (...args) => {
    if (inside(args[target])) throw refused(name, args[target]);
    return write(...args);
  };
}
syncBuiltinESMExports();
`;

describe('verwalter-harness init and upgrade: paths they cannot use', function () {
  this.timeout(30000);
  let dir;
  beforeEach(async function () {
    dir = await tempDir();
  });
  afterEach(async function () {
    await removeDir(dir);
  });

  // Exit 2 and exactly `line` (after the program's name) on stderr.
  const expectRefusal = (r, line) => {
    expect(r.stderr, 'a stack trace').not.to.match(/^\s+at /m);
    expect(r.stderr).to.equal(`verwalter-harness: ${line}\n`);
    expect(r.code).to.equal(2);
  };
  const refuses = async (args, line) => expectRefusal(await runCli(args), line);

  // `args` run where writes under `root` fail with `code`. The stub lies
  // beside root, which stays empty.
  const refusesWriting = async (code, root, args, line) => {
    const stub = path.join(dir, 'refusing-stub.mjs');
    await writeFile(stub, REFUSING_STUB);
    const env = { CLI_INIT_REFUSE: `${code}:${path.resolve(root)}` };
    expectRefusal(await runCli(args, { nodeOptions: [`--import=${pathToFileURL(stub)}`], env }), line);
  };
  const readOnly = async () => {
    const root = path.join(dir, 'mount');
    await mkdir(root);
    return root;
  };

  describe('a dangling symbolic link', function () {
    it('init into one', async function () {
      const link = path.join(dir, 'sched');
      const nowhere = path.join(dir, 'nowhere');
      await symlink(nowhere, link);
      await refuses(['init', link], `${link}: a symbolic link to ${nowhere}, which does not exist`);
      await refuses(['init', path.join(link, 'sub')], `${link}: a symbolic link to ${nowhere}, which does not exist`);
    });

    it('init --force where the bundle is one', async function () {
      const bundle = path.join(dir, 'scheduler/v1/verwalter-toolbox.js');
      const nowhere = path.join(dir, 'nowhere/verwalter-toolbox.js');
      await mkdir(path.dirname(bundle), { recursive: true });
      await symlink(nowhere, bundle);
      await refuses(['init', dir, '--force'], `${bundle}: a symbolic link to ${nowhere}, which does not exist`);
    });

    it('upgrade where the bundle is one', async function () {
      const scheduler = path.join(dir, 'v1');
      const nowhere = path.join(dir, 'old/verwalter-toolbox.js');
      await mkdir(scheduler);
      await symlink(nowhere, path.join(scheduler, 'verwalter-toolbox.js'));
      await refuses(['upgrade', scheduler], `${scheduler}/verwalter-toolbox.js: a symbolic link to ${nowhere}, which does not exist`);
    });

    it('upgrade where the scheduler directory is one', async function () {
      const link = path.join(dir, 'v1');
      const nowhere = path.join(dir, 'nowhere');
      await symlink(nowhere, link);
      await refuses(['upgrade', link], `${link}: a symbolic link to ${nowhere}, which does not exist`);
    });
  });

  describe('a file where a directory is needed, or a directory where a file is', function () {
    it('init under a file names the file', async function () {
      const file = path.join(dir, 'notes.txt');
      await writeFile(file, 'mine\n');
      await refuses(['init', path.join(file, 'sched')], `${file}: a file, not a directory`);
    });

    it('init --force where scheduler/ is a file', async function () {
      await writeFile(path.join(dir, 'scheduler'), 'mine\n');
      await refuses(['init', dir, '--force'], `${path.join(dir, 'scheduler')}: a file, not a directory`);
    });

    it('init --force where a template is a directory', async function () {
      const template = path.join(dir, 'templates/example/v1/lithos.render.yaml');
      await mkdir(template, { recursive: true });
      await refuses(['init', dir, '--force'], `${template}: a directory, not a file`);
    });

    it('init --force --typescript where types/ is a file', async function () {
      await writeFile(path.join(dir, 'types'), 'mine\n');
      await refuses(['init', dir, '--force', '--typescript'], `${path.join(dir, 'types')}: a file, not a directory`);
    });

    it('upgrade where the bundle is a directory', async function () {
      const bundle = path.join(dir, 'v1/verwalter-toolbox.js');
      await mkdir(bundle, { recursive: true });
      await refuses(['upgrade', path.join(dir, 'v1')], `${bundle}: a directory, not a file`);
    });

    it('upgrade under a file names the file', async function () {
      const file = path.join(dir, 'notes.txt');
      await writeFile(file, 'mine\n');
      await refuses(['upgrade', path.join(file, 'v1')], `${file}: a file, not a directory`);
    });
  });

  describe('a file system that refuses writes', function () {
    it('init into a read-only file system says so, not ENOENT', async function () {
      const root = await readOnly();
      const project = path.join(root, 'sched');
      await refusesWriting('EROFS', root, ['init', project], `${project}: cannot write: the file system is read-only (EROFS)`);
      await refusesWriting('EROFS', root, ['init', root], `${path.join(root, 'scheduler')}: cannot write: the file system is read-only (EROFS)`);
    });

    it('init where writing is not permitted', async function () {
      const root = await readOnly();
      await refusesWriting('EACCES', root, ['init', root], `${path.join(root, 'scheduler')}: cannot write: permission denied (EACCES)`);
    });

    it('upgrade on a read-only file system leaves the old bundle', async function () {
      const root = await readOnly();
      const bundle = path.join(root, 'verwalter-toolbox.js');
      const old = '(function () { /* an old bundle */ })();\n';
      await writeFile(bundle, old);
      await refusesWriting('EROFS', root, ['upgrade', root], `${bundle}: cannot write: the file system is read-only (EROFS)`);
      expect(await readFile(bundle, 'utf8')).to.equal(old);
    });

    // /proc takes no new directories, and its mkdir says ENOENT under a
    // directory that exists, which made Node's recursive mkdir loop forever.
    it('init under /proc (Linux) fails in one line instead of hanging', async function () {
      if (process.platform !== 'linux') this.skip();
      const target = `/proc/verwalter-harness-test-${process.pid}`;
      const r = await runCli(['init', target], { timeout: 10000 });
      expect(r.stderr, 'a stack trace').not.to.match(/^\s+at /m);
      expect(r.stderr).to.match(new RegExp(`^verwalter-harness: ${target}: cannot write: [^\\n]+\\n$`));
      expect(r.code).to.equal(2);
    });
  });
});
