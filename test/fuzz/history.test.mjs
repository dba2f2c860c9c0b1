// A short run of the random histories (`npm run fuzz` runs long ones):
// every invariant holds at every tick, and the histories reach groups,
// updates and both kinds of answers.
import { expect } from 'chai';
import { runHistory } from './history.mjs';
import { INVARIANTS } from './invariants.mjs';

const SEEDS = [1, 2, 3, 4];
const TICKS = 120;

describe('random cluster histories (short run; npm run fuzz for long ones)', function () {
  this.timeout(120000);
  const totals = { ticks: 0, ok: 0, refused: 0, updates: 0, done: 0, groups: 0 };

  for (const seed of SEEDS) {
    it(`seed ${seed}, ${TICKS} ticks: every invariant holds at every tick`, () => {
      const r = runHistory(seed, TICKS);
      const replay = `npm run fuzz -- --seed ${seed} --ticks ${TICKS}`;
      expect(r.ok, r.ok ? '' : `seed ${seed}, tick ${r.tick}: ${r.invariant}\n${r.message}\nreplay: ${replay}`).to.equal(true);
      for (const k of Object.keys(totals)) totals[k] += r.stats[k];
    });
  }

  it('the histories cover the ground (groups, updates, answers of both kinds)', () => {
    expect(totals.ticks).to.equal(SEEDS.length * TICKS);
    expect(totals.groups).to.be.above(totals.ticks);
    expect(totals.updates).to.be.above(50);
    expect(totals.done).to.be.above(20);
    expect(totals.ok).to.be.above(100);
    expect(totals.refused).to.be.above(100);
  });

  it('an invariant that breaks ends the history with its seed, tick and name', () => {
    const never = { name: 'tick 5 never comes', check: (tick) => (tick.t === 5 ? 'it came' : null) };
    const r = runHistory(9, 20, { invariants: [...INVARIANTS, never] });
    expect(r).to.include({ ok: false, seed: 9, tick: 5, invariant: 'tick 5 never comes', message: 'it came' });
    expect(r.input.now).to.be.a('number');
  });
});
