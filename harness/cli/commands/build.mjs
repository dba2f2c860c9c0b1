// `build [project-dir]`: a TypeScript scheduler project (src/, as init
// --typescript lays it out) compiled to ES5 scheduler/v1/main.js with source
// maps, by the TypeScript this package ships. Type and syntax errors are
// bad input: one `file:line:column: message` line each, exit 2, nothing
// written.

import path from 'node:path';
import { shownPath } from '../../engine/sourcemap.mjs';
import { buildProject, ENTRY, OUT_DIR } from '../../typescript/build.mjs';
import { USAGE_EXIT } from '../usage.mjs';

export function register(program, io, finish) {
  program
    .command('build')
    .summary('compile a TypeScript scheduler project: src/main.ts to ES5 scheduler/v1/main.js, with source maps')
    .description(
      `Compiles ${ENTRY} and the modules it imports to ES5 CommonJS in ${OUT_DIR}/, one file per module, each with a ` +
        "source map (run, replay and simulate then tell a failure at its .ts line). Uses the project's tsconfig.json " +
        '(target must be ES5, module commonjs) or, without one, what init --typescript writes; the compiler is the ' +
        'TypeScript this package depends on. Exit 2 with nothing written on any type or syntax error.',
    )
    .argument('[project-dir]', 'the project directory, holding src/ and scheduler/v1/', '.')
    .action(async (projectDir) => {
      const built = await buildProject(projectDir);
      if (built.errors) {
        for (const line of built.errors) io.stderr.write(`${line}\n`);
        const count = built.errors.length === 1 ? '1 error' : `${built.errors.length} errors`;
        io.stderr.write(`verwalter-harness: build: ${count}; nothing written\n`);
        finish(USAGE_EXIT);
        return;
      }
      const files = built.written.map(shownPath);
      io.stdout.write(`wrote ${files.join(', ')} (TypeScript ${built.version}, ES5)\n`);
      finish(0);
    });
}
