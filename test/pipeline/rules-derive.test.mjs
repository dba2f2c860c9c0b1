// derivePipeline, validation and current(), rule by rule: the implied
// orderings, merged stages, and the shapes states and configs may take.
import { expect } from 'chai';
import { P } from './helpers.mjs';

const names = (configs) => {
  const r = P.derivePipeline(configs);
  if (r.pipeline === null) throw new Error(r.error);
  return r.pipeline.map((s) => s.name);
};

describe('pipeline derive rules: implied orderings', () => {
  it('a quick restart goes before the smooth restart, even when that is not the natural order', () => {
    // quick_restart waits for zsmooth (which sorts after smooth_restart):
    // the smooth restart waits for both.
    expect(names({
      web: { restart: 'smooth' }, z: { restart: 'smooth', stage: 'zsmooth' }, q: { restart: 'quick', after: ['zsmooth'] },
    })).to.deep.equal(['zsmooth', 'quick_restart', 'smooth_restart']);
  });

  it('only the stage named quick_restart goes before the smooth restart by default', () => {
    expect(names({
      web: { restart: 'smooth' }, z: { restart: 'smooth', stage: 'zsmooth' }, l: { restart: 'quick', stage: 'late', after: ['zsmooth'] },
    })).to.deep.equal(['smooth_restart', 'zsmooth', 'late']);
  });

  it('test mode goes before the quick restart by default, and takes its service\'s after', () => {
    expect(names({
      t: { restart: 'smooth', test_mode_percent: 10, after: ['zz'] }, q: { restart: 'quick' }, zz: { restart: 'quick', stage: 'zz' },
    })).to.deep.equal(['zz', 'test_mode', 'quick_restart', 'smooth_restart']);
  });

  it('test mode goes before the smooth restart by default', () => {
    expect(names({
      t: { restart: 'quick', stage: 'tq', test_mode_percent: 10, after: ['zs'] }, s: { restart: 'smooth' }, zs: { restart: 'smooth', stage: 'zs' },
    })).to.deep.equal(['zs', 'test_mode', 'tq', 'smooth_restart']);
  });

  it('before test mode means before both restarts, with no test mode at all', () => {
    expect(names({
      z: { restart: 'smooth', stage: 'zlate', before: ['test_mode'] }, q: { restart: 'quick' }, s: { restart: 'smooth' },
    })).to.deep.equal(['zlate', 'quick_restart', 'smooth_restart']);
  });

  it('before another stage implies nothing about the restarts', () => {
    expect(names({
      z: { restart: 'smooth', stage: 'zlate', before: ['nothing'] }, q: { restart: 'quick' }, s: { restart: 'smooth' },
    })).to.deep.equal(['quick_restart', 'smooth_restart', 'zlate']);
  });

  it('implied orderings that conflict are taken in name order, not service order', () => {
    // zs->quick and ys->smooth can't both hold (quick is before ys, smooth
    // before zs); ys's comes first by name although service a made zs's.
    const configs = {
      a: { restart: 'quick', stage: 'zs', before: ['test_mode'] },
      b: { restart: 'quick', stage: 'ys', before: ['test_mode'] },
      q: { restart: 'quick', before: ['ys'] },
      s: { restart: 'smooth', before: ['zs'] },
    };
    expect(names(configs)).to.deep.equal(['quick_restart', 'ys', 'smooth_restart', 'zs']);
  });
});

describe('pipeline derive rules: merged stages and errors', () => {
  it('a smooth stage takes the most substeps of its services, whichever comes first', () => {
    const a = P.derivePipeline({ a: { restart: 'smooth', smooth_substeps: 2, warmup_sec: 1 }, b: { restart: 'smooth', smooth_substeps: 5, warmup_sec: 1 } });
    expect(a.pipeline[0]).to.include({ substeps: 5, forward_time: 5, backward_time: 5 });
    const b = P.derivePipeline({ a: { restart: 'smooth', smooth_substeps: 5, warmup_sec: 1 }, b: { restart: 'smooth', smooth_substeps: 2, warmup_sec: 1 } });
    expect(b.pipeline[0]).to.include({ substeps: 5, forward_time: 5, backward_time: 5 });
  });

  it('a command stage clash names both services\' modes, downgrade included', () => {
    const r = P.derivePipeline({ j1: { mode: 'skip', stage: 'cmd', downgrade_mode: 'skip' }, j2: { mode: 'skip', stage: 'cmd' } });
    expect(r).to.deep.equal({
      pipeline: null,
      error: 'stage "cmd": service j2 is a run-once command (skip) but service j1 made it a run-once command (skip, downgrade skip)',
    });
  });

  it('several clashes are all reported', () => {
    const r = P.derivePipeline({
      a: { mode: 'skip', stage: 'x' }, b: { restart: 'quick', stage: 'x' }, c: { mode: 'skip', stage: 'y' }, d: { restart: 'smooth', stage: 'y' },
    });
    expect(r.error).to.equal('stage "x": service b is a quick restart but service a made it a run-once command (skip); ' +
      'stage "y": service d is a smooth restart but service c made it a run-once command (skip)');
  });

  it('configs that are not an object are an error', () => {
    expect(P.derivePipeline('web')).to.deep.equal({ pipeline: null, error: 'update configs are not an object' });
  });

  it('group services that are not an object are an error', () => {
    expect(P.groupPipeline({ daemons: {} }, 'web')).to.deep.equal({ pipeline: null, error: 'group services are not an object' });
  });

  it('a stage time past what a number holds gives no pipeline rather than one a state would reject', () => {
    // 1e308 s is a valid warmup; ten substeps of it are not a time.
    expect(P.derivePipeline({ a: { restart: 'smooth', warmup_sec: 1e308, smooth_substeps: 10 } })).to.deep.equal({
      pipeline: null,
      error: 'derived pipeline is invalid: .0.backward_time: Value is not a finite number, but Infinity; .0.forward_time: Value is not a finite number, but Infinity',
    });
  });

  it('a null config is an empty one', () => {
    expect(P.validateConfig({ a: null })).to.deep.equal({
      ok: true, errors: [], value: { a: { restart: 'quick', warmup_sec: 5, test_mode_percent: 0, smooth_substeps: 10 } },
    });
  });
});

