import { expect } from 'chai';
import {
  OutOfMemoryError,
  StackOverflowError,
  TimeoutError,
  loadScheduler,
} from '../../harness/index.mjs';
import { failureError } from '../../harness/engine/failure.mjs';
import { DEFAULT_OPTIONS, normalizeOptions } from '../../harness/engine/options.mjs';
import { openSession } from '../../harness/engine/session.mjs';
import { directoryModules } from '../../harness/engine/loader.mjs';
import { GRACE_MS, inEngineThread, startEngineThread } from '../../harness/engine/thread.mjs';
import { fixture, INPUT, rejection } from './helpers.mjs';

const MiB = 1024 * 1024;

// After every limit: the Node process is fine and a good scheduler still runs.
async function goodStillRuns() {
  const scheduler = await loadScheduler(fixture('good'));
  expect((await scheduler.run(INPUT)).schedule.hosts).to.deep.equal(['alpha', 'beta']);
}

describe('harness limits', function () {
  // Limits are checked by their outcome, never by the wall clock: a run that
  // is not stopped never ends, and the test's own timeout fails it.
  it('interrupts an endless loop at its budget', async function () {
    const scheduler = await loadScheduler(fixture('endless'), { timeoutMs: 300 });
    const error = await rejection(scheduler.run(INPUT));
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.include({ timeoutMs: 300, log: 'about to loop\n' });
    expect(error.message).to.include('time budget of 300 ms');
    await goodStillRuns();
  });

  it('interrupts an endless loop at load time too, at the load budget', async function () {
    const error = await rejection(loadScheduler(fixture('endless-load'), { loadTimeoutMs: 200 }));
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.include({ timeoutMs: 200 });
    expect(error.message).to.equal('loading the scheduler exceeded its load time budget of 200 ms (loadTimeoutMs, --load-timeout; verwalter allows loading 10 s)');
    await goodStillRuns();
  });

  it('lets the engine thread go after a run whose heap grew large, so that its memory is freed at once', async function () {
    const big = await loadScheduler(fixture('big-heap'), { memoryBytes: 512 * MiB });
    const small = await loadScheduler(fixture('good'));
    const thread = startEngineThread();
    await small.run(INPUT);
    expect(startEngineThread()).to.equal(thread);
    expect((await big.run(INPUT)).schedule.held).to.equal(160);
    expect(thread.dead).to.equal(true);
    expect(startEngineThread()).to.not.equal(thread);
    await goodStillRuns();
  });

  it('fails a run whose schedule the host cannot take in, and lets that engine thread go', async function () {
    const limits = normalizeOptions({});
    const { root } = directoryModules(fixture('good'), limits);
    const thread = startEngineThread();
    const job = { kind: 'run', root, limits, now: INPUT.now, inputJson: JSON.stringify(INPUT) };
    const error = await rejection(
      inEngineThread(job, () => {
        throw new Error('no room for it');
      }),
    );
    expect(error.message).to.equal('no room for it');
    expect(thread.dead).to.equal(true);
    await goodStillRuns();
  });

  describe('a hard wall-clock cap', function () {
    // The fixtures spend minutes in one built-in call, where QuickJS's
    // interrupt handler never runs: the watchdog terminates the engine
    // thread once the budget plus GRACE_MS has passed. Without it the call
    // would outlast the test's timeout.
    const BUDGET = 300;

    it('stops one long built-in call at its budget plus a grace, with the log so far', async function () {
      const scheduler = await loadScheduler(fixture('slow-builtin'), { timeoutMs: BUDGET });
      const error = await rejection(scheduler.run(INPUT));
      expect(error).to.be.instanceOf(TimeoutError);
      expect(error).to.include({ timeoutMs: BUDGET, log: 'about to join\n' });
      expect(error.message).to.equal(`the scheduler run exceeded its time budget of ${BUDGET} ms`);
      expect(error.elapsedMs).to.be.at.least(BUDGET);
      await goodStillRuns();
      // The same scheduler again, in a new engine thread: stopped the same way.
      expect(await rejection(scheduler.run(INPUT))).to.be.instanceOf(TimeoutError);
    });

    it('stops one long built-in call at load time too', async function () {
      const error = await rejection(loadScheduler(fixture('slow-builtin-load'), { loadTimeoutMs: BUDGET }));
      expect(error).to.be.instanceOf(TimeoutError);
      expect(error).to.include({ timeoutMs: BUDGET, log: 'loading\n' });
      expect(error.message).to.match(/^loading the scheduler exceeded/);
      await goodStillRuns();
    });

    it('counts an operation that returns past its deadline as a timeout, though never interrupted', async function () {
      // In this thread, without the watchdog: the join below takes about
      // a second, in C, against a 200 ms budget (the other operations take
      // a few ms each, with room for a loaded machine).
      const clocks = [];
      const mirrored = [];
      const monitor = { clock: (phase, deadline) => clocks.push([phase, deadline]), log: (text) => mirrored.push(text) };
      const session = await openSession({ modules: null, limits: normalizeOptions({ timeoutMs: 200 }), now: 0, seed: 0, monitor });
      try {
        expect(session.evalScript('print("quick"); 1 + 1', 'quick.js', 'load')).to.equal('2');
        const error = (() => {
          try {
            session.evalScript('print("before"); new Array(2e7).join("").length', 'slow.js', 'call');
          } catch (thrown) {
            return thrown;
          }
          throw new Error('expected a TimeoutError');
        })();
        expect(error).to.be.instanceOf(TimeoutError);
        expect(error.message).to.equal('the scheduler run exceeded its time budget of 200 ms');
      } finally {
        session.close();
      }
      // Every operation (the prelude's two, then each evalScript's) told its
      // deadline at the start and 0 at the end; the console was mirrored.
      expect(clocks.filter(([, deadline]) => deadline > 0).map(([phase]) => phase)).to.deep.equal(['load', 'load', 'load', 'load', 'call']);
      expect(clocks.filter(([, deadline]) => deadline === 0)).to.have.length(5);
      expect(mirrored.join('')).to.equal('quick\nbefore\n');
    });
  });

  it('ends an allocation bomb in an out-of-memory error, not a host crash', async function () {
    const scheduler = await loadScheduler(fixture('alloc-bomb'), { memoryBytes: 32 * MiB });
    const rssBefore = process.memoryUsage().rss;
    const error = await rejection(scheduler.run(INPUT));
    expect(error).to.be.instanceOf(OutOfMemoryError);
    expect(error).to.include({ memoryBytes: 32 * MiB, log: 'allocating\n' });
    expect(error.message).to.include('ran out of memory (budget 32 MiB)');
    // The wasm heap is capped at 32 MiB; the host grew by about that, not more.
    expect(process.memoryUsage().rss - rssBefore).to.be.below(200 * MiB);
    await goodStillRuns();
    // And the same scheduler can fail the same way again.
    expect(await rejection(scheduler.run(INPUT))).to.be.instanceOf(OutOfMemoryError);
  });

  it('ends unbounded recursion in a stack error (QuickJS\'s own limit)', async function () {
    const scheduler = await loadScheduler(fixture('recursion'));
    const error = await rejection(scheduler.run(INPUT));
    expect(error).to.be.instanceOf(StackOverflowError);
    expect(error).to.include({ stackBytes: 256 * 1024, log: 'descending\n' });
    expect(error.message).to.include('overflowed the stack (limit 256 KiB)');
    await goodStillRuns();
  });

  it('ends unbounded recursion in a stack error when Node\'s stack runs out first', async function () {
    const scheduler = await loadScheduler(fixture('recursion'), { stackBytes: 4 * MiB });
    const error = await rejection(scheduler.run(INPUT));
    expect(error).to.be.instanceOf(StackOverflowError);
    expect(error.message).to.include("Node's native stack ran out");
    expect(error.cause).to.be.instanceOf(RangeError);
    await goodStillRuns();
    expect(await rejection(scheduler.run(INPUT))).to.be.instanceOf(StackOverflowError);
  });

  it('counts whatever is thrown once the heap is at its cap as out of memory', function () {
    // QuickJS throws null when it cannot even allocate its "out of memory" error.
    const thrownNull = { name: '', message: 'null', stack: '' };
    const common = { phase: 'call', limits: DEFAULT_OPTIONS, log: 'x', frameOf: () => ({}) };
    expect(failureError({ ...common, exception: thrownNull, memoryExhausted: true })).to.be.instanceOf(OutOfMemoryError);
    expect(failureError({ ...common, exception: null, memoryExhausted: true })).to.be.instanceOf(OutOfMemoryError);
    expect(failureError({ ...common, exception: thrownNull, memoryExhausted: false }).message).to.equal('uncaught null');
  });
});
