// Dispatches a command line and maps every failure to an exit status:
// 0 success, 1 a case or the scheduler failed, 2 bad usage or unreadable files.

import { FileError } from '../cases.mjs';
import { HarnessError, LoadError } from '../errors.mjs';
import { parseCommandLine, USAGE, UsageError } from './args.mjs';
import { record, RecordError } from './record.mjs';
import { replay } from './replay.mjs';
import { runOnce } from './run.mjs';

const DEFAULT_MAX_DIFF = 20;

function dispatch({ command, positionals, values, engine }, io) {
  if (command === 'replay') {
    const [schedulerDir, ...caseArgs] = positionals;
    const maxDiff = values['max-diff'] === undefined ? DEFAULT_MAX_DIFF : Number(values['max-diff']);
    if (!Number.isInteger(maxDiff) || maxDiff < 0) throw new UsageError(`--max-diff needs a whole number, got ${values['max-diff']}`);
    return replay({ schedulerDir, caseArgs, engine, update: Boolean(values.update), json: Boolean(values.json), maxDiff }, io);
  }
  if (command === 'record') return record({ from: values.from, caseDir: positionals[0], force: Boolean(values.force) }, io);
  return runOnce({ schedulerDir: positionals[0], inputFile: positionals[1], engine }, io);
}

export async function main(argv, io) {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    return await dispatch(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`verwalter-harness: ${error.message}\n(see verwalter-harness --help)\n`);
      return 2;
    }
    if (error instanceof FileError || (error instanceof LoadError && error.code === 'NO_MAIN')) {
      io.stderr.write(`verwalter-harness: ${error.message}\n`);
      return 2;
    }
    if (error instanceof HarnessError) {
      io.stderr.write(error.log);
      io.stderr.write(`verwalter-harness: ${error.name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof RecordError) {
      io.stderr.write(`verwalter-harness: record: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