const stage = (name, extra = {}) => ({
  name, kind: 'restart', processes: ['web'],
  forward_mode: 'time', forward_time: 1, backward_mode: 'time', backward_time: 1, ...extra,
});

function state(pipeline, step, extra = {}) {
  return {
    pipeline, source_ver: 'v1', source_extra: {}, target_ver: 'v2', target_extra: {},
    step, direction: 'forward', start_ts: 0, step_ts: 1000, change_ts: 1000, auto: false, ...extra,
  };
}

describe('pipeline validation rules', () => {
  it('a stage name twice is an error', () => {
    const r = P.validatePipeline([stage('a'), stage('b'), stage('a')]);
    expect(r.ok).to.equal(false);
    expect(r.errors).to.deep.equal(['.2.name: Stage "a" appears twice']);
  });

  it('a stage reverting smoothly needs substeps', () => {
    expect(P.validatePipeline([stage('a', { backward_mode: 'smooth' })]).errors).to.deep.equal(['.0.substeps: Required by smooth mode']);
  });

  it('a smooth step past the stage\'s substeps is an error saying so', () => {
    const r = P.validateState(state([stage('s', { kind: 'smooth', forward_mode: 'smooth', backward_mode: 'smooth', substeps: 3 })], 's', { smooth_step: 4 }));
    expect(r.errors).to.deep.equal(['.smooth_step: Value must be at most 3 (the substeps of s), but is 4']);
  });

  it('a smooth step is a whole number', () => {
    const r = P.validateState(state([stage('s', { kind: 'smooth', forward_mode: 'smooth', backward_mode: 'smooth', substeps: 3 })], 's', { smooth_step: 1.5 }));
    expect(r.ok).to.equal(false);
  });

  it('the versions\' extras may hold anything', () => {
    const r = P.validateState(state([stage('a')], 'a', { source_extra: { build: 7 }, target_extra: { build: 8 } }));
    expect(r.ok).to.equal(true);
    expect(r.value).to.deep.include({ source_extra: { build: 7 }, target_extra: { build: 8 } });
  });

  it('a version that is not a string is named by its type', () => {
    expect(P.validateState(state([stage('a')], 'a', { source_ver: 5 })).errors)
      .to.deep.equal(['.source_ver: Value is not a version name, but number']);
  });
});

describe('pipeline validation rules: what a failed value keeps', () => {
  it('a version or stage name that is no name is left out of the cleaned value', () => {
    expect(P.validateState(state([stage('a')], 'a', { source_ver: 5 })).value).to.not.have.property('source_ver');
    const r = P.validatePipeline([stage(5)]);
    expect(r.errors).to.deep.equal(['.0.name: Value is not a stage name, but number']);
    expect(r.value[0]).to.not.have.property('name');
  });
});

describe('pipeline current() rules', () => {
  it('a process restarted before its test mode runs the target until then', () => {
    const pipe = [stage('quick_restart'), stage('x', { processes: ['db'] }),
      stage('test_mode', { kind: 'test_mode', forward_mode: 'manual', test_mode_percent: { web: 10 } })];
    expect(P.current(state(pipe, 'x'))).to.deep.equal({ web: { v2: 100 }, db: { v2: 100 } });
  });

  it('a command does not run while its stage is walked back through or skipped', () => {
    const cmd = stage('cmd', { kind: 'run_once', processes: ['migrate'], forward_mode: 'ack', backward_mode: 'skip' });
    const pipe = [cmd, stage('r')];
    expect(P.current(state(pipe, 'cmd'))).to.deep.equal({ migrate: { v2: 100 }, web: { v1: 100 } });
    expect(P.current(state(pipe, 'cmd', { direction: 'backward' }))).to.deep.equal({ migrate: {}, web: { v1: 100 } });
    const skipped = [{ ...cmd, forward_mode: 'skip' }, stage('r')];
    expect(P.current(state(skipped, 'cmd', { direction: 'pause' }))).to.deep.equal({ migrate: {}, web: { v1: 100 } });
  });
});
