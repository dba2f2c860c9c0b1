// `init <dir>`: a new scheduler project, as the README's quickstart lays it out.

import path from 'node:path';
import { SCHEDULER_DIR, writeScaffold } from '../../scaffold/scaffold.mjs';

export function register(program, io, finish) {
  program
    .command('init')
    .summary('start a scheduler project: scheduler/v1/ with the bundle and main.js, templates, a case, package.json')
    .description(
      'Writes scheduler/v1/ (the toolbox bundle and a main.js using the api driver), the example templates, ' +
        'cases/ with one case that replays green, and a package.json whose test script replays it. With ' +
        "--typescript also src/main.ts, tsconfig.json and the toolbox's types, and a build script: " +
        'verwalter-harness build compiles src/ to scheduler/v1/main.js. A file that is there already is replaced ' +
        'only while it is what init wrote (.verwalter-init.json keeps their hashes); any other is kept, and said so.',
    )
    .argument('<dir>', 'the project directory (created; must be empty unless --force)')
    .option('--typescript', 'also write src/main.ts, tsconfig.json and the types, and a build script')
    .option('--force', 'write into a directory that is not empty (files you changed are kept)')
    .action(async (dir, { typescript = false, force = false }) => {
      const { version, files, kept } = await writeScaffold(dir, { typescript, force });
      io.stdout.write(`created ${dir} (verwalter-toolbox ${version ?? 'of unknown version'}):\n`);
      for (const file of files) io.stdout.write(`  ${file}\n`);
      for (const file of kept) io.stdout.write(`kept ${path.join(dir, file)}: it differs from what init wrote, so it is left as it is\n`);
      const scheduler = path.join(dir, SCHEDULER_DIR);
      if (typescript) io.stdout.write(`next: verwalter-harness build ${dir}   (compiles src/ to ${path.join(scheduler, 'main.js')})\n      `);
      else io.stdout.write('next: ');
      io.stdout.write(`verwalter-harness replay ${scheduler} ${path.join(dir, 'cases')}\n`);
      io.stdout.write(`  or: cd ${dir} && npm install && npm test   (the scripts in package.json)\n`);
      finish(0);
    });
}
