// verwalter-ack: acknowledge (or proceed, or fail) a `run-with-ack` stage of
// an update from the command that runs in it.
//
// The protocol lives here as plain functions so that tests can drive it in
// process; the command line is cli.mjs, the process wrapper
// harness/bin/verwalter-ack.mjs.

import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { VERWALTER_PORT } from '../address.mjs';
import { UsageError } from '../cli/usage.mjs';

export const DEFAULT_HOST = 'localhost';
export const DEFAULT_PORT = VERWALTER_PORT;
// Backoff between attempts: starts at min, doubles, never exceeds max.
export const DEFAULT_BACKOFF = { minMs: 500, maxMs: 10000 };
// What VERWALTER_ACK_BACKOFF may set. Outside these it retries in a busy
// loop against verwalter: a min of 0 never grows (0 x 2 = 0), and a delay
// past 2^31-1 ms fires after 1 ms in Node's timers.
export const BACKOFF_LIMITS = { minMs: 100, maxMs: 24 * 3600 * 1000 };
const STATUS_TIMEOUT_MS = 10000;
// wait_action only answers after the next scheduler run, which may take a
// while when the leader is busy; past this we give up on that request and
// retry (a repeated ack is harmless: the scheduler matches it by step).
const WAIT_TIMEOUT_MS = 300000;

export const EXIT = {
  OK: 0, // the scheduler answered (and the answer is not an error)
  ERROR_ANSWER: 1, // the scheduler answered {"error": ...}
  USAGE: 2, // bad flags, or a LITHOS_NAME we cannot parse
  GAVE_UP: 3, // --max-attempts reached without reaching a leader
  NO_ANSWER: 4, // 204: action delivered, the scheduler gave no answer
  PROTOCOL: 5, // the answer is not JSON, or an HTTP status we do not know
  NO_ENVIRONMENT: 77, // nothing says what to ack: printed the curl command
};

export { UsageError };

// LITHOS_NAME is `<role>/<process>.<instance>`; the process is
// `<group>-<name>` or, in a service's second slot, `<group>-<name>-2` for a
// daemon (older toolboxes wrote `-1`/`-2` during updates), and
// `cmd.<group>-<name>` for a command a human started with lithos_cmd. Roles
// and groups may contain dashes, so the service name is what follows the
// last dash. Returns
// {role, group, step, byHand}; throws UsageError for anything else.
export function parseLithosName(value) {
  const fail = (why) => {
    throw new UsageError(`cannot parse LITHOS_NAME ${JSON.stringify(value)}: ${why}` +
      ' (expected <role>/<group>-<name>.<n> or <role>/cmd.<group>-<name>.<n>)');
  };
  if (typeof value !== 'string' || value.trim() === '') fail('it is empty');
  if (/\s/.test(value)) fail('it contains whitespace');
  const slash = value.indexOf('/');
  if (slash < 0) fail('no "/" between role and process name');
  const role = value.slice(0, slash);
  let proc = value.slice(slash + 1);
  if (!role) fail('the role is empty');
  if (proc.includes('/')) fail('more than one "/"');
  const byHand = proc.startsWith('cmd.');
  if (byHand) proc = proc.slice(4);
  // The instance number lithos appends; it is absent in some setups.
  proc = proc.replace(/\.\d+$/, '');
  // -2 marks the second slot (-1 an older toolbox's source), not part of
  // the name, unless that would leave no dash (then "-1" is the name itself).
  const unversioned = proc.replace(/-[12]$/, '');
  if (unversioned !== proc && unversioned.includes('-')) proc = unversioned;
  const dash = proc.lastIndexOf('-');
  if (dash < 0) fail('no "-" between group and service name');
  const group = proc.slice(0, dash);
  const name = proc.slice(dash + 1);
  if (!group) fail('the group is empty');
  if (!name) fail('the service name is empty');
  if (name.includes('.')) fail(`"${name}" is not a service name followed by a numeric instance`);
  return { role, group, step: `cmd_${name}`, byHand };
}

