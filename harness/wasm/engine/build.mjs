#!/usr/bin/env node
// Rebuilds engine.wasm, the QuickJS template every scheduler.wasm is made
// from, out of pinned sources only: QuickJS from an npm package's tarball
// (checked against its integrity and every file's hash) and Debian's clang,
// lld, wasi-libc and compiler-rt (checked against the recorded package
// versions). `--check` builds into a temporary folder and fails unless the
// result is, byte for byte, the engine.wasm the package ships.
//
//   npm run build:engine            # writes harness/wasm/engine/engine.wasm
//   npm run build:engine -- --check # proves the shipped one is these sources'

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCES_FILE = path.join(here, 'sources.json');
export const ENGINE_FILE = path.join(here, 'engine.wasm');
export const GLUE_FILE = path.join(here, 'glue.c');
const APT = 'apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32';

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// Every choice that changes the bytes is here: the template must come out
// the same on any machine with the recorded packages.
const CFLAGS = [
  '--target=wasm32-wasi', '--sysroot=/usr', '-isystem', '/usr/include/wasm32-wasi',
  // The WebAssembly MVP: verwalter's wasmi 0.4 knows nothing newer.
  '-mcpu=mvp', '-O2',
  // EMSCRIPTEN turns off what wasm cannot have (threads for Atomics, computed
  // goto); the stack check, which it would turn off too, is put back.
  '-DEMSCRIPTEN', '-DCONFIG_STACK_CHECK', '-D_GNU_SOURCE', '-DCONFIG_VERSION="2021-03-27"',
  // wasm has no rounding modes: fesetround() with these fails, and
  // toFixed/toPrecision round ties as printf does (docs/wasm.md, differences).
  '-DFE_DOWNWARD=0x400', '-DFE_UPWARD=0x800',
  '-w',
];
const C_STACK_BYTES = 1024 * 1024;
const LDFLAGS = [
  '--no-entry', '--strip-all', `-z`, `stack-size=${C_STACK_BYTES}`,
  // The stack below the data: an overflow runs off address 0 and traps
  // instead of overwriting static data.
  '--stack-first',
  '-L/usr/lib/wasm32-wasi', '-lc', '-lm',
  '/usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a',
];
const UNITS = ['quickjs', 'libregexp', 'libunicode', 'cutils'];

function fail(message) {
  console.error(`build:engine: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'], ...options });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${stderr}`))));
  });
}

// The Debian packages the build needs, at the recorded versions.
function checkToolchain(pinned) {
  const found = {};
  for (const name of Object.keys(pinned)) {
    try {
      found[name] = execFileSync('dpkg-query', ['-W', '-f', '${Version}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      fail(`Debian package ${name} is not installed; install the toolchain with\n  ${APT}`);
    }
    if (found[name] !== pinned[name]) fail(`${name} is ${found[name]}, the engine was built with ${pinned[name]} (sources.json)`);
  }
}

// The QuickJS sources, from the npm tarball, each checked against its hash.
function fetchSources(sources, work) {
  execFileSync('npm', ['pack', sources.package, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  const bytes = readFileSync(path.join(work, tarball));
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  if (integrity !== sources.integrity) fail(`${sources.package}'s tarball is ${integrity}, sources.json records ${sources.integrity}`);
  const names = Object.keys(sources.files).map((name) => `${sources.directory}/${name}`);
  execFileSync('tar', ['-xzf', tarball, ...names], { cwd: work });
  const dir = path.join(work, 'quickjs');
  mkdirSync(dir);
  for (const [name, hash] of Object.entries(sources.files)) {
    const file = readFileSync(path.join(work, sources.directory, name));
    if (sha256(file) !== hash) fail(`${sources.package}: ${name} has sha256 ${sha256(file)}, sources.json records ${hash}`);
    writeFileSync(path.join(dir, name), file);
  }
  return dir;
}

export async function buildEngine(out) {
  const sources = JSON.parse(readFileSync(SOURCES_FILE, 'utf8'));
  checkToolchain(sources.toolchain);
  const work = mkdtempSync(path.join(tmpdir(), 'verwalter-engine-'));
  try {
    const dir = fetchSources(sources, work);
    writeFileSync(path.join(dir, 'glue.c'), readFileSync(GLUE_FILE));
    // Paths inside the objects (assert messages) are the same wherever it is built.
    const flags = [...CFLAGS, `-ffile-prefix-map=${dir}=quickjs`, '-I', dir];
    const objects = [];
    const compile = (unit) => {
      const object = path.join(work, `${unit}.o`);
      objects.push(object);
      return run('clang-14', [...flags, '-c', path.join(dir, `${unit}.c`), '-o', object]);
    };
    // Two at a time: the machines have two cores, and quickjs.c takes longest.
    const queue = [...UNITS, 'glue'];
    await Promise.all([0, 1].map(async () => {
      while (queue.length) await compile(queue.shift());
    }));
    objects.sort();
    const linked = path.join(work, 'engine.wasm');
    await run('wasm-ld-14', [...objects, ...LDFLAGS, '-o', linked]);
    const bytes = readFileSync(linked);
    const temporary = `${out}.tmp-${process.pid}`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, out);
    return { bytes, sources };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const program = new Command('build:engine')
    .description('rebuild engine.wasm (QuickJS for verwalter) from the pinned sources')
    .option('--check', 'build into a temporary file and compare with the shipped engine.wasm')
    .parse();
  const { check } = program.opts();
  const shipped = check ? readFileSync(ENGINE_FILE) : null;
  const out = check ? path.join(mkdtempSync(path.join(tmpdir(), 'verwalter-engine-check-')), 'engine.wasm') : ENGINE_FILE;
  const { bytes, sources } = await buildEngine(out);
  const hash = sha256(bytes);
  if (check) {
    rmSync(path.dirname(out), { recursive: true, force: true });
    if (!shipped.equals(bytes)) fail(`the sources build ${hash} (${bytes.length} bytes), the shipped engine.wasm is ${sha256(shipped)} (${shipped.length} bytes)`);
    console.log(`engine.wasm is what the pinned sources build: sha256 ${hash}, ${bytes.length} bytes`);
    return;
  }
  // What the test of the shipped engine checks without a toolchain.
  sources.glue = sha256(readFileSync(GLUE_FILE));
  sources.engine = hash;
  writeFileSync(SOURCES_FILE, `${JSON.stringify(sources, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), ENGINE_FILE)}: sha256 ${hash}, ${bytes.length} bytes`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => fail(error.message));
}
