// scheduler.wasm against verwalter 0.13.4's wasm interface: its exports and
// imports, the WebAssembly MVP, the harness's results on every recording
// through verwalter's call sequence, and failures that stay inside.
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wabt from 'wabt';
import { describeModule, withPayload } from '../../harness/wasm/binary.mjs';
import { WasmScheduler } from '../../harness/wasm/host.mjs';
import { buildModule, ENGINE_FILE, payloadOf, templateCompiler } from '../../harness/wasm/build.mjs';
import { sortKeys } from '../../harness/json.mjs';
import { loadScheduler } from '../../harness/index.mjs';
import { EXAMPLE, RECORDINGS, fixture, harnessRun, hostFor, moduleOf, recording, sorted } from './helpers.mjs';

const MVP = {
  mutable_globals: false, sat_float_to_int: false, sign_extension: false, simd: false, multi_value: false,
  bulk_memory: false, reference_types: false, threads: false, tail_call: false, exceptions: false,
  annotations: false, gc: false, memory64: false, extended_const: false, relaxed_simd: false,
};

describe('scheduler.wasm: the interface', function () {
  this.timeout(60000);

  for (const [what, bytes] of [['the engine template', () => readFileSync(ENGINE_FILE)], ['a built scheduler', () => moduleOf(EXAMPLE)]]) {
    it(`${what} exports exactly memory, alloc, dealloc and scheduler, and imports only env.log_panic`, () => {
      const { exports, imports } = describeModule(bytes());
      expect(exports.map((e) => `${e.kind} ${e.name}`).sort()).to.deep.equal(['function alloc', 'function dealloc', 'function scheduler', 'memory memory']);
      expect(imports).to.deep.equal([{ module: 'env', name: 'log_panic', kind: 'function', type: { params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: [] } }]);
    });

    it(`${what} validates with every post-MVP feature switched off`, async () => {
      const w = await wabt();
      const module = w.readWasm(bytes(), MVP);
      try {
        module.validate();
      } finally {
        module.destroy();
      }
    });
  }

  it('the MVP check refuses a post-MVP instruction (sign extension)', async () => {
    const w = await wabt();
    const source = w.parseWat('t.wat', '(module (func (param i32) (result i32) local.get 0 i32.extend8_s))', { sign_extension: true });
    const { buffer } = source.toBinary({});
    source.destroy();
    // wabt refuses it as it reads the binary (or, for other features, when validating).
    expect(() => {
      const module = w.readWasm(buffer, MVP);
      try {
        module.validate();
      } finally {
        module.destroy();
      }
    }).to.throw(/0xc0|extend8_s|sign/i);
  });

  it('the exported functions have the signatures verwalter calls', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleOf(EXAMPLE)), { env: { log_panic() {} } });
    expect(instance.exports.alloc.length).to.equal(1);
    expect(instance.exports.dealloc.length).to.equal(1);
    expect(instance.exports.scheduler.length).to.equal(2);
    expect(instance.exports.memory).to.be.instanceOf(WebAssembly.Memory);
  });
});