// The action exactly as verwalter's web UI posts it for an update button.
export function buildAction({ role, group, step }, { proceed = false, error } = {}) {
  const button = {
    role,
    group,
    action: 'update_action',
    step,
    update_action: error !== undefined ? 'error' : proceed ? 'proceed' : 'ack',
  };
  if (error) button.error_message = error;
  return { button };
}

// POSIX shell single-quoting.
function shellQuote(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(action, host = DEFAULT_HOST, port = DEFAULT_PORT) {
  // verwalter accepts only this exact Content-Type on wait_action.
  return `curl -sS -XPOST -H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify(action))} ` +
    `http://${formatHost(host)}:${port}/v1/wait_action`;
}

export function formatHost(host) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

// Where to post, from the /v1/status JSON of the node at `askedBase`
// (http://host:port). Returns {base, name} or null when there is no leader.
export function leaderBase(status, askedBase, port) {
  const leader = status && status.leader;
  if (!leader || typeof leader !== 'object') return null;
  const host = nonEmpty(leader.name) || nonEmpty(leader.hostname);
  const name = host || String(leader.id);
  // A leader describes itself without an addr; the node we asked is it.
  if (leader.id !== undefined && leader.id === status.id) return { base: askedBase, name };
  // addr is the peer's IP with verwalter's port ("10.0.0.2:8379",
  // "[fe80::1]:8379"): usable without DNS.
  if (nonEmpty(leader.addr)) return { base: `http://${leader.addr}`, name };
  // No address known: the node name, as verwalter's own leader redirect does.
  if (!host) return null;
  return { base: `http://${formatHost(host)}:${port}`, name };
}

// A status field that can name a host: a non-empty string. Anything else
// (a number, an object from a broken or future verwalter) names none.
function nonEmpty(value) {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// Why a status gives nowhere to post: no leader yet, or one we cannot reach.
function noLeader(status, askedBase) {
  const leader = status && status.leader;
  if (!leader) return `${askedBase} knows no leader yet`;
  return `${askedBase}/v1/status names a leader without a usable address: ${shorten(JSON.stringify(leader))}`;
}

// One HTTP request; resolves {status, body} or rejects on network failures
// and timeouts. A fresh connection each time (agent: false) so nothing keeps
// the process alive afterwards.
export function httpRequest(url, { method = 'GET', body, timeoutMs = STATUS_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs / 1000}s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function describeNetError(e) {
  return e.code ? `${e.code} ${e.message.replace(`${e.code} `, '')}`.trim() : e.message;
}

function shorten(s, n = 200) {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}...` : one;
}

// A failure worth another attempt.
class Retry extends Error {}

// One attempt: ask for the leader, post to it. Returns a result
// {code, message, answer?} or throws Retry.
async function attempt(action, opts, log) {
  const askedBase = `http://${formatHost(opts.host)}:${opts.port}`;
  let res;
  try {
    res = await httpRequest(`${askedBase}/v1/status`, { timeoutMs: opts.statusTimeoutMs });
  } catch (e) {
    throw new Retry(`cannot reach ${askedBase}: ${describeNetError(e)}`);
  }
  if (res.status !== 200) throw new Retry(`${askedBase}/v1/status answered HTTP ${res.status}`);
  let status;
  try {
    status = JSON.parse(res.body);
  } catch {
    throw new Retry(`${askedBase}/v1/status is not JSON: ${shorten(res.body)}`);
  }
  const leader = leaderBase(status, askedBase, opts.port);
  if (!leader) throw new Retry(noLeader(status, askedBase));
  if (leader.base !== askedBase) log(`leader is ${leader.name} (${leader.base}), not ${askedBase}`);

  const url = `${leader.base}/v1/wait_action`;
  log(`posting ${JSON.stringify(action)} to ${url}`);
  try {
    res = await httpRequest(url, { method: 'POST', body: JSON.stringify(action), timeoutMs: opts.waitTimeoutMs });
  } catch (e) {
    throw new Retry(`cannot post to leader ${leader.name} at ${url}: ${describeNetError(e)}`);
  }
  switch (res.status) {
    case 200: break;
    case 204:
      return {
        code: EXIT.NO_ANSWER,
        message: 'the action was delivered, but the scheduler gave no answer (HTTP 204)',
      };
    // verwalter: 429 too many pending actions; 503 not (or no longer) the
    // leader, or the leader lost the action. Nothing was applied: retry.
    case 429: throw new Retry(`leader ${leader.name} is busy (HTTP 429 Too Many Requests)`);
    case 503: throw new Retry(`${leader.name} cannot take the action (HTTP 503): not the leader anymore?`);
    default:
      return {
        code: EXIT.PROTOCOL,
        message: `unexpected HTTP ${res.status} from ${url}: ${shorten(res.body)}`,
      };
  }
  let answer;
  try {
    answer = JSON.parse(res.body);
  } catch {
    return { code: EXIT.PROTOCOL, message: `the scheduler's answer is not JSON: ${shorten(res.body) || '<empty>'}` };
  }
  if (answer && typeof answer === 'object' && !Array.isArray(answer) &&
      answer.error !== undefined && answer.error !== null && answer.error !== false) {
    const msg = typeof answer.error === 'string' ? answer.error : JSON.stringify(answer.error);
    return { code: EXIT.ERROR_ANSWER, message: `the scheduler answered with an error: ${msg}`, answer };
  }
  return { code: EXIT.OK, message: 'the scheduler accepted the action', answer };
}

// Attempts until one gives a result, sleeping with a bounded exponential
// backoff in between; one log line per failed attempt.
// opts: {host, port, backoff: {minMs, maxMs}, maxAttempts (0: forever),
// statusTimeoutMs, waitTimeoutMs}. Resolves {code, message, answer?}.
export async function sendAction(action, opts = {}, log = () => {}) {
  const o = {
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
    backoff: DEFAULT_BACKOFF,
    maxAttempts: 0,
    statusTimeoutMs: STATUS_TIMEOUT_MS,
    waitTimeoutMs: WAIT_TIMEOUT_MS,
    ...opts,
  };
  let delay = o.backoff.minMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt(action, o, log);
    } catch (e) {
      if (!(e instanceof Retry)) throw e;
      if (o.maxAttempts && n >= o.maxAttempts) {
        log(`attempt ${n}: ${e.message}; giving up`);
        return { code: EXIT.GAVE_UP, message: `gave up after ${n} attempt(s): ${e.message}` };
      }
      log(`attempt ${n}: ${e.message}; retrying in ${delay < 1000 ? `${delay}ms` : `${delay / 1000}s`}`);
      await sleep(delay);
      delay = Math.min(delay * 2, o.backoff.maxMs);
    }
  }
}

