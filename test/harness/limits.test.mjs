import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import {
  OutOfMemoryError,
  StackOverflowError,
  TimeoutError,
  loadScheduler,
} from '../../harness/index.mjs';
import { failureError } from '../../harness/failure.mjs';
import { DEFAULT_OPTIONS } from '../../harness/options.mjs';
import { fixture, INPUT, rejection } from './helpers.mjs';

const MiB = 1024 * 1024;

// After every limit: the Node process is fine and a good scheduler still runs.
async function goodStillRuns() {
  const scheduler = await loadScheduler(fixture('good'));
  expect((await scheduler.run(INPUT)).schedule.hosts).to.deep.equal(['alpha', 'beta']);
}

describe('harness limits', function () {
  it('interrupts an endless loop within its budget plus a small margin', async function () {
    const scheduler = await loadScheduler(fixture('endless'), { timeoutMs: 300 });
    const started = performance.now();
    const error = await rejection(scheduler.run(INPUT));
    const elapsed = performance.now() - started;
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.include({ timeoutMs: 300, log: 'about to loop\n' });
    expect(error.message).to.include('time budget of 300 ms');
    expect(elapsed).to.be.within(300, 600);
    await goodStillRuns();
  });

  it('interrupts an endless loop at load time too', async function () {
    const error = await rejection(loadScheduler(fixture('endless-load'), { timeoutMs: 200 }));
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error.message).to.match(/^loading the scheduler exceeded/);
    await goodStillRuns();
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
