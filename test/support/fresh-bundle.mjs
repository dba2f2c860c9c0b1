// A new instance of the built bundle, in this Node process: nothing its
// caches and memos remember from other tests (the one `require` gives is
// shared by every test file).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const BUNDLE = require.resolve('../../dist/verwalter-toolbox.js');

export function freshBundle() {
  const cached = require.cache[BUNDLE];
  delete require.cache[BUNDLE];
  try {
    return require(BUNDLE);
  } finally {
    require.cache[BUNDLE] = cached;
  }
}
