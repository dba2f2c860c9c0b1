// `replay <scheduler-dir> <case...>`: recorded inputs against expected schedules.

import { replay } from '../../cases/replay.mjs';
import { addEngineOptions, engineOptions } from '../engine-options.mjs';
import { checkSchedulerDir } from '../hints.mjs';
import { wholeNumber } from '../numbers.mjs';

const DEFAULT_MAX_DIFF = 20;

export function register(program, io, finish) {
  const command = program
    .command('replay')
    .summary('run recorded inputs and compare the schedules with the expected ones')
    .description(
      "Runs each case's input.json through the scheduler and compares the result with its expected.json " +
        '(and expected-actions.json when there is one). A <case> is a directory holding input.json, or a ' +
        'directory of such directories at any depth.',
    )
    .argument('<scheduler-dir>', 'the directory holding main.js (scheduler/v1/)')
    .argument('<case...>', 'case directories, or directories of them');
  addEngineOptions(command)
    .option('-u, --update', 'write the actual results as the new expectations')
    .option('--json', 'print a machine-readable report instead of text')
    .option('-v, --verbose', 'list every case, passed ones too, with its time')
    .option('--max-diff <n>', 'differences shown per failing case', wholeNumber(), DEFAULT_MAX_DIFF)
    .action(async (schedulerDir, caseArgs, options) => {
      await checkSchedulerDir(schedulerDir, caseArgs[0], 'replay <scheduler-dir> <case>...');
      const { update = false, json = false, verbose = false, maxDiff } = options;
      finish(await replay({ schedulerDir, caseArgs, engine: engineOptions(options), update, json, verbose, maxDiff }, io));
    });
}
