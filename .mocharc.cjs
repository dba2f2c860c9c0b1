module.exports = {
  spec: ['test/**/*.test.mjs'],
  ignore: ['test/bench/**'],
  timeout: 30000,
  reporter: process.env.CI ? 'dot' : 'spec',
};
