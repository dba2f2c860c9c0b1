// Runs a command line and maps every outcome to an exit status:
// 0 success, 1 a case or the scheduler failed, 2 bad usage or unreadable files.

import { CommanderError } from 'commander';
import { FileError } from '../cases/files.mjs';
import { RecordError } from '../cases/record.mjs';
import { HarnessError, LoadError } from '../engine/errors.mjs';
import { buildProgram, PROGRAM } from './program.mjs';
import { USAGE_EXIT, UsageError, usageText } from './usage.mjs';

// Help and version are the only commander "errors" that are a success.
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.version']);

export async function main(argv, io) {
  let status = 0;
  try {
    if (argv.length === 0) throw new UsageError('no command given');
    await buildProgram(io, (code) => {
      status = code;
    }).parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return COMMANDER_SUCCESS.has(error.code) || error.exitCode === 0 ? 0 : USAGE_EXIT;
    if (error instanceof UsageError) {
      io.stderr.write(usageText(PROGRAM, error.message));
      return USAGE_EXIT;
    }
    if (error instanceof FileError || (error instanceof LoadError && error.code === 'NO_MAIN')) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return USAGE_EXIT;
    }
    if (error instanceof HarnessError) {
      io.stderr.write(error.log);
      io.stderr.write(`${PROGRAM}: ${error.name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof RecordError) {
      io.stderr.write(`${PROGRAM}: record: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
