// What docs/migrating-from-lua.md says of the Lua reference toolbox, checked
// against it: how long its rollout takes, and that it reads a schedule this
// toolbox wrote only while that holds no key the Lua state schema lacks
// ("Going back"). Runs where lua5.3 and VERWALTER_TOOLBOX are (see
// test/support/lua-reference.mjs), else is listed as pending with the reason.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { luaReference } from '../support/lua-reference.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const recordings = path.join(here, '../example/recordings');
const read = (file) => JSON.parse(readFileSync(path.join(recordings, file), 'utf8'));

describe('docs: the Lua toolbox, as the migration guide describes it', function () {
  const reference = luaReference();
  const test = (title, fn) => (reference.dir ? it(title, fn) : it.skip(`${title} (skipped: ${reference.skip})`, fn));
  let dir;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'lua-back-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // The Lua scheduler's run on `input`: its schedule, or {failed: log}.
  function lua(input) {
    const file = path.join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(input));
    const out = execFileSync('lua5.3', [path.join(here, 'fixtures/lua-run.lua'), file], {
      env: { ...process.env, VERWALTER_TOOLBOX: reference.dir }, encoding: 'utf8',
    });
    return out.startsWith('FAILED\n') ? { failed: out } : JSON.parse(out);
  }

  test('its example rollout reaches done after 130 s of 5-second runs (80 s here)', () => {
    const out = execFileSync('lua5.3', [path.join(here, 'fixtures/lua-timing.lua')], {
      env: { ...process.env, VERWALTER_TOOLBOX: reference.dir }, encoding: 'utf8',
    });
    expect(out.trim().split('\n').pop()).to.equal('130');
  });

  test('a schedule written mid-update (no slot yet) is read: the update goes on', () => {
    const out = lua(read('09-smooth-restart-substep/input.json'));
    expect(out.failed).to.equal(undefined);
    expect(out.state.pyapp.groups.prod.update.step).to.equal('smooth_restart');
  });

  test('once an update finished in the second slot, the Lua run fails as a whole', () => {
    const done = read('10-update-done/expected.json');
    expect(done.state.pyapp.groups.prod.services.site.slot).to.equal(2);
    const input = { ...read('10-update-done/input.json'), parents: [done], actions: {}, now: done.state.pyapp.groups.prod.last_deployed['v1.6.0'] + 5000 };
    const out = lua(input);
    expect(out.failed).to.contain('.groups.prod.services.site.slot: Unexpected key');
    expect(out.failed).to.contain("Can't proceed because role pyapp can be dead");
  });

  test('an update failed with a message is dropped', () => {
    const input = read('16-error-auto-revert/input.json');
    expect(input.parents[0].state.pyapp.groups.prod.update).to.include({ direction: 'error' }).and.to.have.property('error_message');
    const out = lua(input);
    expect(out.failed).to.equal(undefined);
    expect(out.state.pyapp.groups.prod).to.not.have.property('update');
  });
});
