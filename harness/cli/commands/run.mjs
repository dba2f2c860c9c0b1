// `run <scheduler-dir> <input.json>`: one input through the scheduler. The
// result goes to stdout as the same stable JSON --update writes; the log goes
// to stderr, so `run dir input.json > out.json` keeps the two apart.

import { readInputText } from '../../cases/files.mjs';
import { loadScheduler } from '../../engine/scheduler.mjs';
import { stableJson } from '../../json.mjs';
import { addEngineOptions, engineOptions } from '../engine-options.mjs';
import { checkSchedulerDir } from '../hints.mjs';

// A log is lines; the last one ends too, so a shell prompt does not follow it.
function asLines(log) {
  return log === '' || log.endsWith('\n') ? log : `${log}\n`;
}

export function register(program, io, finish) {
  const command = program
    .command('run')
    .summary('run one input: the result ({schedule, actions}) to stdout, the log to stderr')
    .argument('<scheduler-dir>', 'the directory holding main.js (scheduler/v1/)')
    .argument('<input.json>', 'a scheduler input, as /v1/scheduler_input serves it');
  addEngineOptions(command).action(async (schedulerDir, inputFile, options) => {
    await checkSchedulerDir(schedulerDir, inputFile, 'run <scheduler-dir> <input.json>');
    let { input, inputJson } = await readInputText(inputFile);
    const scheduler = await loadScheduler(schedulerDir, engineOptions(options));
    // The file's text goes to the engine as it is.
    const running = scheduler.run(input, { inputJson });
    // The run holds only the input's JSON text: this frees the object.
    input = undefined;
    inputJson = undefined;
    const { schedule, actions, log, warning } = await running;
    io.stderr.write(asLines(log));
    if (warning) io.stderr.write(`verwalter-harness: WARNING: ${warning}\n`);
    io.stdout.write(stableJson({ schedule, actions }));
    finish(0);
  });
}
