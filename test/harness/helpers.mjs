// Shared by the harness tests: fixture paths, temporary case directories,
// and running the CLI as a child process.

import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const CLI = path.join(ROOT, 'harness/bin/verwalter-harness.mjs');

export function fixture(name) {
  return path.join(ROOT, 'test/fixtures/schedulers', name);
}

export const INPUT = Object.freeze({
  now: 1700000000000,
  current_host: 'alpha',
  current_id: 'a1',
  parents: [],
  actions: {},
  runtime: {},
  peers: { a1: { hostname: 'alpha' }, b2: { hostname: 'beta' } },
  metrics: {},
});

export async function tempDir() {
  return mkdtemp(path.join(tmpdir(), 'verwalter-harness-test-'));
}

export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}

/** Mocha hooks that give each test of the suite a fresh temporary directory
 * and a project path `sched` in it, handed to `use(dir, project)`. With
 * `make`, the project is made once, by `make(project)`, and copied in for
 * each test. */
export function freshProject(use, make) {
  let base;
  let dir;
  if (make) {
    before(async () => {
      base = await tempDir();
      await make(path.join(base, 'sched'));
    });
    after(() => removeDir(base));
  }
  beforeEach(async () => {
    dir = await tempDir();
    const project = path.join(dir, 'sched');
    if (make) await cp(path.join(base, 'sched'), project, { recursive: true });
    use(dir, project);
  });
  afterEach(() => removeDir(dir));
}

// Writes {file name: JSON value or raw text} into dir (created as needed).
export async function writeCase(dir, files) {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}

// The error a promise rejects with; fails the test if it resolves.
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

// {code, stdout, stderr} of `node verwalter-harness.mjs ...args`.
// `nodeOptions` and `env` are added; past `timeout` ms (0: none) the CLI is
// killed, so a regression that loops fails its test, not the whole run.
export function runCli(args, { cwd = ROOT, nodeOptions = [], env = {}, timeout = 0 } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeOptions, CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr });
    });
  });
}
