// Updates walked tick by tick (see walks.mjs), in Node and, on the same
// bundle, in QuickJS through the harness: the traces must be identical.
import { expect } from 'chai';
import { T } from './helpers.mjs';
import { WALK_SOURCE, SCENARIOS } from './walks.mjs';
import { readFileSync } from 'node:fs';
import { runScript } from '../../harness/index.mjs';
import { needDuk, inDuk } from '../support/engines.mjs';

const runWalk = new Function('T', 'scenario', `${WALK_SOURCE}\nreturn runWalk(T, scenario);`);
// Walked inside each test, not when the file loads: mutation testing
// (npm run mutate) switches the bundle's mutants between tests.
const walk = (name) => JSON.parse(JSON.stringify(runWalk(T, SCENARIOS[name])));

const T0 = SCENARIOS.forward.t0;
const sec = (s) => T0 + s * 1000;
const at = (walk, s) => walk.trace.find((e) => e.now === sec(s));
const steps = (walk) => walk.trace.map((e) => [(e.now - T0) / 1000, e.step, e.direction, e.smooth_step]);
const answer = (entry) => Object.values(entry.answers);

describe('pipeline walk: forward to done', () => {
  let w;
  beforeEach(() => { w = walk('forward'); });

  it('derives migration, quick restart, test mode, smooth restart', () => {
    expect(w.pipeline.map((s) => s.name)).to.deep.equal(['cmd_db_migrate', 'quick_restart', 'test_mode', 'smooth_restart']);
  });

  it('waits for the ack, then goes by the stage times', () => {
    expect(at(w, 1).step).to.equal('cmd_db_migrate');
    expect(answer(at(w, 2))).to.deep.equal([{ ok: true, action: 'ack', step: 'quick_restart', direction: 'forward' }]);
    // Each wait ends at its time (the 1 s ticks fall on it): the quick
    // restart's 5 s, test mode's 15 s, then the smooth stage switches a tenth
    // as it begins and a tenth more every 15 s; the last tenth warms up for
    // 15 s too, and the update is done when the stage's 150 s are over.
    const quick = 2 + 5;
    const smooth = quick + 15;
    expect(at(w, quick).step).to.equal('test_mode');
    expect(w.trace.filter((e) => e.now > sec(2) && e.now < sec(quick)).map((e) => e.step)).to.deep.equal(['quick_restart']);
    expect(at(w, smooth)).to.include({ step: 'smooth_restart', smooth_step: 1 });
    for (let k = 1; k <= 10; k++) expect(at(w, smooth + (k - 1) * 15).smooth_step).to.equal(k);
    const doneAt = smooth + 150;
    expect(doneAt).to.equal(172);
    expect(w.final.step).to.equal('done');
    expect(w.trace[w.trace.length - 1]).to.include({ now: sec(doneAt), step: 'done', direction: 'forward' });
    // The stage times add up to the rollout's: 5 + 15 + 150 s after the ack.
    expect(doneAt - 2).to.equal(5 + 15 + 150);
  });

  it('refuses an ack that comes after its step, saying why', () => {
    expect(answer(at(w, 3))).to.deep.equal([{ error: 'step cmd_db_migrate is not running (the update is at quick_restart)' }]);
    expect(at(w, 3).step).to.equal('quick_restart');
  });

  it('runs the versions the stages say', () => {
    expect(at(w, 1).current).to.deep.equal({
      db_migrate: { 'v1.1': 100 }, celery: { 'v1.0': 100 }, fast_site: { 'v1.0': 100 }, slow_site: { 'v1.0': 100 },
    });
    expect(at(w, 7).current).to.deep.equal({
      db_migrate: {}, celery: { 'v1.1': 100 }, fast_site: { 'v1.0': 95, 'v1.1': 5 }, slow_site: { 'v1.0': 95, 'v1.1': 5 },
    });
    expect(at(w, 22).current.slow_site).to.deep.equal({ 'v1.0': 90, 'v1.1': 10 });
    expect(at(w, 52).current.slow_site).to.deep.equal({ 'v1.0': 70, 'v1.1': 30 });
    expect(at(w, 172).current).to.deep.equal({
      db_migrate: {}, celery: { 'v1.1': 100 }, fast_site: { 'v1.1': 100 }, slow_site: { 'v1.1': 100 },
    });
  });
});

