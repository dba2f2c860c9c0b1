import { expect } from 'chai';
import path from 'node:path';
import { checkScenario, readScenario, ScenarioError } from '../../../harness/simulate/scenario.mjs';
import { INPUT, rejection, removeDir, tempDir, writeCase } from '../helpers.mjs';
import { SCENARIOS, scenarioNames } from './helpers.mjs';

const FILE = '/scenarios/s.json';
const base = () => ({ start: { ...INPUT }, duration_ms: 60000 });

async function fieldOf(scenario, file = FILE) {
  const error = await rejection(checkScenario(scenario, file));
  expect(error).to.be.instanceOf(ScenarioError);
  return error;
}

describe('simulate: scenario files', function () {
  it('fills in the defaults and sorts events by time', async function () {
    const s = await checkScenario({ ...base(), actions: [{ at_ms: 20000, button: { a: 2 } }, { at_ms: 5000, button: { a: 1 } }] }, FILE);
    expect(s.tick_ms).to.equal(5000);
    expect(s.name).to.equal('s');
    expect(s.actions.map((a) => a.button.a)).to.deep.equal([1, 2]);
    expect(s.uploads).to.deep.equal([]);
  });

  const bad = {
    'an unknown field': [{ ...base(), tick: 5 }, 'tick', /unknown field/],
    'an unknown field in an action': [{ ...base(), actions: [{ at_ms: 0, button: {}, at: 1 }] }, 'actions[0].at', /unknown field/],
    'an action at a negative time': [{ ...base(), actions: [{ at_ms: -5, button: {} }] }, 'actions[0].at_ms', /must not be negative, got -5/],
    'an action after the end': [{ ...base(), actions: [{ at_ms: 60001, button: {} }] }, 'actions[0].at_ms', /after the end/],
    'a missing starting input': [{ duration_ms: 1000 }, 'start', /missing/],
    'a duration that is not a number': [{ ...base(), duration_ms: '1h' }, 'duration_ms', /must be a number of milliseconds, got "1h"/],
    'a missing duration': [{ start: {} }, 'duration_ms', /missing/],
    'a tick of 0': [{ ...base(), tick_ms: 0 }, 'tick_ms', /must be at least 1, got 0$/],
    'a tick of half a millisecond': [{ ...base(), tick_ms: 0.5 }, 'tick_ms', /must be at least 1, got 0.5$/],
    'an action at a fractional time': [{ ...base(), actions: [{ at_ms: 2.5, button: {} }] }, 'actions[0].at_ms', /must be a whole number of milliseconds, got 2.5$/],
    // Ticks at 0, 5000 and 10000: nothing would inject a press at 11000.
    'an action after the last tick': [
      { ...base(), duration_ms: 12000, actions: [{ at_ms: 0, button: {} }, { at_ms: 11000, button: {} }] },
      'actions[1].at_ms',
      /11000 is after the last tick, at 10000 \(ticks every 5000 ms up to duration_ms 12000\): it would never be injected$/,
    ],
    'an upload after the last tick': [
      { ...base(), tick_ms: 7000, uploads: [{ at_ms: 59000, role: 'r', version: 'v1', metadata: {} }] },
      'uploads[0].at_ms',
      /59000 is after the last tick, at 56000/,
    ],
    // Both are injected at tick 2 (10000); the later of the two is named.
    'two split brains due in the same tick': [
      { ...base(), split_brain: [{ at_ms: 10000, leader: 'gamma' }, { at_ms: 6000, leader: 'beta' }] },
      'split_brain[0].at_ms',
      /due at the same tick as split_brain\[1\] \(tick 2, at 10000\): a tick runs one split brain at most$/,
    ],
    'an upload without metadata': [{ ...base(), uploads: [{ at_ms: 0, role: 'r', version: 'v1' }] }, 'uploads[0].metadata', /must be an object/],
    'a peer event with neither lost nor back': [{ ...base(), peers: [{ at_ms: 0 }] }, 'peers[0]', /exactly one of lost/],
    'a split brain without a leader': [{ ...base(), split_brain: [{ at_ms: 0 }] }, 'split_brain[0].leader', /non-empty string/],
    'a start input whose now is a string': [{ ...base(), start: { now: 'soon' } }, 'start.now', /must be a number/],
    // Action ids are start.now + at_ms, and verwalter's are u64 decimals.
    'a negative start.now': [{ ...base(), start: { now: -5 } }, 'start.now', /must not be negative, got -5$/],
    'a fractional start.now': [{ ...base(), start: { now: 1700000000000.5 } }, 'start.now', /must be a whole number of milliseconds, got 1700000000000.5$/],
    'an action whose refused is not a boolean': [{ ...base(), actions: [{ at_ms: 0, button: {}, refused: 'yes' }] }, 'actions[0].refused', /must be true or false, got "yes"$/],
    'an expectation with neither version nor step': [{ ...base(), expect: [{ at_ms: 0, role: 'r', group: 'g' }] }, 'expect[0]', /needs version .*, step .* or both$/],
    'an expectation without a role': [{ ...base(), expect: [{ at_ms: 0, group: 'g', step: null }] }, 'expect[0].role', /must be a non-empty string, got nothing$/],
    'an expectation with an empty group': [{ ...base(), expect: [{ at_ms: 0, role: 'r', group: '', step: null }] }, 'expect[0].group', /must be a non-empty string, got ""$/],
    'an expectation whose step is a number': [{ ...base(), expect: [{ at_ms: 0, role: 'r', group: 'g', step: 3 }] }, 'expect[0].step', /must be a step name or null \(no update running\), got number 3$/],
    'an expectation whose version is null': [{ ...base(), expect: [{ at_ms: 0, role: 'r', group: 'g', version: null }] }, 'expect[0].version', /must be a non-empty string, got null$/],
    'an expectation at a fractional time': [{ ...base(), expect: [{ at_ms: 0.5, role: 'r', group: 'g', step: null }] }, 'expect[0].at_ms', /must be a whole number of milliseconds, got 0.5$/],
    'an expectation after the last tick': [
      { ...base(), duration_ms: 12000, expect: [{ at_ms: 11000, role: 'r', group: 'g', step: null }] },
      'expect[0].at_ms',
      /11000 is after the last tick, at 10000 \(ticks every 5000 ms up to duration_ms 12000\): it would never be checked$/,
    ],
    'an expectation with an unknown field': [{ ...base(), expect: [{ at_ms: 0, role: 'r', group: 'g', state: 'done' }] }, 'expect[0].state', /unknown field \(known: at_ms, role, group, version, step\)$/],
    'expectations that are not a list': [{ ...base(), expect: {} }, 'expect', /must be a list, got object \{\}$/],
    // The timeline and the report write the start as a Date.
    'a start.now past the Date range': [
      { ...base(), start: { now: 8.64e15 + 1 } },
      'start.now',
      /must be at most 8639999999940000 \(the last time a Date can hold, 8640000000000000, less duration_ms\), got 8640000000000001$/,
    ],
  };
  for (const [what, [scenario, field, message]] of Object.entries(bad)) {
    it(`names the field for ${what}`, async function () {
      const error = await fieldOf(scenario);
      expect(error.field).to.equal(field);
      expect(error.message).to.match(message);
      expect(error.message.startsWith(`${FILE}: ${field}: `)).to.equal(true);
    });
  }

  it('accepts events up to the last tick, one split brain per tick, and a run that ends at the last Date', async function () {
    const s = await checkScenario(
      {
        ...base(),
        start: { now: 8.64e15 - 12000 },
        duration_ms: 12000,
        actions: [{ at_ms: 10000, button: {} }],
        split_brain: [{ at_ms: 5000, leader: 'beta' }, { at_ms: 6000, leader: 'gamma' }],
      },
      FILE,
    );
    expect(s.split_brain.map((x) => x.leader)).to.deep.equal(['beta', 'gamma']);
  });

  it('keeps expectations (step null included) and refused presses, sorted by time', async function () {
    const s = await checkScenario(
      { ...base(), actions: [{ at_ms: 0, button: {}, refused: true }], expect: [{ at_ms: 9000, role: 'r', group: 'g', version: 'v2' }, { at_ms: 0, role: 'r', group: 'g', step: null }] },
      FILE,
    );
    expect(s.actions[0].refused).to.equal(true);
    expect(s.expect).to.deep.equal([
      { at_ms: 0, role: 'r', group: 'g', step: null, index: 1 },
      { at_ms: 9000, role: 'r', group: 'g', version: 'v2', index: 0 },
    ]);
  });

  it('reads the start from an input.json or a case directory, relative to the scenario', async function () {
    const dir = await tempDir();
    try {
      await writeCase(path.join(dir, 'case'), { 'input.json': { ...INPUT, now: 42 } });
      const file = path.join(dir, 's.json');
      expect((await checkScenario({ start: 'case', duration_ms: 0 }, file)).start.now).to.equal(42);
      expect((await checkScenario({ start: 'case/input.json', duration_ms: 0 }, file)).start.now).to.equal(42);
      const missing = await fieldOf({ start: 'nowhere', duration_ms: 0 }, file);
      expect(missing.field).to.equal('start');
      expect(missing.message).to.include('nowhere: no such file or case directory');
    } finally {
      await removeDir(dir);
    }
  });

  it('reports a file that is not JSON with its position', async function () {
    const dir = await tempDir();
    try {
      await writeCase(dir, { 's.json': '{"start": {}, "duration_ms": 1,,}' });
      const error = await rejection(readScenario(path.join(dir, 's.json')));
      expect(error).to.be.instanceOf(ScenarioError);
      expect(error.message).to.match(/s\.json: \(file\): .*1:\d+: invalid JSON/);
    } finally {
      await removeDir(dir);
    }
  });

  it('accepts every example scenario', async function () {
    expect(scenarioNames()).to.have.length.of.at.least(7);
    for (const name of scenarioNames()) await readScenario(path.join(SCENARIOS, `${name}.json`));
  });
});
