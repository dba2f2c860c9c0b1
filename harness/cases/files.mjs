// Recorded cases on disk. A case is a directory with input.json (what
// verwalter's /v1/scheduler_input served), expected.json (the schedule) and,
// optionally, expected-actions.json (the answers to input.actions).

import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isJsonObject, parseJson, stableJson, stripBom } from '../json.mjs';

export const INPUT_FILE = 'input.json';
export const EXPECTED_FILE = 'expected.json';
export const EXPECTED_ACTIONS_FILE = 'expected-actions.json';

// A file (or case directory) that cannot be used: exit status 2.
export class FileError extends Error {
  constructor(message, file) {
    super(message);
    this.name = 'FileError';
    this.file = file;
  }
}

async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function caseDirsUnder(dir) {
  if (await isFile(path.join(dir, INPUT_FILE))) return [dir];
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => caseDirsUnder(path.join(dir, entry.name))),
  );
  return nested.flat();
}

// Each argument is a case directory or a directory of them (at any depth).
// Cases come out in argument order, sorted by name within each argument.
// Throws FileError for an argument that is not a directory or holds no case.
export async function findCases(args) {
  const found = [];
  for (const arg of args) {
    let info;
    try {
      info = await stat(arg);
    } catch {
      throw new FileError(`${arg}: no such case directory`, arg);
    }
    if (!info.isDirectory()) throw new FileError(`${arg}: not a directory (a case is a directory with ${INPUT_FILE})`, arg);
    const dirs = await caseDirsUnder(path.normalize(arg));
    if (dirs.length === 0) throw new FileError(`${arg}: no cases (directories with ${INPUT_FILE}) found`, arg);
    dirs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    found.push(...dirs);
  }
  return [...new Set(found)].map((dir) => ({ name: dir, dir }));
}

export async function readJsonFile(file) {
  return (await readJsonText(file)).value;
}

// {value, text}: the file's value and the JSON text it was parsed from (a
// byte-order mark left out).
async function readJsonText(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const why = error.code === 'EISDIR' ? 'a directory, not a JSON file' : `cannot read: ${error.code ?? error.message}`;
    throw new FileError(`${file}: ${why}`, file);
  }
  text = stripBom(text);
  try {
    return { value: parseJson(text, file), text };
  } catch (error) {
    throw new FileError(error.message, file);
  }
}

export async function readInputFile(file) {
  return (await readInputText(file)).input;
}

// {input, inputJson}: the input and its text as read, which a scheduler's
// run takes as it is (LoadedScheduler.run's inputJson).
export async function readInputText(file) {
  const { value: input, text: inputJson } = await readJsonText(file);
  if (!isJsonObject(input)) {
    throw new FileError(`${file}: the scheduler input must be a JSON object`, file);
  }
  return { input, inputJson };
}

// {input, inputJson, expected, expectedActions} (inputJson: the input's
// text, see readInputText); expected is undefined only when
// `allowMissingExpected` (the --update run that creates it).
export async function readCase(dir, { allowMissingExpected = false } = {}) {
  const { input, inputJson } = await readInputText(path.join(dir, INPUT_FILE));
  const expectedFile = path.join(dir, EXPECTED_FILE);
  let expected;
  if (await isFile(expectedFile)) expected = await readJsonFile(expectedFile);
  else if (!allowMissingExpected) {
    throw new FileError(`${expectedFile}: missing; run with --update to write the current schedule as the expectation`, expectedFile);
  }
  const actionsFile = path.join(dir, EXPECTED_ACTIONS_FILE);
  const expectedActions = (await isFile(actionsFile)) ? await readJsonFile(actionsFile) : undefined;
  return { input, inputJson, expected, expectedActions };
}

// Writes what changed. Actions get a file only once there are any, or when
// the case already had one: most recordings never see a button press.
export async function writeExpectations(dir, { schedule, actions }, { expected, expectedActions }) {
  const written = [];
  const put = async (name, value) => {
    await writeFile(path.join(dir, name), stableJson(value));
    written.push(name);
  };
  if (expected === undefined || stableJson(expected) !== stableJson(schedule)) await put(EXPECTED_FILE, schedule);
  const hasActions = Object.keys(actions).length > 0;
  if ((expectedActions !== undefined || hasActions) && stableJson(expectedActions ?? null) !== stableJson(actions)) {
    await put(EXPECTED_ACTIONS_FILE, actions);
  }
  return written;
}