// "MIN,MAX" in milliseconds (or just "MIN": then MAX is max(MIN, default)),
// within BACKOFF_LIMITS.
export function parseBackoff(text) {
  const parts = String(text).split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length > 2 || parts.some((p) => p === '') || nums.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new UsageError(`VERWALTER_ACK_BACKOFF must be "MIN_MS,MAX_MS", got ${JSON.stringify(text)}`);
  }
  const [minMs, maxMs = Math.max(minMs, DEFAULT_BACKOFF.maxMs)] = nums;
  const day = `a day (${BACKOFF_LIMITS.maxMs} ms)`;
  if (minMs < BACKOFF_LIMITS.minMs) throw new UsageError(`VERWALTER_ACK_BACKOFF: min ${minMs} is below ${BACKOFF_LIMITS.minMs} ms`);
  if (minMs > BACKOFF_LIMITS.maxMs) throw new UsageError(`VERWALTER_ACK_BACKOFF: min ${minMs} is above ${day}`);
  if (maxMs < minMs) throw new UsageError(`VERWALTER_ACK_BACKOFF: max ${maxMs} is below min ${minMs}`);
  if (maxMs > BACKOFF_LIMITS.maxMs) throw new UsageError(`VERWALTER_ACK_BACKOFF: max ${maxMs} is above ${day}`);
  return { minMs, maxMs };
}
