// `verwalter-harness plan <scheduler-dir> <case-dir | input.json>`: one run,
// and what its schedule changes against the input's parent, in words or
// (--json) as data. Exit 0; failures of the scheduler reach the CLI's error
// handling (exit 1), unreadable files exit 2.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { INPUT_FILE, readInputFile } from '../cases.mjs';
import { loadScheduler } from '../index.mjs';
import { stableJson } from '../json.mjs';
import { plan, planText } from './plan.mjs';

async function inputFileOf(arg) {
  try {
    if ((await stat(arg)).isDirectory()) return path.join(arg, INPUT_FILE);
  } catch {
    // readInputFile names the missing file.
  }
  return arg;
}

export async function planCommand({ schedulerDir, inputArg, json, engine }, io) {
  const input = await readInputFile(await inputFileOf(inputArg));
  const scheduler = await loadScheduler(schedulerDir, engine);
  try {
    const result = await scheduler.run(input);
    const p = plan(input, result);
    io.stdout.write(json ? stableJson(p) : planText(p));
    return 0;
  } finally {
    scheduler.dispose();
  }
}
