// Config validation and pipeline derivation beyond the reference spec.
import { expect } from 'chai';
import { P, logged } from './helpers.mjs';

function reversedKeys(obj) {
  const out = {};
  for (const k of Object.keys(obj).reverse()) out[k] = obj[k];
  return out;
}

describe('pipeline config', () => {
  it('fills defaults', () => {
    expect(P.validateConfig({ a: {}, b: { mode: 'skip' } }).value).to.deep.equal({
      a: { restart: 'quick', warmup_sec: 5, test_mode_percent: 0, smooth_substeps: 10 },
      b: { mode: 'skip', duration: 0 },
    });
    expect([P.DEFAULT_WARMUP_SEC, P.DEFAULT_SMOOTH_SUBSTEPS]).to.deep.equal([5, 10]);
  });

  it('reports errors with their paths', () => {
    const r = P.validateConfig({
      web: { restart: 'rolling', warmup_sec: -1, test_mode_percent: 101, smooth_substeps: 2.5, before: 'x', typo: 1 },
      job: { mode: 'run', downgrade_mode: 'skip', duration: 'long', stage: 'done' },
    });
    expect(r.ok).to.equal(false);
    // In key order, whatever the input's.
    expect(r.errors).to.deep.equal([
      '.job.duration: Value is not a number, but string',
      '.job.mode: Must be one of run-with-ack, run-with-ack-ignoring-errors, skip',
      '.job.stage: "done" is a reserved step name',
      '.web.before: Value is not a list, but string',
      '.web.restart: Must be one of quick, smooth',
      '.web.smooth_substeps: Value must be a whole number >= 1, but is 2.5',
      '.web.test_mode_percent: Value must be a whole number from 0 to 100, but is 101',
      '.web.typo: Unexpected key',
      '.web.warmup_sec: Value must be a number >= 0, but is -1',
    ]);
  });

  it('a test mode share of 0 or 100 percent is a share; 101 or -1 is not', () => {
    for (const ok of [0, 1, 99, 100]) expect(P.validateConfig({ web: { test_mode_percent: ok } }).ok, String(ok)).to.equal(true);
    for (const bad of [-1, 101, 100.5]) expect(P.validateConfig({ web: { test_mode_percent: bad } }).ok, String(bad)).to.equal(false);
  });

  it('`__proto__` is no stage name either (stage names key plain objects)', () => {
    expect(P.validateConfig({ job: { mode: 'skip', stage: '__proto__' } }).errors)
      .to.deep.equal(['.job.stage: "__proto__" is a reserved step name']);
  });

  it('a Lua-era `[]` is an empty config', () => {
    expect(P.validateConfig({ a: [] }).value).to.deep.equal({ a: { restart: 'quick', warmup_sec: 5, test_mode_percent: 0, smooth_substeps: 10 } });
  });
});

