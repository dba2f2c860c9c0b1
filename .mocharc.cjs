module.exports = {
  spec: ['test/**/*.test.mjs'],
  timeout: 30000,
  reporter: process.env.CI ? 'dot' : 'spec',
};
