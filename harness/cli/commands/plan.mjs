// `plan <scheduler-dir> <case-dir | input.json>`: one run, and what its
// schedule changes against the input's parent, grouped by project and group,
// in words or (--json) as data.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { INPUT_FILE, readInputText } from '../../cases/files.mjs';
import { loadScheduler } from '../../engine/scheduler.mjs';
import { stableJson } from '../../json.mjs';
import { nextChanges } from '../../plan/next.mjs';
import { plan, planText, updatingDigests } from '../../plan/plan.mjs';
import { addEngineOptions, engineOptions } from '../engine-options.mjs';
import { checkSchedulerDir } from '../hints.mjs';

async function inputFileOf(arg) {
  try {
    if ((await stat(arg)).isDirectory()) return path.join(arg, INPUT_FILE);
  } catch {
    // readInputText names what is missing.
  }
  return arg;
}

export function register(program, io, finish) {
  const command = program
    .command('plan')
    .summary("run one input and say what the new schedule changes against the input's parent")
    .description(
      'Runs one input and says, per project and group, what the schedule changes against the parent: version, ' +
        'update step and direction, smooth substep, instances on each version and node, commands; where each update ' +
        'stands, what it waits for (an ack, "proceed", someone to act) and when it next moves by itself (a step\'s ' +
        'time, the auto revert: asked of the scheduler by runs at later times); then the answers to the ' +
        "input's actions, kept versions and images added or released, downgrades, and the log's errors. " +
        "Times are relative to the input's now.",
    )
    .argument('<scheduler-dir>', 'the directory holding main.js (scheduler/v1/)')
    .argument('<input>', 'a case directory, or a scheduler input (input.json)');
  addEngineOptions(command)
    .option('--json', 'print the plan as data')
    .action(async (schedulerDir, inputArg, options) => {
      await checkSchedulerDir(schedulerDir, inputArg, 'plan <scheduler-dir> <case-dir | input.json>');
      const { input, inputJson } = await readInputText(await inputFileOf(inputArg));
      const engine = engineOptions(options);
      const scheduler = await loadScheduler(schedulerDir, engine);
      const result = await scheduler.run(input, { inputJson });
      const next = await nextChanges(schedulerDir, engine, input, result.schedule, updatingDigests(result.schedule));
      const p = plan(input, result, { next });
      io.stdout.write(options.json ? stableJson(p) : planText(p));
      finish(0);
    });
}