describe('pipeline derive', () => {
  it('does not depend on the key order of the metadata', () => {
    const configs = {
      zeta: { mode: 'skip' }, alpha: { mode: 'run-with-ack' }, web: { restart: 'smooth', test_mode_percent: 3 },
      api: { restart: 'quick', test_mode_percent: 7, warmup_sec: 9 }, late: { restart: 'quick', stage: 'late' },
    };
    const a = P.derivePipeline(configs);
    expect(P.derivePipeline(reversedKeys(configs))).to.deep.equal(a);
    expect(a.pipeline.map((s) => s.name)).to.deep.equal(['cmd_alpha', 'cmd_zeta', 'test_mode', 'late', 'quick_restart', 'smooth_restart']);
  });

  it('treats a service it can\'t read as a quick restart, and logs it', () => {
    const r = logged(() => P.derivePipeline({ web: { restart: 'rolling', warmup_sec: 30 }, db: { mode: 'skip' } }));
    expect(r.value.pipeline.map((s) => [s.name, s.processes, s.forward_time])).to.deep.equal([
      ['cmd_db', ['db'], 0], ['quick_restart', ['web'], 5],
    ]);
    expect(r.log).to.include("can't classify service web, treating it as a quick restart, error: .web.restart: Must be one of quick, smooth");
  });

  it('takes before/after from every service of a stage', () => {
    // The reference kept only those of the service that created the stage,
    // which one depending on hash order.
    const configs = {
      a: { restart: 'quick', stage: 'web' },
      b: { restart: 'quick', stage: 'web', after: ['cmd_migrate'] },
      migrate: { mode: 'skip', after: ['cmd_setup'] },
      setup: { mode: 'skip' },
      z: { restart: 'quick', stage: 'web' },
    };
    expect(P.derivePipeline(configs).pipeline.map((s) => s.name)).to.deep.equal(['cmd_setup', 'cmd_migrate', 'web']);
    configs.migrate = { mode: 'skip', after: ['web'] };
    configs.b = { restart: 'quick', stage: 'web' };
    expect(P.derivePipeline(configs).pipeline.map((s) => s.name)).to.deep.equal(['cmd_setup', 'web', 'cmd_migrate']);
  });

  it('merges stages by the maximum time and substeps', () => {
    const r = P.derivePipeline({
      a: { restart: 'smooth', warmup_sec: 2, smooth_substeps: 20 },
      b: { restart: 'smooth', warmup_sec: 10, smooth_substeps: 3 },
      c: { mode: 'skip', stage: 'jobs', duration: 4 },
      d: { mode: 'skip', stage: 'jobs', duration: 9 },
    });
    expect(r.pipeline).to.deep.equal([
      { name: 'jobs', kind: 'run_once', processes: ['c', 'd'], forward_mode: 'skip', forward_time: 9, backward_mode: 'skip', backward_time: 9 },
      { name: 'smooth_restart', kind: 'smooth', processes: ['a', 'b'], forward_mode: 'smooth', forward_time: 40, backward_mode: 'smooth', backward_time: 40, substeps: 20 },
    ]);
  });

  it('refuses a stage shared by different kinds', () => {
    expect(P.derivePipeline({ a: { restart: 'quick', stage: 's' }, b: { restart: 'smooth', stage: 's' } }).error)
      .to.equal('stage "s": service b is a smooth restart but service a made it a quick restart');
    expect(P.derivePipeline({ a: { mode: 'skip', stage: 's' }, b: { mode: 'run-with-ack', stage: 's' } }).error)
      .to.equal('stage "s": service b is a run-once command (run-with-ack) but service a made it a run-once command (skip)');
    expect(P.derivePipeline({ a: { restart: 'quick', stage: 'test_mode' }, b: { restart: 'quick', test_mode_percent: 1 } }).error)
      .to.equal('stage "test_mode": service b is a test mode but service a made it a quick restart');
  });

  it('a group\'s pipeline reads each service\'s daemon in the version', () => {
    const meta = { daemons: {
      site: { image: 'i', config: 'c', update: { restart: 'smooth', test_mode_percent: 10 } },
      migrate: { image: 'i', config: 'c', update: { mode: 'run-with-ack' } },
    } };
    const services = {
      site1: { service: 'site', servers: [], number_per_server: 1 },
      site2: { service: 'site', servers: [], number_per_server: 1 },
      migrations: { service: 'migrate', servers: [], number_per_server: 1 },
      worker: { service: 'worker', servers: [], number_per_server: 1 },
    };
    const r = logged(() => P.groupPipeline(meta, services));
    expect(r.value.pipeline.map((s) => [s.name, s.processes])).to.deep.equal([
      ['cmd_migrations', ['migrations']],
      ['test_mode', ['site1', 'site2']],
      ['quick_restart', ['worker']],
      ['smooth_restart', ['site1', 'site2']],
    ]);
    expect(r.log).to.include('service worker runs daemon worker which the version does not have; treating it as a quick restart');
    expect(P.groupPipeline({ daemons: [] }, []).pipeline).to.deep.equal([]);
  });

  it('validatePipeline checks what a state will carry', () => {
    expect(P.validatePipeline(P.derivePipeline({ a: { restart: 'smooth' } }).pipeline).ok).to.equal(true);
    expect(P.validatePipeline([{ name: 'done', kind: 'restart', forward_mode: 'time', backward_mode: 'time' }]).errors)
      .to.deep.equal(['.0.name: "done" is a reserved step name']);
  });
});
