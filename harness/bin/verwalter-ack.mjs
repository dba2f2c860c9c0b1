#!/usr/bin/env node
// verwalter-ack command line; the logic is in ../ack/ (see --help).
import { run } from '../ack/cli.mjs';

const { code, stayAlive } = await run(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
if (stayAlive) {
  // Lithos restarts a command that exits, which would ack again: idle until
  // killed. A pending timer is what keeps Node running.
  setInterval(() => {}, 1 << 30);
  // Leave quietly (and successfully) when lithos stops us.
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
} else {
  process.exitCode = code;
}
