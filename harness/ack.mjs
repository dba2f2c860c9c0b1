// verwalter-ack: acknowledge (or proceed, or fail) a `run-with-ack` stage of
// an update from the command that runs in it.
//
// The logic lives here as plain functions so that tests can drive it in
// process; harness/bin/verwalter-ack.mjs is only the command-line wrapper.
// Node 20 built-ins only.

import http from 'node:http';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

export const DEFAULT_HOST = 'localhost';
export const DEFAULT_PORT = 8379;
// Backoff between attempts: starts at min, doubles, never exceeds max.
export const DEFAULT_BACKOFF = { minMs: 500, maxMs: 10000 };
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

export class UsageError extends Error {}

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

function formatHost(host) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

// Where to post, from the /v1/status JSON of the node at `askedBase`
// (http://host:port). Returns {base, name} or null when there is no leader.
export function leaderBase(status, askedBase, port) {
  const leader = status && status.leader;
  if (!leader || typeof leader !== 'object') return null;
  const name = leader.name || leader.hostname || String(leader.id);
  // A leader describes itself without an addr; the node we asked is it.
  if (leader.id !== undefined && leader.id === status.id) return { base: askedBase, name };
  // addr is the peer's IP with verwalter's port ("10.0.0.2:8379",
  // "[fe80::1]:8379"): usable without DNS.
  if (leader.addr) return { base: `http://${leader.addr}`, name };
  // No address known: the node name, as verwalter's own leader redirect does.
  const host = leader.name || leader.hostname;
  if (!host) return null;
  return { base: `http://${formatHost(host)}:${port}`, name };
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
  if (!leader) throw new Retry(`${askedBase} knows no leader yet`);
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

// "MIN,MAX" in milliseconds (or just "MIN": then MAX is max(MIN, default)).
export function parseBackoff(text) {
  const parts = String(text).split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length > 2 || parts.some((p) => p === '') || nums.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new UsageError(`VERWALTER_ACK_BACKOFF must be "MIN_MS,MAX_MS", got ${JSON.stringify(text)}`);
  }
  const [minMs, maxMs = Math.max(minMs, DEFAULT_BACKOFF.maxMs)] = nums;
  if (maxMs < minMs) throw new UsageError(`VERWALTER_ACK_BACKOFF: max ${maxMs} is below min ${minMs}`);
  return { minMs, maxMs };
}

export const HELP = `\
Usage: verwalter-ack [--proceed | --error MESSAGE] [--verwalter-host HOST]
                     [--verwalter-port PORT] [--role R --group G --step S]
                     [--max-attempts N] [--exit]

Tells verwalter's scheduler that the run-once stage of an update this command
runs in is done ("ack"), may go on ("proceed", for stages in manual mode), or
failed ("error"). Meant as the last step of the command of a stage with
mode "run-with-ack".

Role, group and step come from LITHOS_NAME, which lithos sets:
  <role>/<group>-<name>.<n>       a daemon: step cmd_<name>
  <role>/<group>-<name>-1.<n>     (-1 / -2: two versions side by side)
  <role>/cmd.<group>-<name>.<n>   a command a human started by hand: nothing
                                  waits for it, so the curl command that acks
                                  is printed and nothing is sent (exit 0)
Roles and groups may contain dashes; the name is after the last dash.

It asks HOST:PORT/v1/status who the leader is, then posts the action to the
leader's /v1/wait_action and prints the scheduler's answer (JSON, stdout).
While the node cannot be reached, knows no leader, or the leader answers 429
or 503, it retries, one line per attempt (stderr), waiting 0.5s, doubling up
to 10s. After an answer it stays alive until killed (an exiting command
would be restarted by lithos), unless --exit.

Options:
  --proceed               send "proceed" instead of "ack"
  --error MESSAGE         send "error" with this message
  --verwalter-host HOST   the node to ask for the leader (default ${DEFAULT_HOST})
  --verwalter-port PORT   verwalter's port (default ${DEFAULT_PORT}); used for
                          the leader too when its address is not known
  --role R, --group G, --step S
                          take these instead of what LITHOS_NAME says; with
                          all three, LITHOS_NAME is not read at all
  --max-attempts N        give up after N attempts (default 0: never)
  --exit                  exit after the answer instead of staying alive
  -h, --help              this text

Environment:
  LITHOS_NAME             see above
  VERWALTER_ACK_BACKOFF   retry delays "MIN_MS,MAX_MS" (default 500,10000)

Exit codes:
  0   the scheduler answered; also: by-hand command, curl command printed
  1   the scheduler answered {"error": ...}
  2   bad flags, or LITHOS_NAME cannot be parsed
  3   --max-attempts reached
  4   the action was delivered but the scheduler gave no answer (HTTP 204)
  5   the answer is not JSON, or an unexpected HTTP status (e.g. 404, 415)
  77  no LITHOS_NAME and no --role/--group/--step: the curl command that
      would ack by hand is printed
Without --exit, 0 and 4 (the action was delivered) keep the process alive.
`;

