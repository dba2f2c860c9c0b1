#!/usr/bin/env node
// Long random-history runs: `npm run fuzz -- --seeds N --ticks M` checks N
// histories (seeds first..first+N-1) of M ticks each; a failure prints its
// seed, tick and invariant, writes that tick's input to a file, and the
// command that replays it (`--seed S --ticks M`).
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHistory } from './history.mjs';
import { positive } from '../support/script-args.mjs';

const program = new Command('fuzz')
  .description('random cluster histories against the api driver, checked at every tick')
  .option('--seeds <n>', 'how many histories', positive, 20)
  .option('--first <seed>', 'the first seed', positive, 1)
  .option('--seed <seed>', 'replay this one seed only', positive)
  .option('--ticks <m>', 'ticks per history', positive, 500)
  .showHelpAfterError();
program.parse();
const opts = program.opts();

const seeds = opts.seed !== undefined ? [opts.seed] : Array.from({ length: opts.seeds }, (_, i) => opts.first + i);
const total = { ticks: 0, actions: 0, ok: 0, updates: 0, done: 0, reverted: 0 };
const started = Date.now();
for (const seed of seeds) {
  const r = runHistory(seed, opts.ticks);
  if (!r.ok) {
    const file = join(tmpdir(), `verwalter-fuzz-seed-${seed}-tick-${r.tick}.json`);
    writeFileSync(file, JSON.stringify(r.input, null, 2) + '\n');
    process.stdout.write(`\nFAIL seed ${seed}, tick ${r.tick}: ${r.invariant}\n${r.message}\n` +
      `input of that tick: ${file}\nreplay: npm run fuzz -- --seed ${seed} --ticks ${r.tick + 1}\n`);
    process.exit(1);
  }
  for (const k of Object.keys(total)) total[k] += r.stats[k];
  process.stdout.write(`seed ${seed}: ok (${r.stats.ticks} ticks, ${r.stats.actions} actions, ${r.stats.done} updates done)\n`);
}
process.stdout.write(`${seeds.length} histories, ${total.ticks} ticks, ${total.actions} actions (${total.ok} carried out), ` +
  `${total.done} updates done, ${total.reverted} reverted: every invariant held (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
