// `wasm <scheduler-dir> [-o FILE]`: builds scheduler.wasm, the file
// verwalter 0.13 runs from scheduler/v1/ (it prefers it to main.lua).
// Every failure to build is bad input: exit 2, naming the file, with
// nothing written.

import path from 'node:path';
import { LoadError } from '../../engine/errors.mjs';
import { withSourcePositions } from '../../engine/sourcemap.mjs';
import { buildSchedulerWasm, WASM_DEFAULTS, WASM_LIMITS } from '../../wasm/build.mjs';
import { USAGE_EXIT } from '../usage.mjs';
import { scaledNumber, wholeNumber } from '../numbers.mjs';

const MiB = 1024 * 1024;

export function register(program, io, finish) {
  program
    .command('wasm')
    .summary('build scheduler.wasm for verwalter 0.13 from a scheduler directory')
    .description(
      'Compiles main.js and every module it requires to QuickJS bytecode and puts them, with QuickJS itself, ' +
        "into one WebAssembly module meeting verwalter 0.13's wasm interface. Put it in scheduler/v1/ beside main.js.",
    )
    .argument('<scheduler-dir>', 'the directory holding main.js (scheduler/v1/)')
    .option('-o, --out <file>', 'where to write it (default: <scheduler-dir>/scheduler.wasm)')
    .option('--budget <units>', `work a run may do before it is stopped with schedule null, 0 for no limit (default ${WASM_DEFAULTS.budget}; see docs/wasm.md, "The budget")`, wholeNumber(WASM_LIMITS.budget))
    .option('--memory <MiB>', `memory QuickJS may allocate (default ${WASM_DEFAULTS.memoryBytes / MiB})`, scaledNumber(MiB, (v) => {
      const { min, max } = WASM_LIMITS.memoryBytes;
      return v >= min && v <= max && v % MiB === 0 ? null : `must be a whole number from ${min / MiB} to ${max / MiB}`;
    }))
    .action(async (dir, { out, budget, memory }) => {
      const options = { ...(out === undefined ? {} : { out }), ...(budget === undefined ? {} : { budget }), ...(memory === undefined ? {} : { memoryBytes: memory }) };
      let built;
      try {
        built = buildSchedulerWasm(dir, options);
      } catch (error) {
        const target = out ?? path.join(dir, 'scheduler.wasm');
        if (error instanceof LoadError) io.stderr.write(`verwalter-harness: wasm: ${withSourcePositions(error, dir).message}\n`);
        else if (error.code && error.syscall) io.stderr.write(`verwalter-harness: wasm: cannot write ${target}: ${error.code}\n`);
        else throw error;
        finish(USAGE_EXIT);
        return;
      }
      const { file, bytes, modules, settings } = built;
      io.stdout.write(`wrote ${file}: ${bytes.length} bytes, ${modules.length} modules (${modules.join(', ')}); budget ${settings.budget} units, memory ${settings.memoryBytes / MiB} MiB\n`);
      finish(0);
    });
}
