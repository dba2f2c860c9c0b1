// `upgrade <scheduler-dir>`: the vendored toolbox bundle (and the types of
// an init --typescript project) replaced with this package's, saying from
// which version to which.

import { upgradeBundle } from '../../scaffold/scaffold.mjs';

export function register(program, io, finish) {
  program
    .command('upgrade')
    .summary("replace a scheduler's verwalter-toolbox.js with this package's")
    .argument('<scheduler-dir>', 'the directory holding main.js and verwalter-toolbox.js (scheduler/v1/)')
    .action(async (schedulerDir) => {
      const { from, to, changed, types } = await upgradeBundle(schedulerDir);
      const old = from ?? 'a version from before bundles stated theirs';
      if (!changed) io.stdout.write(`${schedulerDir}/verwalter-toolbox.js is already ${to}\n`);
      else if (from === to) io.stdout.write(`${schedulerDir}/verwalter-toolbox.js: replaced with this package's build of ${to}\n`);
      else io.stdout.write(`${schedulerDir}/verwalter-toolbox.js: upgraded from ${old} to ${to}\n`);
      if (types) io.stdout.write(`${types}: the TypeScript declarations of ${to}\n`);
      finish(0);
    });
}
