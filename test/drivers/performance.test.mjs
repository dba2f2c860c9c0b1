// Pipelines are derived once per distinct pair of services and update
// configs: groups running the same services share them, and so do versions
// carrying the same configs, which is what keeps a role with many groups and
// versions inside verwalter's time budget.
import { expect } from 'chai';
import { T, gen, run, webVersion, T0, HOUR } from './helpers.mjs';

// `count` groups, each with services `web` and `bg` (or only `web` for the
// odd ones when `mixed`), on versions v1.0 .. v<versions>.0, all uploaded
// within the day so every version is kept and offered.
function big(count, versions, { mixed = false, badUpdate = false, warmupAt = 0 } = {}) {
  const runtime = {};
  for (let i = 1; i <= versions; i++) {
    const web = badUpdate ? { restart: 'sometimes' } : { restart: 'smooth' };
    if (i === warmupAt) web.warmup_sec = 99;
    runtime[`v${i}.0`] = {
      timestamp: (T0 - i * 60000) / 1000,
      daemons: {
        web: { image: `web.${i}`, config: '/c', update: web },
        bg: { image: `bg.${i}`, config: '/c', update: { restart: 'quick' } },
      },
    };
  }
  const groups = {};
  for (let g = 0; g < count; g++) {
    const services = { web: { service: 'web', servers: ['host1'], number_per_server: 1 } };
    if (!mixed || g % 2 === 0) services.bg = { service: 'bg', servers: ['host2'], number_per_server: 1 };
    groups[`g${g}`] = { version: 'v1.0', services };
  }
  return gen.input({ now: T0, runtime: { web: runtime }, parents: [{ state: { web: { groups } } }] });
}

describe('api driver: pipelines are derived once per (services, update configs)', () => {
  it('20 groups with the same services share one pipeline object, across versions with the same configs', () => {
    const r = run(big(20, 4, { warmupAt: 4 }));
    const info = r.schedule.roles.web.version_info;
    // The groups run v1.0: no update to it is offered.
    expect(info['v1.0'].group_pipelines).to.deep.equal({});
    for (const v of ['v2.0', 'v3.0', 'v4.0']) {
      const gp = info[v].group_pipelines;
      expect(Object.keys(gp)).to.have.length(20);
      for (let g = 1; g < 20; g++) expect(gp[`g${g}`], `${v} g${g}`).to.equal(gp.g0);
    }
    expect(info['v2.0'].group_pipelines.g0).to.equal(info['v3.0'].group_pipelines.g0);
    // v4.0's web warms up longer: a pipeline of its own.
    expect(info['v4.0'].group_pipelines.g0).to.not.equal(info['v3.0'].group_pipelines.g0);
    expect(info['v4.0'].group_pipelines.g0).to.not.deep.equal(info['v3.0'].group_pipelines.g0);
  });

  it('each distinct config is derived, and its problems logged, once', () => {
    // An unreadable update config is logged each time a pipeline is derived.
    const same = run(big(20, 3, { badUpdate: true }));
    expect(same.log.match(/can't classify service web, treating it as a quick restart, data:/g)).to.have.length(1);
    const mixed = run(big(20, 3, { badUpdate: true, mixed: true }));
    expect(mixed.log.match(/can't classify service web, treating it as a quick restart, data:/g)).to.have.length(2);
    const gp = mixed.schedule.roles.web.version_info['v2.0'].group_pipelines;
    expect(gp.g2).to.equal(gp.g0);
    expect(gp.g3).to.equal(gp.g1);
    expect(gp.g1).to.not.equal(gp.g0);
  });

  it('a pipeline shared by versions is the one each would get alone', () => {
    // v3.0 shares what was derived for v2.0; alone, v2.0 derives its own.
    const info = run(big(4, 3, { mixed: true })).schedule.roles.web.version_info;
    const alone = run(big(4, 2, { mixed: true })).schedule.roles.web.version_info['v2.0'].group_pipelines;
    expect(Object.keys(alone)).to.have.length(4);
    for (const v of ['v2.0', 'v3.0']) expect(info[v].group_pipelines).to.deep.equal(alone);
  });

  it('200 groups on 30 versions: two derivations serve all 5800 offers (timing lives in npm run bench)', () => {
    const r = run(big(200, 30, { mixed: true }));
    expect(r.schedule.roles.web.versions).to.have.length(30);
    expect(Object.keys(r.schedule.state.web.groups)).to.have.length(200);
    const distinct = new Set();
    let offers = 0;
    for (const info of Object.values(r.schedule.roles.web.version_info)) {
      for (const pipeline of Object.values(info.group_pipelines)) {
        distinct.add(pipeline);
        offers += 1;
      }
    }
    // Every group runs v1.0, so the 29 other versions are offered to all 200.
    expect(offers).to.equal(200 * 29);
    // One per services set (web + bg, web alone): the configs are the same.
    expect(distinct.size).to.equal(2);
  });
});

// An engine kept loaded between runs (a simulation) may hand the driver the
// same runtime objects again; what the driver remembers of them (the
// pipelines' keys, the images) must give what a new input would.
describe('api driver: the same runtime objects in another run', () => {
  it('give the result a copy of them gives, and a replaced version is read again', () => {
    const input = big(4, 3, { mixed: true });
    const copy = () => JSON.parse(JSON.stringify(input));
    expect(run(input)).to.deep.equal(run(copy()));
    expect(run(input)).to.deep.equal(run(copy()));
    // v3.0 uploaded again: other images, and its web warms up longer.
    const v3 = input.runtime.web['v3.0'];
    input.runtime.web['v3.0'] = { ...v3, daemons: { ...v3.daemons, web: { image: 'web.new', config: '/c', update: { restart: 'smooth', warmup_sec: 99 } } } };
    // And v1.0, which the groups run, with another image for bg.
    const v1 = input.runtime.web['v1.0'];
    input.runtime.web['v1.0'] = { ...v1, daemons: { ...v1.daemons, bg: { ...v1.daemons.bg, image: 'bg.new' } } };
    const after = run(input);
    expect(after).to.deep.equal(run(copy()));
    expect(after.schedule.roles.web.images).to.include('web.new');
    expect(after.schedule.nodes.host2.roles.web.daemons['g0-bg'].image).to.equal('bg.new');
    const info = after.schedule.roles.web.version_info;
    expect(info['v3.0'].group_pipelines.g0).to.not.deep.equal(info['v2.0'].group_pipelines.g0);
  });

  it('log a config\'s problem in every run', () => {
    const input = big(20, 3, { badUpdate: true });
    for (let i = 0; i < 3; i++) {
      expect(run(input).log.match(/can't classify service web, treating it as a quick restart, data:/g)).to.have.length(1);
    }
  });
});