describe('scheduler.wasm: the harness\'s results', function () {
  this.timeout(120000);
  const cases = readdirSync(RECORDINGS).sort();

  it(`gives the harness's schedule, answers and log on all ${cases.length} recordings, one instance kept throughout`, async () => {
    const host = hostFor(EXAMPLE);
    const harness = await loadScheduler(EXAMPLE);
    try {
      for (const name of cases) {
        const input = recording(name);
        const expected = await harness.run(input);
        const actual = host.call(input);
        expect(sorted(actual.schedule), name).to.equal(sorted(expected.schedule));
        expect(sorted(actual.actions), name).to.equal(sorted(expected.actions));
        expect(actual.log, name).to.equal(expected.log);
      }
    } finally {
      harness.dispose();
    }
    expect(host.instances).to.equal(1);
    expect(cases.length).to.be.at.least(22);
  });

  it('gives the harness\'s Date, seeded Math.random, console and require', async () => {
    const input = { now: 1234567, peers: { a: { hostname: 'alpha' }, b: { hostname: 'beta' } }, current_host: 'alpha' };
    const expected = await harnessRun(fixture('good'), input);
    const actual = hostFor(fixture('good')).call(input);
    expect(actual.schedule).to.deep.equal(expected.schedule);
    expect(actual.log).to.equal(expected.log);
    expect(actual.schedule.now).to.equal(1234567);
  });

  it('writes the answer as QuickJS\'s own JSON.stringify does, member order, toJSON, dates, boxed values and __proto__ included', async () => {
    // The fixture logs JSON.stringify(schedule), made by the engine itself.
    const input = { now: 0, peers: {} };
    const host = hostFor(fixture('awkward-schedule'));
    const result = host.call(input);
    expect(result.text.startsWith(`{"schedule":${result.log},"log":`)).to.equal(true);
    expect(JSON.stringify(result.schedule)).to.equal(JSON.stringify((await harnessRun(fixture('awkward-schedule'), input)).schedule));
    expect(host.call({ now: 0, toJSON: true }).schedule).to.deep.equal({ whole: true });
    // Written as JSON.stringify writes it; verwalter then finds no object there.
    expect(host.call({ now: 0, boxed: true }).schedule).to.equal(1);
    const cyclic = hostFor(fixture('cyclic-result')).call(input);
    expect(cyclic.schedule).to.equal(null);
    expect(cyclic.log).to.equal('cyclic\nscheduler.wasm: invalid return value: the result cannot be serialized as JSON: circular reference\n');
  });

  it('strips the world to ES5.1 as the harness does', async () => {
    const expressions = ['Map', 'Promise', 'Symbol', 'Object.assign', 'Array.prototype.find', 'Math.imul', 'JSON.parse', 'Array.prototype.map'];
    const input = { now: 0, expressions };
    const expected = await harnessRun(fixture('globals'), input);
    const actual = hostFor(fixture('globals')).call(input);
    expect(actual.schedule).to.deep.equal(expected.schedule);
    expect(actual.schedule.present).to.deep.equal({ ...Object.fromEntries(expressions.map((e) => [e, false])), 'JSON.parse': true, 'Array.prototype.map': true });
  });
});

