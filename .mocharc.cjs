// The spec list is npm test's argument, so that `npx mocha <file>` runs
// that file alone.
module.exports = {
  timeout: 30000,
  reporter: process.env.CI ? 'dot' : 'spec',
};
