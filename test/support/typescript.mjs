// Compiles TypeScript with the project's own compiler, in process: for the
// TypeScript example scheduler, the scaffold of `init --typescript` and the
// type-check snippets.
import path from 'node:path';
import ts from 'typescript';

function messageOf(diagnostic) {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file) return text;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${path.basename(diagnostic.file.fileName)}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${text}`;
}

// Compiles the project of `tsconfigFile`, with `overrides` of its
// compilerOptions (say, another outDir). Returns the error messages (none:
// the files were written).
export function compileProject(tsconfigFile, overrides = {}) {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigFile, overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(messageOf(diagnostic));
    },
  });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const emitted = program.emit();
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map(messageOf);
}

// Type-checks `files` (absolute paths) together with `options`, no output.
// Returns {file: [messages]}.
export function typeCheck(files, options) {
  const program = ts.createProgram({ rootNames: files, options: { ...options, noEmit: true } });
  const out = {};
  for (const file of files) {
    const source = program.getSourceFile(file);
    out[file] = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(messageOf);
  }
  return out;
}

// The options of a strict ESM consumer project (its own files are .mts)
// under `moduleResolution` (node16, nodenext, bundler, node10), spelt as in
// a tsconfig, without Node's types: what a scheduler author's tests may use.
export function consumerOptions(moduleResolution, project) {
  const module = { node16: 'node16', nodenext: 'nodenext' }[moduleResolution] ?? 'esnext';
  const json = { strict: true, target: 'es2022', lib: ['es2022'], types: [], module, moduleResolution };
  const { options, errors } = ts.convertCompilerOptionsFromJson(json, project);
  if (errors.length) throw new Error(errors.map(messageOf).join('\n'));
  return options;
}
