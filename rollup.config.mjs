import typescript from '@rollup/plugin-typescript';
import { statSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

// The package version goes into the bundle twice: a header comment, for
// whoever finds a vendored copy (and `verwalter-harness upgrade`), and
// VerwalterToolbox.VERSION (src/index.ts), for code and logs.
const { name, version, license } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Prints the bundle's size after writing it: scheduler authors vendor this
// one file, so its growth should be visible on every build.
function reportSize() {
  return {
    name: 'report-size',
    writeBundle(options) {
      const bytes = statSync(options.file).size;
      console.log(`${options.file}: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB)`);
    },
  };
}

// Files for scheduler authors that are not compiled with the bundle: the
// declaration of the engine's globals (src/author/engine.d.ts) and a
// declaration beside the bundle, so that a vendored copy of dist/ types.
function authorFiles() {
  return {
    name: 'author-files',
    writeBundle() {
      mkdirSync('dist/types', { recursive: true });
      copyFileSync('src/author/engine.d.ts', 'dist/types/engine.d.ts');
      writeFileSync('dist/verwalter-toolbox.d.ts', "export * from './types/index';\n");
    },
  };
}

// The example scheduler vendors the bundle as a scheduler author would; the
// copy is made on every build so its recordings always test this build.
function vendorIntoExample() {
  return {
    name: 'vendor-into-example',
    writeBundle(options) {
      copyFileSync(options.file, 'test/example/scheduler/v1/verwalter-toolbox.js');
    },
  };
}

export default {
  input: 'src/index.ts',
  output: {
    file: 'dist/verwalter-toolbox.js',
    format: 'umd',
    name: 'VerwalterToolbox',
    banner: `/*! ${name} ${version} | ${license} */`,
    intro: `var TOOLBOX_VERSION = ${JSON.stringify(version)};`,
    // Engines load the file as a plain script or as a CommonJS module; both
    // must see the same object, and ES5 has no getters worth relying on here.
    generatedCode: { preset: 'es5', constBindings: false, arrowFunctions: false, objectShorthand: false },
    freeze: false,
    esModule: false,
    sourcemap: false,
  },
  plugins: [typescript({ tsconfig: './tsconfig.json', noEmitOnError: true, declarationDir: 'dist/types', outDir: 'dist' }), reportSize(), vendorIntoExample(), authorFiles()],
};