describe('pipeline walk: paused, resumed, reverted', () => {
  let w;
  beforeEach(() => { w = walk('pauseResumeRevert'); });

  it('pauses and resumes', () => {
    expect(at(w, 4)).to.include({ step: 'quick_restart', direction: 'pause', pause_ts: sec(4) });
    // proceed is for manual steps; the resume after it in the same run works
    // and, the quick restart's 5 s being over, the update moves on.
    expect(answer(at(w, 10))).to.deep.equal([
      { error: 'step quick_restart is in time mode; only a manual step can proceed (skip it instead)' },
      { ok: true, action: 'resume', step: 'quick_restart', direction: 'forward' },
    ]);
    expect(at(w, 10)).to.include({ step: 'test_mode', direction: 'forward' });
    expect(at(w, 10)).to.not.have.property('pause_ts');
  });

  it('waits at the manual test mode until someone proceeds', () => {
    const during = w.trace.filter((e) => e.now > sec(10) && e.now < sec(30));
    expect(during).to.deep.equal([]);
    expect(at(w, 30)).to.include({ step: 'smooth_restart', direction: 'forward' });
  });

  it('reverts smoothly from where it was, back to revert_done', () => {
    expect(at(w, 80)).to.include({ step: 'smooth_restart', direction: 'backward', smooth_step: 4 });
    // A part goes back every 15 s, the last one warms up for 15 s too; the
    // command's stage is passed in the run that reaches it.
    expect(steps(w).filter(([s]) => s >= 80)).to.deep.equal([
      [80, 'smooth_restart', 'backward', 4],
      [95, 'smooth_restart', 'backward', 3],
      [110, 'smooth_restart', 'backward', 2],
      [125, 'smooth_restart', 'backward', 1],
      [140, 'smooth_restart', 'backward', 0],
      [155, 'test_mode', 'backward', undefined],
      [170, 'quick_restart', 'backward', undefined],
      [175, 'revert_done', 'backward', undefined],
    ]);
    expect(w.final.step).to.equal('revert_done');
  });

  it('does not run the migration again on the way back', () => {
    expect(at(w, 170).current.db_migrate).to.deep.equal({});
    expect(at(w, 175).current).to.deep.equal({
      db_migrate: {}, celery: { 'v1.0': 100 }, fast_site: { 'v1.0': 100 }, slow_site: { 'v1.0': 100 },
    });
    expect(w.log.match(/passing skipped step cmd_db_migrate/g)).to.have.length(1);
  });
});

describe('pipeline walk: an error stops the update, which reverts after 30 minutes', () => {
  let w;
  beforeEach(() => { w = walk('errorThenAutoRevert'); });
  const message = 'migration 42 failed: relation "users" exists';

  it('keeps the update in error with its message', () => {
    expect(answer(at(w, 3))).to.deep.equal([{ ok: true, action: 'error', step: 'cmd_db_migrate', direction: 'error' }]);
    for (const s of [3, 60, 600, 1799, 1803]) {
      expect(at(w, s)).to.include({ step: 'cmd_db_migrate', direction: 'error', error_message: message, pause_ts: sec(3) });
    }
  });

  it('reverts once it has been stopped for more than 30 minutes', () => {
    expect(at(w, 1804)).to.include({ step: 'revert_done', direction: 'backward' });
    expect(at(w, 1804)).to.not.have.property('error_message');
    expect(w.trace.map((e) => (e.now - T0) / 1000)).to.deep.equal([1, 2, 3, 60, 600, 1799, 1803, 1804]);
  });

  it('logs the message (the reference read a misspelt field)', () => {
    expect(w.log).to.include(`[walk]:CHANGE: error at step cmd_db_migrate: ${message}`);
    expect(w.log).to.include('failed for too long at step cmd_db_migrate');
  });
});

