// `record`: saves what a running verwalter leader last fed its scheduler
// (/v1/scheduler_input) and what it made of it (the `data` of /v1/schedule)
// as a case for `replay`.

import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXPECTED_FILE, FileError, INPUT_FILE } from './files.mjs';
import { VERWALTER_PORT, verwalterUrl } from '../address.mjs';
import { isJsonObject, stableJson } from '../json.mjs';

// Verwalter could not give us a case (exit status 1).
export class RecordError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RecordError';
  }
}

const NOT_FOUND_HINTS = {
  '/v1/scheduler_input':
    'this node has no scheduler input: it is not the leader, or its scheduler has not run yet (record from the leader)',
  '/v1/schedule': 'this node has no schedule yet',
};

// Where to record from: see verwalterUrl. Throws a TypeError.
export function apiBase(from) {
  return verwalterUrl(from, { defaultPort: VERWALTER_PORT });
}

async function getJson(base, apiPath, timeoutMs) {
  const url = new URL(apiPath, base).href;
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new RecordError(`cannot reach verwalter at ${base.origin}: ${reason}`);
  }
  if (response.status === 404) throw new RecordError(`GET ${url}: 404 Not Found: ${NOT_FOUND_HINTS[apiPath]}`);
  if (!response.ok) throw new RecordError(`GET ${url}: HTTP ${response.status} ${response.statusText}`);
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const start = JSON.stringify(text.slice(0, 40));
    throw new RecordError(`GET ${url}: the answer is not JSON (${type}; starts ${start}): ${error.message}`);
  }
}

// One consistent pair: verwalter stamps a schedule with the `now` of the
// input it came from, so a pair that disagrees straddles a scheduler run.
async function fetchPair(base, { attempts, retryDelayMs, timeoutMs }) {
  for (let attempt = 1; ; attempt++) {
    const input = await getJson(base, '/v1/scheduler_input', timeoutMs);
    const schedule = await getJson(base, '/v1/schedule', timeoutMs);
    if (!isJsonObject(input) || typeof input.now !== 'number') {
      throw new RecordError(`GET ${new URL('/v1/scheduler_input', base)}: not a scheduler input (no numeric "now")`);
    }
    if (!isJsonObject(schedule) || !isJsonObject(schedule.data)) {
      throw new RecordError(`GET ${new URL('/v1/schedule', base)}: not a schedule (no "data" object)`);
    }
    if (schedule.timestamp === input.now) return { input, schedule };
    if (attempt >= attempts) {
      throw new RecordError(
        `the scheduler input (now ${input.now}) and the schedule (timestamp ${schedule.timestamp}) come from different ` +
          `scheduler runs, ${attempts} times; the last run may have failed (see verwalter's scheduler page)`,
      );
    }
    await sleep(retryDelayMs);
  }
}

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

// `base` is what apiBase made of the address given.
export async function record({ base, caseDir, force }, io, { attempts = 3, retryDelayMs = 300, timeoutMs = 10000 } = {}) {
  const inputFile = path.join(caseDir, INPUT_FILE);
  if (!force && (await exists(inputFile))) throw new FileError(`${caseDir} already holds a case; use --force to overwrite it`, inputFile);
  const { input, schedule } = await fetchPair(base, { attempts, retryDelayMs, timeoutMs });
  await mkdir(caseDir, { recursive: true });
  await writeFile(inputFile, stableJson(input));
  await writeFile(path.join(caseDir, EXPECTED_FILE), stableJson(schedule.data));
  io.stdout.write(`recorded ${caseDir} from ${base.origin} (now ${input.now}, schedule ${schedule.hash ?? '?'})\n`);
  return 0;
}