describe('scheduler.wasm: failures stay inside', function () {
  this.timeout(120000);
  const input = recording('04-start-update');

  it('a scheduler that throws gives schedule null and the error with file and line; the instance lives on', () => {
    const host = hostFor(fixture('throws'));
    const result = host.call({ now: 0 });
    expect(result.schedule).to.equal(null);
    expect(result.log).to.match(/^checking\n\nUncaught TypeError: input has no peers\n\s+at .*\(lib\/check\.js:3\)/);
    expect(host.call({ now: 0, peers: {} }).schedule).to.deep.equal({});
    expect(host.instances).to.equal(1);
  });

  it('running out of memory gives schedule null, never a trap', () => {
    const host = hostFor(fixture('alloc-bomb'), { memoryBytes: 32 * 1024 * 1024, budget: 0 });
    const result = host.call(input);
    expect(result.schedule).to.equal(null);
    expect(result.log).to.include('Uncaught InternalError: out of memory');
    expect(host.call(input).log).to.include('out of memory');
    expect(host.instances).to.equal(1);
  });

  it('deep recursion gives schedule null with a stack overflow, never a trap', () => {
    const host = hostFor(fixture('recursion'));
    const result = host.call(input);
    expect(result.schedule).to.equal(null);
    expect(result.log).to.match(/Uncaught InternalError: stack overflow\n\s+at descend \(main\.js:2\)/);
    expect(host.instances).to.equal(1);
  });

  it('an endless loop is stopped by the work budget, naming the budget and the cluster\'s size', () => {
    const host = hostFor(fixture('endless'), { budget: 200 });
    const result = host.call(input);
    expect(result.schedule).to.equal(null);
    expect(result.log).to.match(/scheduler\.wasm: over budget: the run was stopped after \d+ units of work, its budget being 200 .*an input of \d+ bytes, 1 projects, 3 peers/);
    // The next run starts a fresh count.
    expect(host.call(input).log).to.include('over budget');
    expect(host.instances).to.equal(1);
  });

  it('a load stopped by the budget starts the engine afresh: no half-loaded module is kept', () => {
    const host = hostFor(fixture('endless-load'), { budget: 200 });
    for (let i = 0; i < 3; i++) {
      const result = host.call({ now: 0 });
      expect(result.schedule).to.equal(null);
      expect(result.log, `run ${i}`).to.match(/^scheduler\.wasm: over budget: the run was stopped after \d+ units of work, its budget being 200/);
    }
    expect(host.instances).to.equal(1);
  });

  it('a run refused for the size of its input succeeds when verwalter runs it again: what it read stays', () => {
    const host = hostFor(EXAMPLE, { budget: 1000 });
    const big = recording('04-start-update');
    big.metrics = { filler: Array.from({ length: 6000 }, (_, i) => `metric number ${i} ${'x'.repeat(80)}`) };
    const refused = host.call(big);
    expect(refused.schedule).to.equal(null);
    expect(refused.log).to.match(/^scheduler\.wasm: over budget: the input alone counts \d+ units of work, its budget being 1000/);
    const again = host.call(big);
    expect(again.schedule, again.log).to.be.an('object');
    expect(sorted(again.schedule)).to.equal(sorted(hostFor(EXAMPLE).call(big).schedule));
    expect(host.lastWork.parsed).to.be.below(100);
  });

  it('what verwalter would never send is refused with schedule null, never a trap', () => {
    const host = hostFor(EXAMPLE);
    const reason = (text) => {
      const result = host.call(text);
      expect(result.schedule).to.equal(null);
      return result.log;
    };
    expect(reason('{"now": 1, ')).to.match(/^scheduler\.wasm: input refused: not JSON/);
    expect(reason('[1, 2]')).to.equal('scheduler.wasm: input refused: the input is not a JSON object\n');
    expect(reason('{"now": "soon"}')).to.include('input.now must be a number');
    expect(reason('{"now": 1, "actions": {"1.5": {}}}')).to.include('action id "1.5" is not a decimal number');
    expect(reason('{"now": 1, "actions": {" 12 ": {}}}')).to.include('action id " 12 " is not a decimal number');
    expect(host.instances).to.equal(1);
    expect(host.call(input).schedule).to.be.an('object');
  });

  it('takes a 10 MB input without a budget, and refuses it at once with the default one', () => {
    const big = recording('04-start-update');
    big.metrics = { filler: Array.from({ length: 100000 }, (_, i) => `metric number ${i} ${'x'.repeat(80)}`) };
    expect(JSON.stringify(big).length).to.be.above(10 * 1000 * 1000);
    const unlimited = hostFor(EXAMPLE, { budget: 0 });
    const result = unlimited.call(big);
    expect(result.schedule).to.be.an('object');
    expect(sorted(result.schedule)).to.equal(sorted(unlimited.call(input).schedule));
    // In wasmi such an input alone would take far longer than verwalter's alarm.
    const budgeted = hostFor(EXAMPLE);
    const refused = budgeted.call(big);
    expect(refused.schedule).to.equal(null);
    expect(refused.log).to.match(/^scheduler\.wasm: over budget: the input alone counts \d+ units of work, its budget being \d+ .*an input of \d+ bytes\n$/);
    expect(budgeted.call(input).schedule).to.be.an('object');
  });

  it('200 runs in one instance keep its memory flat', () => {
    const host = hostFor(EXAMPLE);
    let next = recording('09-smooth-restart-substep');
    const sizes = [];
    for (let i = 0; i < 200; i++) {
      const result = host.call(next);
      expect(result.schedule, `run ${i}`).to.be.an('object');
      next = { ...next, now: next.now + 5000, parents: [result.schedule] };
      if (i === 49 || i === 199) sizes.push(host.memoryBytes);
    }
    expect(sizes[1]).to.equal(sizes[0]);
    expect(host.instances).to.equal(1);
  });

  it('after a trap the next call gets a fresh instance that works', () => {
    const host = hostFor(EXAMPLE);
    expect(host.call(input).schedule).to.be.an('object');
    // alloc traps on a length it cannot allocate; verwalter then marks the instance failed.
    const { trap } = host.invoke('alloc', -1);
    expect(trap).to.be.instanceOf(WebAssembly.RuntimeError);
    expect(host.failed).to.equal(true);
    expect(host.panics.join('\n')).to.match(/Scheduler panicked at "glue\.c":\d+: "alloc: a negative length"/);
    const result = host.call(input);
    expect(result.schedule).to.be.an('object');
    expect(host.instances).to.equal(2);
  });

  it('the host reads one JSON value at the pointer, as serde_json\'s stream reader does', () => {
    const host = new WasmScheduler(moduleOf(EXAMPLE));
    const result = host.call(input);
    expect(result.text.startsWith('{"schedule":')).to.equal(true);
    expect(() => JSON.parse(result.text)).not.to.throw();
  });
});

