// `record --from <address> <case-dir>`: a running verwalter's last scheduler
// input and schedule, saved as a case.

import { InvalidArgumentError } from 'commander';
import { apiBase, record } from '../../cases/record.mjs';

function address(text) {
  try {
    return apiBase(text);
  } catch (error) {
    throw new InvalidArgumentError(`${error.message}; give host, host:port or http://host:port.`);
  }
}

export function register(program, io, finish) {
  program
    .command('record')
    .summary("save a running verwalter's scheduler input and schedule as a case")
    .argument('<case-dir>', 'where to write input.json and expected.json')
    .requiredOption('--from <address>', 'the verwalter leader: host, host:port (port 8379 if none) or http://host:port', address)
    .option('--force', 'overwrite an existing case')
    .action(async (caseDir, { from, force = false }) => {
      finish(await record({ base: from, caseDir, force }, io));
    });
}
