// `init <dir>`: a new scheduler project, as the README's quickstart lays it out.

import path from 'node:path';
import { SCHEDULER_DIR, writeScaffold } from '../../scaffold/scaffold.mjs';

export function register(program, io, finish) {
  program
    .command('init')
    .summary('start a scheduler project: scheduler/v1/ with the bundle and main.js, templates, a case')
    .description(
      'Writes scheduler/v1/ (the toolbox bundle and a main.js using the api driver), the example templates ' +
        'and cases/ with one case that replays green. With --typescript also src/main.ts, tsconfig.json and ' +
        'the toolbox\'s types, compiling to scheduler/v1/main.js (npx tsc -p <dir>).',
    )
    .argument('<dir>', 'the project directory (created; must be empty unless --force)')
    .option('--typescript', 'also write src/main.ts and tsconfig.json')
    .option('--force', 'write into a directory that is not empty (files of the same name are replaced)')
    .action(async (dir, { typescript = false, force = false }) => {
      const { version, files } = await writeScaffold(dir, { typescript, force });
      io.stdout.write(`created ${dir} (verwalter-toolbox ${version ?? 'of unknown version'}):\n`);
      for (const file of files) io.stdout.write(`  ${file}\n`);
      const scheduler = path.join(dir, SCHEDULER_DIR);
      io.stdout.write(`next: verwalter-harness replay ${scheduler} ${path.join(dir, 'cases')}\n`);
      if (typescript) io.stdout.write(`      npx tsc -p ${dir}   (compiles src/main.ts to ${path.join(scheduler, 'main.js')})\n`);
      finish(0);
    });
}
