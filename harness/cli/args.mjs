// Command-line parsing: the subcommand, its positional arguments, and the
// options it accepts. Anything wrong here is a UsageError (exit status 2).

import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, normalizeOptions } from '../options.mjs';

export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const USAGE = `Usage: verwalter-harness <command> [options]

Runs a verwalter scheduler directory inside QuickJS, as verwalter's JS engine would.

Commands:
  replay <scheduler-dir> <case>...   run recorded inputs and compare the schedules with the
                                     expected ones; a <case> is a directory with input.json and
                                     expected.json (and optionally expected-actions.json), or a
                                     directory of such directories
  record --from URL <case-dir>       save a running verwalter's scheduler input and schedule
                                     as a case
  run <scheduler-dir> <input.json>   run one input: the result ({schedule, actions}) to stdout,
                                     the log to stderr

Engine options (replay, run):
  --timeout MS      time budget of a run (default ${DEFAULT_OPTIONS.timeoutMs})
  --memory MiB      memory budget of a run (default ${DEFAULT_OPTIONS.memoryBytes / MiB})
  --stack KiB       QuickJS stack limit (default ${DEFAULT_OPTIONS.stackBytes / KiB})
  --no-es5          allow ES2015+ syntax and built-ins (default: ES5.1 only)

Replay options:
  --update          write the actual results as the new expectations
  --json            print a machine-readable report instead of text
  --max-diff N      differences shown per failing case (default 20)

Record options:
  --from URL        verwalter to record from, e.g. http://leader:8379 (the leader)
  --force           overwrite an existing case

  -h, --help        show this text

Exit status: 0 success; 1 a case or the scheduler failed; 2 bad usage or unreadable files.
`;

const ENGINE = ['timeout', 'memory', 'stack', 'no-es5'];
const COMMANDS = {
  replay: { options: [...ENGINE, 'update', 'json', 'max-diff'], positionals: ['scheduler-dir', 'case...'] },
  record: { options: ['from', 'force'], positionals: ['case-dir'] },
  run: { options: ENGINE, positionals: ['scheduler-dir', 'input.json'] },
};

const OPTION_TYPES = {
  timeout: { type: 'string' },
  memory: { type: 'string' },
  stack: { type: 'string' },
  'no-es5': { type: 'boolean' },
  update: { type: 'boolean' },
  json: { type: 'boolean' },
  'max-diff': { type: 'string' },
  from: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function positiveNumber(name, text) {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} needs a positive number, got ${JSON.stringify(text)}`);
  }
  return value;
}

// {command, positionals, values, engine} or {help: true}.
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTION_TYPES, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('no command given');
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command ${JSON.stringify(command)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
  for (const name of Object.keys(values)) {
    if (!spec.options.includes(name)) throw new UsageError(`${command} does not take --${name}`);
  }
  const variadic = spec.positionals.at(-1).endsWith('...');
  const tooFew = rest.length < spec.positionals.length;
  if (tooFew || (!variadic && rest.length > spec.positionals.length)) {
    throw new UsageError(`usage: verwalter-harness ${command} ${spec.positionals.map((p) => `<${p}>`).join(' ')}`);
  }
  const engine = {};
  if (values.timeout !== undefined) engine.timeoutMs = positiveNumber('timeout', values.timeout);
  if (values.memory !== undefined) engine.memoryBytes = positiveNumber('memory', values.memory) * MiB;
  if (values.stack !== undefined) engine.stackBytes = positiveNumber('stack', values.stack) * KiB;
  if (values['no-es5']) engine.es5 = false;
  try {
    normalizeOptions(engine);
  } catch (error) {
    throw new UsageError(error.message);
  }
  return { command, positionals: rest, values, engine };
}
