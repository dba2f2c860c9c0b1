// Every shell command the README and docs/*.md give a reader is run here,
// from a fresh copy of the repository (what `git ls-files` lists, with the
// repository's node_modules linked in), offline: README.md first, then
// docs/*.md, each doc's blocks in order in one working directory that
// follows their `cd`s, starting in the copy. A block not meant to be run
// says so in the comment before it (see parseMarker in markdown.mjs);
// any other shell block that fails fails this test. The commands that
// need the registry are done offline by an `npm` shell function:
// `npm ci` finds node_modules in place, `npm install X.tgz` and `npm
// install --save-dev ...` go through offline-npm.mjs, `npm test` in the
// copy is checked against .ci/run instead of run (it runs this test), and
// `npm pack` builds only when a source is newer than the bundle (its
// prepare script would build the same bundle the block before built).
import { expect } from 'chai';
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHELL, blocks, docFiles, looksLikeCommands, root } from './markdown.mjs';

const pending = new Set((process.env.DOCS_PENDING ?? '').split(',').filter(Boolean));
const helper = path.join(root, 'test/docs/offline-npm.mjs');

const PRELUDE = `
npm() {
  case "$*" in
    ci|"ci "*)
      if [ -e node_modules ]; then echo "(docs test) npm ci: node_modules is in place"; return 0; fi
      echo "(docs test) npm ci: no node_modules in $PWD" >&2; return 1;;
    test)
      if [ -f .ci/run ]; then echo "(docs test) npm test: what .ci/run runs, checked there"; return 0; fi
      command npm test;;
    pack|"pack "*)
      if [ -f test/support/build-if-needed.mjs ]; then
        node test/support/build-if-needed.mjs && command npm pack --ignore-scripts "\${@:2}"
      else command npm "$@"; fi;;
    "install "*.tgz) node "${helper}" install-tarball "$2";;
    "install --save-dev "*|"install -D "*) shift 2; node "${helper}" link-dev "$@";;
    *) command npm "$@";;
  esac
}
`;

// The files of a clean clone, plus what others added and git does not
// ignore yet.
function repositoryFiles() {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && existsSync(path.join(root, f)));
}

function freshCopy(dir) {
  const copy = path.join(dir, 'verwalter-toolbox');
  for (const file of repositoryFiles()) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(copy, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

// The commands of a block, as a script; a console block's are its `$ ` lines.
function script(block) {
  if (block.lang !== 'console') return block.text;
  return block.text.split('\n').filter((l) => l.startsWith('$ ')).map((l) => l.slice(2)).join('\n') + '\n';
}

function shownOutput(block) {
  return block.text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('$ ') && l.trim() !== '...');
}

function runBlock(block, cwd, env) {
  const state = path.join(env.DOCS_TMP, 'cwd');
  // A block expected to fail runs to its end; its last command's status counts.
  const body = block.marker.exit === undefined
    ? `${PRELUDE}\ncd "${cwd}"\nset -e -o pipefail\n${script(block)}\npwd > "${state}"\n`
    : `${PRELUDE}\ncd "${cwd}"\n{\n${script(block)}\n}\nstatus=$?\npwd > "${state}"\nexit $status\n`;
  const started = Date.now();
  const r = spawnSync('bash', ['-c', body], { env, encoding: 'utf8', timeout: 240000, maxBuffer: 64 << 20 });
  const output = `${r.stdout}${r.stderr}`;
  if (process.env.DOCS_VERBOSE) console.log(`    ${block.doc}:${block.line}: ${Date.now() - started} ms, exit ${r.status}`);
  if (process.env.DOCS_VERBOSE === '2') console.log(output);
  const expected = block.marker.exit ?? 0;
  const problems = [];
  if (r.error) problems.push(String(r.error));
  if (r.status !== expected) problems.push(`exit status ${r.status}, expected ${expected}`);
  if (block.marker.output) {
    for (const line of shownOutput(block)) if (!output.includes(line.trim())) problems.push(`no output line ${JSON.stringify(line.trim())}`);
  }
  const next = r.status === expected && existsSync(state) ? readFileSync(state, 'utf8').trim() : cwd;
  return { problems, output, cwd: next };
}

describe('docs: every shell command runs', function () {
  this.timeout(600000);
  let dir;
  let copy;
  let env;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'docs-commands-'));
    copy = freshCopy(dir);
    env = {
      ...process.env, DOCS_TMP: dir, NO_COLOR: '1', npm_config_offline: 'true', npm_config_update_notifier: 'false',
      npm_config_audit: 'false', npm_config_fund: 'false',
    };
    delete env.FORCE_COLOR;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every block with commands says its language, and every marker is known', function () {
    const bad = [];
    for (const doc of docFiles()) {
      for (const b of blocks(doc)) {
        if (looksLikeCommands(b)) bad.push(`${doc}:${b.line}: commands in a block with no language (sh, or console with $ lines)`);
        if (b.marker.unknown) bad.push(`${doc}:${b.line}: unknown marker ${JSON.stringify(b.marker.unknown)}`);
      }
    }
    expect(bad, bad.join('\n')).to.deep.equal([]);
  });

  it('.ci/run runs exactly the README\'s test command', function () {
    const [first] = blocks('README.md').filter((b) => SHELL.has(b.lang));
    const commands = first.text.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
    expect(commands).to.deep.equal(['npm ci && npm run replay', 'npm test']);
    const ci = readFileSync(path.join(root, '.ci/run'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ci[ci.length - 1]).to.equal('npm test');
  });

  for (const doc of docFiles()) {
    it(`${doc}: its commands pass, in order, from a fresh copy`, function () {
      // The pages start where the README's first command leaves a checkout:
      // with the bundle built (when the README's test did not run first).
      if (doc !== 'README.md' && !existsSync(path.join(copy, 'dist/verwalter-toolbox.js'))) {
        execFileSync('node', ['test/support/build-if-needed.mjs'], { cwd: copy, env, stdio: 'pipe' });
      }
      let cwd = copy;
      const failures = [];
      for (const b of blocks(doc)) {
        const where = `${doc}:${b.line}`;
        if (b.marker.file) {
          const target = path.resolve(cwd, b.marker.file);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, b.text);
          if (b.marker.sameAs && readFileSync(path.join(root, b.marker.sameAs), 'utf8') !== b.text) {
            failures.push(`${where}: the block is not ${b.marker.sameAs}, which it shows`);
          }
          continue;
        }
        if (!SHELL.has(b.lang) || b.marker.illustration) continue;
        if (b.marker.pending && !pending.has(b.marker.pending)) continue;
        const r = runBlock(b, cwd, env);
        cwd = r.cwd;
        if (r.problems.length) failures.push(`${where}: ${r.problems.join('; ')}\n${r.output.split('\n').slice(-25).join('\n')}`);
      }
      expect(failures, failures.join('\n\n')).to.deep.equal([]);
    });
  }
});
