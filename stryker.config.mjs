// Mutation testing of the decision modules: `npm run mutate`. Not part of
// CI (a full run takes tens of minutes on 2 cores); see docs/development.md.
//
// The tests exercise the built bundle, so every mutant is compiled into one
// bundle (mutation switching) by the build command, and the Node-side tests
// that require() it decide. Tests that run the bundle inside QuickJS or duk
// see no active mutant and are left out. Equivalent mutants left alive are
// listed, each with its reason, in stryker.equivalent.md.
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  buildCommand: 'npx rollup -c',
  mutate: [
    'src/pipeline/**/*.ts',
    'src/tracking/**/*.ts',
    'src/drivers/api/**/*.ts',
    'src/version/**/*.ts',
  ],
  mochaOptions: {
    spec: [
      'test/pipeline/*.test.mjs',
      'test/tracking/*.test.mjs',
      'test/drivers/*.test.mjs',
      'test/core/version/*.test.mjs',
      'test/core/validate.test.mjs',
    ],
    // Every test but those that compare QuickJS or Duktape with Node: the
    // bundle inside an engine never sees the active mutant.
    grep: '^(?!.*((QuickJS|Duktape)[^:]*(gives|$)|QuickJS, |QuickJS and duk)).*$',
  },
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 95, low: 90, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
