// Catches arguments given in the wrong order before they turn into a
// confusing file error further in.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './usage.mjs';

async function kind(file) {
  try {
    return (await stat(file)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'nothing';
  }
}

// `other` is the argument that comes after <scheduler-dir> in `usage`.
export async function checkSchedulerDir(schedulerDir, other, usage) {
  const [first, second] = await Promise.all([kind(schedulerDir), kind(other)]);
  const hasMain = async (dir) => (await kind(path.join(dir, 'main.js'))) === 'file';
  let why = null;
  if (first === 'file' && second === 'directory') why = `${schedulerDir} is a file and ${other} a directory`;
  else if (first === 'directory' && second === 'directory' && !(await hasMain(schedulerDir)) && (await hasMain(other))) {
    why = `${other} holds main.js, ${schedulerDir} does not`;
  }
  if (why) throw new UsageError(`${why}: the arguments look swapped (usage: verwalter-harness ${usage})`);
}