describe('pipeline walk: a paused update reverts after 30 minutes', () => {
  let w;
  beforeEach(() => { w = walk('pauseThenAutoRevert'); });
  it('stays paused for 30 minutes, then walks back', () => {
    expect(steps(w)).to.deep.equal([
      [1, 'cmd_db_migrate', 'forward', undefined],
      [2, 'quick_restart', 'forward', undefined],
      [5, 'quick_restart', 'pause', undefined],
      [1000, 'quick_restart', 'pause', undefined],
      [1805, 'quick_restart', 'pause', undefined],
      // the quick restart's 5 s back are long over, and the migration's
      // stage is passed on the way (walking back skips it)
      [1806, 'revert_done', 'backward', undefined],
    ]);
  });
});

describe('pipeline walk: downgrade', () => {
  let w;
  beforeEach(() => { w = walk('downgrade'); });
  it('is marked a downgrade by version ordering', () => {
    expect(w.final.downgrade).to.equal(true);
    expect(w.trace.every((e) => e.downgrade === true)).to.equal(true);
  });
  it('uses the downgrade modes: skip, and ack ignoring errors', () => {
    expect(w.pipeline.map((s) => [s.name, s.forward_mode, s.forward_downgrade_mode])).to.deep.equal([
      ['cmd_db_migrate', 'ack', 'skip'],
      ['quick_restart', 'time', undefined],
      ['test_mode', 'manual', undefined],
      ['smooth_restart', 'smooth', undefined],
      ['cmd_warm_cache', 'ack', 'ack_ignore_errors'],
    ]);
    // No ack: the migration's stage is passed in the run that starts the update.
    expect(steps(w).slice(0, 3)).to.deep.equal([
      [1, 'quick_restart', 'forward', undefined],
      [6, 'test_mode', 'forward', undefined],
      [21, 'smooth_restart', 'forward', 1],
    ]);
    // A skipped command does not run.
    expect(at(w, 1).current.db_migrate).to.deep.equal({});
    expect(at(w, 171).step).to.equal('cmd_warm_cache');
    expect(at(w, 171).current.warm_cache).to.deep.equal({ 'v1.0': 100 });
    expect(answer(at(w, 202))).to.deep.equal([{ ok: true, action: 'error', step: 'done', direction: 'forward' }]);
    expect(w.final.step).to.equal('done');
  });
});

describe('pipeline walk: in the scheduler engines', function () {
  this.timeout(60000);
  const bundle = readFileSync(new URL('../../dist/verwalter-toolbox.js', import.meta.url), 'utf8');
  for (const name of Object.keys(SCENARIOS)) {
    it(`QuickJS, ${name}: the same trace, state and log as in Node`, async () => {
      // The harness's runScript: a fresh ES5-only QuickJS context, the bundle
      // as a plain script, then the walker; the result comes back as JSON.
      const inQuickJS = await runScript(bundle, `${WALK_SOURCE}\nrunWalk(VerwalterToolbox, ${JSON.stringify(SCENARIOS[name])});`);
      expect(inQuickJS.trace.length).to.be.greaterThan(3);
      const inNode = walk(name);
      expect(inQuickJS).to.deep.equal(inNode);
      expect(JSON.stringify(inQuickJS), 'same key order').to.equal(JSON.stringify(inNode));
    });
  }

  it('Duktape gives the same too', function () {
    needDuk(this);
    const text = inDuk(`JSON.stringify([${Object.keys(SCENARIOS)
      .map((name) => `runWalk(VerwalterToolbox, ${JSON.stringify(SCENARIOS[name])})`).join(',\n')}])`, `${bundle}\n;${WALK_SOURCE}`);
    expect(text).to.equal(JSON.stringify(Object.keys(SCENARIOS).map(walk)));
  });
});
