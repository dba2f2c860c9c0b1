// verwalter-ack's command line: flags and LITHOS_NAME into what to send and
// where (parseCommandLine), and the whole command minus process handling (run).

import { Command, CommanderError } from 'commander';
import { verwalterUrl } from '../address.mjs';
import { oneLine, usageText } from '../cli/usage.mjs';
import { wholeNumber } from '../cli/numbers.mjs';
import {
  buildAction, curlCommand, DEFAULT_BACKOFF, DEFAULT_HOST, DEFAULT_PORT, EXIT, formatHost, parseBackoff,
  parseLithosName, sendAction, UsageError,
} from './ack.mjs';

const DESCRIPTION = `\
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
would be restarted by lithos), unless --exit.`;

const AFTER_HELP = `
Environment:
  LITHOS_NAME             see above
  VERWALTER_ACK_BACKOFF   retry delays "MIN_MS,MAX_MS" (default 500,10000;
                          MIN at least 100, MAX at most 86400000, a day)

Exit codes:
  0   the scheduler answered; also: by-hand command, curl command printed
  1   the scheduler answered {"error": ...}
  2   bad flags, or LITHOS_NAME cannot be parsed
  3   --max-attempts reached
  4   the action was delivered but the scheduler gave no answer (HTTP 204)
  5   the answer is not JSON, or an unexpected HTTP status (e.g. 404, 415)
  77  no LITHOS_NAME and no --role/--group/--step: the curl command that
      would ack by hand is printed
Without --exit, 0 and 4 (the action was delivered) keep the process alive.`;

// The commander program; its output goes to `write`, its errors are thrown.
function program(write) {
  return new Command('verwalter-ack')
    .usage('[options]')
    .description(DESCRIPTION)
    .addHelpText('after', AFTER_HELP)
    .configureOutput({ writeOut: write, writeErr: () => {}, outputError: () => {} })
    .exitOverride()
    .showSuggestionAfterError()
    .argument('[unexpected...]')
    .option('--proceed', 'send "proceed" instead of "ack"')
    .option('--error <message>', 'send "error" with this message')
    .option('--verwalter-host <host>', `the node to ask for the leader: host, host:port or http://host:port (default ${DEFAULT_HOST})`)
    .option('--verwalter-port <port>', `verwalter's port (default ${DEFAULT_PORT}); used for the leader too when its address is not known`,
      wholeNumber({ min: 1, max: 65535 }))
    .option('--role <role>', 'take the role from here instead of LITHOS_NAME')
    .option('--group <group>', 'take the group from here instead of LITHOS_NAME')
    .option('--step <step>', 'take the step from here instead of LITHOS_NAME; with all three, LITHOS_NAME is not read at all')
    .option('--max-attempts <n>', 'give up after N attempts (default 0: never)', wholeNumber())
    .option('--exit', 'exit after the answer instead of staying alive');
}

// The node to ask for the leader: --verwalter-host may be host, host:port
// or http://host:port, as `verwalter-harness record --from` takes it.
function nodeAddress(hostFlag = DEFAULT_HOST, portFlag) {
  if (hostFlag === '') throw new UsageError('--verwalter-host is empty');
  let url;
  try {
    url = verwalterUrl(hostFlag, { defaultPort: portFlag ?? DEFAULT_PORT, protocols: ['http:'] });
  } catch (e) {
    throw new UsageError(`--verwalter-host: ${e.message}`);
  }
  // An http:// URL without a port means port 80, as URLs do, unless
  // --verwalter-port says otherwise.
  const port = Number(url.port || (portFlag ?? 80));
  if (portFlag !== undefined && port !== portFlag) {
    throw new UsageError(`--verwalter-host says port ${port}, --verwalter-port ${portFlag}: give the port once`);
  }
  return { host: url.hostname, port };
}

// Where role/group/step come from: the flags win; LITHOS_NAME is read only
// when a flag is missing. Returns {mode, target}.
function targetOf(flags, env) {
  const missing = Object.keys(flags).filter((k) => flags[k] === undefined);
  if (!missing.length) return { mode: 'ack', target: flags };
  const name = env.LITHOS_NAME;
  if (name === undefined || name === '') {
    if (missing.length < 3) throw new UsageError(`no LITHOS_NAME to take ${missing.map((k) => `--${k}`).join(', ')} from`);
    return { mode: 'no-environment', target: { role: 'ROLE', group: 'GROUP', step: 'cmd_STEP' } };
  }
  const parsed = parseLithosName(name);
  const target = {};
  for (const k of Object.keys(flags)) target[k] = flags[k] === undefined ? parsed[k] : flags[k];
  return { mode: parsed.byHand ? 'by-hand' : 'ack', target };
}

// Parses argv and env into what run() needs, or {help: text}. Throws UsageError.
export function parseCommandLine(argv, env = {}) {
  let help = '';
  const command = program((text) => {
    help += text;
  });
  try {
    command.parse(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed') return { help };
    throw new UsageError(oneLine(e.message));
  }
  const values = command.opts();
  if (command.args.length) throw new UsageError(`unexpected argument ${JSON.stringify(command.args[0])} (verwalter-ack takes only options)`);
  if (values.proceed && values.error !== undefined) throw new UsageError('--proceed and --error exclude each other');
  // Verwalter shows the message on the update; an empty one explains nothing.
  if (values.error !== undefined && values.error.trim() === '') throw new UsageError('--error needs a message saying what failed');
  const { host, port } = nodeAddress(values.verwalterHost, values.verwalterPort);
  for (const k of ['role', 'group', 'step']) {
    if (values[k] === '') throw new UsageError(`--${k} is empty`);
  }
  const { mode, target } = targetOf({ role: values.role, group: values.group, step: values.step }, env);
  const backoff = env.VERWALTER_ACK_BACKOFF ? parseBackoff(env.VERWALTER_ACK_BACKOFF) : DEFAULT_BACKOFF;
  return {
    mode,
    action: buildAction(target, { proceed: values.proceed, error: values.error }),
    host,
    port,
    maxAttempts: values.maxAttempts ?? 0,
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
    io.err(usageText('verwalter-ack', e.message).trimEnd());
    return { code: EXIT.USAGE, stayAlive: false };
  }
  if (cmd.help !== undefined) {
    io.out(cmd.help.trimEnd());
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