// Parses argv and env into what run() needs. Throws UsageError.
export function parseCommandLine(argv, env = {}) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        proceed: { type: 'boolean' },
        error: { type: 'string' },
        'verwalter-host': { type: 'string' },
        'verwalter-port': { type: 'string' },
        role: { type: 'string' },
        group: { type: 'string' },
        step: { type: 'string' },
        'max-attempts': { type: 'string' },
        exit: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  if (values.help) return { help: true };
  if (values.proceed && values.error !== undefined) throw new UsageError('--proceed and --error exclude each other');
  const port = values['verwalter-port'] === undefined ? DEFAULT_PORT : Number(values['verwalter-port']);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--verwalter-port must be a port number, got ${JSON.stringify(values['verwalter-port'])}`);
  }
  const maxAttempts = values['max-attempts'] === undefined ? 0 : Number(values['max-attempts']);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 0) {
    throw new UsageError(`--max-attempts must be a number >= 0, got ${JSON.stringify(values['max-attempts'])}`);
  }
  const host = values['verwalter-host'] === undefined ? DEFAULT_HOST : values['verwalter-host'];
  if (!host) throw new UsageError('--verwalter-host is empty');
  for (const k of ['role', 'group', 'step']) {
    if (values[k] === '') throw new UsageError(`--${k} is empty`);
  }

  // Where role/group/step come from: the flags win; LITHOS_NAME is read only
  // when a flag is missing.
  const flags = { role: values.role, group: values.group, step: values.step };
  const missing = Object.keys(flags).filter((k) => flags[k] === undefined);
  let mode = 'ack';
  let target = flags;
  if (missing.length) {
    const name = env.LITHOS_NAME;
    if (name === undefined || name === '') {
      if (missing.length < 3) {
        throw new UsageError(`no LITHOS_NAME to take ${missing.map((k) => `--${k}`).join(', ')} from`);
      }
      mode = 'no-environment';
      target = { role: 'ROLE', group: 'GROUP', step: 'cmd_STEP' };
    } else {
      const parsed = parseLithosName(name);
      if (parsed.byHand) mode = 'by-hand';
      target = {};
      for (const k of Object.keys(flags)) target[k] = flags[k] === undefined ? parsed[k] : flags[k];
    }
  }
  const backoff = env.VERWALTER_ACK_BACKOFF ? parseBackoff(env.VERWALTER_ACK_BACKOFF) : DEFAULT_BACKOFF;
  return {
    mode,
    action: buildAction(target, { proceed: values.proceed, error: values.error }),
    host,
    port,
    maxAttempts,
    backoff,
    exit: Boolean(values.exit),
  };
}

// The whole command, minus process handling: returns {code, stayAlive}.
// io: {out(line), err(line)}.
export async function run(argv, env, io) {
  let cmd;
  try {
    cmd = parseCommandLine(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`verwalter-ack: ${e.message}`);
    io.err('Try verwalter-ack --help');
    return { code: EXIT.USAGE, stayAlive: false };
  }
  if (cmd.help) {
    io.out(HELP.trimEnd());
    return { code: EXIT.OK, stayAlive: false };
  }
  const curl = curlCommand(cmd.action, cmd.host, cmd.port);
  if (cmd.mode === 'no-environment') {
    io.err('verwalter-ack: no LITHOS_NAME and no --role/--group/--step; to ack by hand, fill in');
    io.err(`ROLE, GROUP, STEP and run on the leader (see http://${formatHost(cmd.host)}:${cmd.port}/v1/status):`);
    io.out(curl);
    return { code: EXIT.NO_ENVIRONMENT, stayAlive: false };
  }
  if (cmd.mode === 'by-hand') {
    io.err('verwalter-ack: this is a command run by hand (LITHOS_NAME has "cmd."), nothing waits for it.');
    io.err('To ack the stage anyway, run against the leader:');
    io.out(curl);
    return { code: EXIT.OK, stayAlive: false };
  }
  const log = (line) => io.err(`verwalter-ack: ${line}`);
  const result = await sendAction(cmd.action, {
    host: cmd.host, port: cmd.port, backoff: cmd.backoff, maxAttempts: cmd.maxAttempts,
  }, log);
  if (result.answer !== undefined) io.out(JSON.stringify(result.answer));
  log(result.message);
  const delivered = result.code === EXIT.OK || result.code === EXIT.NO_ANSWER;
  const stayAlive = delivered && !cmd.exit;
  if (stayAlive) log('done; staying alive until killed (lithos would restart an exiting command)');
  return { code: result.code, stayAlive };
}
