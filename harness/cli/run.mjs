// `run`: one input through the scheduler. The result goes to stdout as the
// same stable JSON --update writes; the log goes to stderr, so
// `run dir input.json > out.json` keeps the two apart. Failures reach main.mjs.

import { readInputFile } from '../cases.mjs';
import { loadScheduler } from '../engine.mjs';
import { stableJson } from '../json.mjs';

export async function runOnce({ schedulerDir, inputFile, engine }, io) {
  const input = await readInputFile(inputFile);
  const scheduler = await loadScheduler(schedulerDir, engine);
  const { schedule, actions, log } = await scheduler.run(input);
  io.stderr.write(log);
  io.stdout.write(stableJson({ schedule, actions }));
  return 0;
}
