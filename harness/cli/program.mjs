// The verwalter-harness command line: one commander program, one module per
// command (commands/*.mjs, each exporting register(program, io, finish)).

import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import * as build from './commands/build.mjs';
import * as init from './commands/init.mjs';
import * as plan from './commands/plan.mjs';
import * as record from './commands/record.mjs';
import * as replay from './commands/replay.mjs';
import * as run from './commands/run.mjs';
import * as simulate from './commands/simulate.mjs';
import * as upgrade from './commands/upgrade.mjs';
import * as wasm from './commands/wasm.mjs';
import { usageText } from './usage.mjs';

export const PROGRAM = 'verwalter-harness';
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

// In the order `--help` lists them.
const COMMANDS = [replay, record, run, plan, simulate, wasm, build, init, upgrade];

const AFTER_HELP = `
Exit status: 0 success; 1 a case or the scheduler failed; 2 bad usage or unreadable files.
See '${PROGRAM} <command> --help' for a command's options.`;

// `finish(code)` receives the exit status of the command that ran.
export function buildProgram(io, finish) {
  const program = new Command(PROGRAM)
    .usage('<command> [options]')
    .version(version, '-V, --version', 'print the version of verwalter-toolbox')
    .description("Runs a verwalter scheduler directory inside QuickJS under the engine contract, or through the scheduler.wasm verwalter 0.13 runs (wasm, --engine).")
    .addHelpText('after', AFTER_HELP)
    .helpCommand(false)
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(usageText(PROGRAM, text)),
    })
    // Commander would call process.exit; main() maps its errors to a status.
    .exitOverride();
  for (const command of COMMANDS) command.register(program, io, finish);
  return program;
}