describe('scheduler.wasm: reading the input', function () {
  this.timeout(120000);
  const t = { cleanup: [] };
  after(() => t.cleanup.forEach((f) => f()));
  // Hands its input back, so the answer shows the value the module read.
  function echoDir(source = 'exports.scheduler = function (input) { return { schedule: { input: input }, log: "" }; };\n') {
    const dir = mkdtempSync(path.join(tmpdir(), 'vwt-echo-'));
    t.cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'main.js'), source);
    return dir;
  }

  it('reads every input as JSON.parse does, whatever it kept from the last one', () => {
    const host = new WasmScheduler(buildModule(echoDir(), { budget: 0 }).bytes);
    const base = recording('09-smooth-restart-substep');
    const pad = 'x'.repeat(600);
    // Each text follows the one before in the same instance.
    const texts = [
      JSON.stringify(sortKeys(base)),
      JSON.stringify(sortKeys({ ...base, now: base.now + 5000 })),
      JSON.stringify(sortKeys({ ...base, runtime: { ...base.runtime, extra: { pad, b: [1, 2, { c: pad }] } } })),
      JSON.stringify(sortKeys({ ...base, runtime: { ...base.runtime, extra: { pad, b: [1, 2, { c: pad, d: 1 }] } } })),
      JSON.stringify(sortKeys({ ...base, runtime: { ...base.runtime, extra: { pad, b: [1, { c: pad, d: 1 }] } } })),
      // Not as verwalter writes: unsorted, escaped, repeated and numeric keys, odd numbers.
      JSON.stringify({ ...base, runtime: { z: { pad, a: 1 }, a: { pad, '9': 1, '10': 2 } } }),
      JSON.stringify({ ...base, runtime: { z: { pad, a: 2 }, a: { pad, '9': 1, '10': 2 } } }).replace('"z":', '"\\u007a":'),
      `{"now": 1, "runtime": {"a": {"p": "${pad}", "k": 1, "k": 2}}, "peers": {"h\u00e9": {"n": 1e21, "m": -0.0, "s": "\\ud800"}}}`,
      `{"now": 1, "runtime": {"a": {"p": "${pad}", "k": 1, "k": 3}}, "peers": {"h\u00e9": {"n": 1E+21, "m": -0, "s": "\\ud800"}}}`,
      JSON.stringify(sortKeys(base)),
      ' \n' + JSON.stringify(sortKeys(base)) + '\n ',
    ];
    for (const [i, text] of texts.entries()) {
      const result = host.call(text);
      expect(result.schedule, `text ${i}: ${result.log}`).to.be.an('object');
      expect(JSON.stringify(result.schedule.input), `text ${i}`).to.equal(JSON.stringify(JSON.parse(text)));
    }
    expect(host.instances).to.equal(1);
  });

  it('a harness build (--engine wasm) fails a run that changes its input', async () => {
    const dir = echoDir('exports.scheduler = function (input) { input.peers.alpha = 1; return { schedule: {}, log: "" }; };\n');
    const scheduler = await loadScheduler(dir, { engine: 'wasm' });
    const error = await scheduler.run({ now: 0, peers: { beta: 2 } }).catch((e) => e);
    expect(error.name).to.equal('InvalidResultError');
    expect(error.message).to.match(/^the scheduler changed its input, at \.\.\..*"peers":\{"beta":2 \(was "\}/);
    // A deployed build does not pay for the check.
    expect(new WasmScheduler(buildModule(dir).bytes).call({ now: 0, peers: {} }).schedule).to.deep.equal({});
  });
});

describe('scheduler.wasm: an engine fault', function () {
  it('a boot that cannot start is reported in the log as JSON, never a trap, and tried again', () => {
    const template = readFileSync(ENGINE_FILE);
    const compile = templateCompiler(template);
    const boot = compile('<harness>', '(function () { throw new Error("boot \\"broken\\"\\n\\ttab"); })');
    const bytes = withPayload(template, payloadOf([boot]), { memory_limit: 64 << 20, budget: 0, stack_limit: 256 << 10, parsed_per_unit: 375, units_per_check: 80, written_per_unit: 450 });
    const host = new WasmScheduler(bytes);
    for (let i = 0; i < 2; i++) {
      const result = host.call({ now: 0 });
      expect(result.schedule).to.equal(null);
      expect(result.log).to.equal('scheduler.wasm: the engine could not start: Error: boot "broken"\n\ttab\n');
    }
    expect(host.instances).to.equal(1);
  });
});
