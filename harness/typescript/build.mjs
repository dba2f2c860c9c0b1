// `verwalter-harness build`: a TypeScript scheduler project, as `init
// --typescript` lays it out, compiled to what verwalter runs: src/ to ES5
// CommonJS in scheduler/v1/, one file per module (the harness's loader and
// the wasm build resolve require("./x") between them), each with a source
// map, so that a failure is told at its .ts line (engine/sourcemap.mjs).
// The compiler is the TypeScript this package depends on, pinned to a
// release that still emits ES5 (6.x deprecates it, 7.x removed it).

import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileError } from '../cases/files.mjs';
import { shownPath } from '../engine/sourcemap.mjs';
import { PACKAGE_TYPES } from '../scaffold/bundle.mjs';
import { putFile } from '../write.mjs';

export const SOURCE_DIR = 'src';
export const ENTRY = path.join(SOURCE_DIR, 'main.ts');
export const OUT_DIR = path.join('scheduler', 'v1');
const CONFIG_FILE = 'tsconfig.json';
// What `init --typescript` writes: the settings used where a project has
// no tsconfig.json.
const SCAFFOLD_CONFIG = fileURLToPath(new URL('../scaffold/files/tsconfig.json', import.meta.url));

const exists = (file) => stat(file).then(() => true, () => false);

// "file:line:column: TS1234: message" (a chain of messages on indented lines).
function diagnosticLine(ts, diagnostic, project) {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const code = `TS${diagnostic.code}: ${text}`;
  if (!diagnostic.file) return `${shownPath(path.join(project, CONFIG_FILE))}: ${code}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return `${shownPath(path.resolve(diagnostic.file.fileName))}:${line + 1}:${character + 1}: ${code}`;
}

// The project's compiler settings: its tsconfig.json, or the scaffold's
// with the package's own declarations where the project vendors none.
async function parsedConfig(ts, project) {
  const configFile = path.join(project, CONFIG_FILE);
  if (await exists(configFile)) {
    let unrecoverable = null;
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        unrecoverable = diagnostic;
      },
    });
    return parsed ?? { errors: [unrecoverable], options: {}, fileNames: [] };
  }
  const config = JSON.parse(readFileSync(SCAFFOLD_CONFIG, 'utf8'));
  const vendored = path.join(project, 'types');
  if (!(await exists(path.join(vendored, 'verwalter-toolbox', 'index.d.ts')))) {
    config.compilerOptions.paths = { 'verwalter-toolbox': [path.join(PACKAGE_TYPES, 'index.d.ts')] };
    config.include = [SOURCE_DIR];
    config.files = [path.join(PACKAGE_TYPES, 'engine.d.ts')];
  }
  return ts.parseJsonConfigFileContent(config, ts.sys, project, undefined, configFile);
}

// What must hold for verwalter to run the output, said of the tsconfig.json
// that sets otherwise; and the options with those settings made.
function enforced(ts, options, project) {
  const problems = [];
  const config = shownPath(path.join(project, CONFIG_FILE));
  const wrong = (what, why) => problems.push(`${config}: ${what}; ${why}`);
  const outDir = path.join(project, OUT_DIR);
  const rootDir = path.join(project, SOURCE_DIR);
  if (options.target !== undefined && options.target !== ts.ScriptTarget.ES5) {
    wrong(`"target" is ${ts.ScriptTarget[options.target]}`, 'build needs "ES5": verwalter\'s engine runs ES5.1');
  }
  if (options.module !== undefined && options.module !== ts.ModuleKind.CommonJS) {
    wrong(`"module" is ${ts.ModuleKind[options.module]}`, 'build needs "commonjs": verwalter\'s engine loads modules with require()');
  }
  if (options.outFile !== undefined) wrong('"outFile" is set', `build writes one file per module into ${OUT_DIR}${path.sep}`);
  if (options.outDir !== undefined && path.resolve(options.outDir) !== outDir) {
    wrong(`"outDir" is ${shownPath(options.outDir)}`, `build writes ${path.join(OUT_DIR, 'main.js')}, the file verwalter runs`);
  }
  if (options.rootDir !== undefined && path.resolve(options.rootDir) !== rootDir) {
    wrong(`"rootDir" is ${shownPath(options.rootDir)}`, `build compiles ${SOURCE_DIR}${path.sep} to ${OUT_DIR}${path.sep}`);
  }
  return {
    problems,
    options: {
      ...options,
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.CommonJS,
      rootDir,
      outDir,
      // The map beside each file, named by its sourceMappingURL comment.
      sourceMap: true,
      inlineSourceMap: false,
      mapRoot: undefined,
      // Only the modules: nothing else in the scheduler directory, and no
      // require("tslib"), which the directory does not hold.
      noEmit: false,
      emitDeclarationOnly: false,
      declaration: false,
      declarationMap: false,
      composite: false,
      incremental: false,
      tsBuildInfoFile: undefined,
      importHelpers: false,
      noEmitHelpers: false,
    },
  };
}

// Compiles the project in `projectDir`. Resolves to {written: [files],
// version} (the TypeScript release), or {errors: [lines]} with nothing
// written. A project that is no directory, or has no src/main.ts, is a
// FileError.
export async function buildProject(projectDir) {
  const project = path.resolve(projectDir);
  if (!(await stat(project).then((info) => info.isDirectory(), () => false))) {
    throw new FileError(`${projectDir}: no such project directory (the one holding ${SOURCE_DIR}${path.sep} and ${OUT_DIR}${path.sep})`, projectDir);
  }
  const entry = path.join(project, ENTRY);
  if (!(await exists(entry))) {
    throw new FileError(`${path.join(projectDir, ENTRY)}: missing: build compiles it and the modules it imports to ${path.join(projectDir, OUT_DIR, 'main.js')} (init --typescript writes one)`, entry);
  }
  // Loaded here, not with the CLI: the compiler is large.
  const { default: ts } = await import('typescript');
  const isError = (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error;
  const lines = (diagnostics) => diagnostics.filter(isError).map((diagnostic) => diagnosticLine(ts, diagnostic, project));
  const parsed = await parsedConfig(ts, project);
  const { problems, options } = enforced(ts, parsed.options, project);
  if (problems.length) return { errors: [...lines(parsed.errors), ...problems] };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences, configFileParsingDiagnostics: parsed.errors });
  const before = lines(ts.getPreEmitDiagnostics(program));
  if (before.length) return { errors: before };
  if (!program.getSourceFile(entry)) {
    return { errors: [`${shownPath(entry)}: not compiled: ${shownPath(path.join(project, CONFIG_FILE))}'s "files" or "include" leave it out`] };
  }
  // Written only once the whole emit succeeded.
  const outputs = new Map();
  const emitted = program.emit(undefined, (file, text) => outputs.set(path.resolve(file), text));
  const after = lines(emitted.diagnostics);
  if (after.length || emitted.emitSkipped) return { errors: after.length ? after : [`${shownPath(entry)}: TypeScript wrote nothing`] };
  const written = [...outputs.keys()].sort();
  for (const file of written) await putFile(file, outputs.get(file));
  return { written, version: ts.version };
}
