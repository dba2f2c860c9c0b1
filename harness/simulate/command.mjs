// `verwalter-harness simulate <scheduler-dir> <scenario.json>`: runs the
// scenario and prints its timeline (or --json); --out writes the final
// schedule as `run` prints a result, --report a picture (.svg or .html).
// Exit 0; 1 when the scheduler failed (the timeline up to that tick is
// still printed, and the report written); 2 for a bad scenario or usage,
// with nothing written.

import { writeFile } from 'node:fs/promises';
import { stableJson } from '../json.mjs';
import { clock } from './clock.mjs';
import { reportFor } from './report.mjs';
import { readScenario } from './scenario.mjs';
import { simulate } from './simulation.mjs';
import { timelineJson, timelineText } from './timeline.mjs';

export const UNTIL = ['end', 'idle'];
const REPORT_EXTENSIONS = /\.(svg|html?)$/i;

// Why the options can't be used, or null. Checked before anything runs.
export function simulateUsageProblem({ until, report }) {
  if (!UNTIL.includes(until)) return `--until must be one of ${UNTIL.join(', ')}, got ${JSON.stringify(until)}`;
  if (report !== undefined && !REPORT_EXTENSIONS.test(report)) return `--report needs a file ending in .svg or .html, got ${JSON.stringify(report)}`;
  return null;
}

// On a terminal: "tick 1200/17280  +1h40m00s  812 ticks/s", at most every
// 200 ms; cleared at the end.
function progressLine(stream) {
  if (!stream.isTTY) return { onTick() {}, done() {} };
  const started = Date.now();
  let shown = 0;
  let drawn = false;
  return {
    onTick({ tick, atMs, ticks }) {
      const now = Date.now();
      if (now - shown < 200) return;
      shown = now;
      const rate = (tick + 1) / Math.max(0.001, (now - started) / 1000);
      stream.write(`\r\x1b[Ktick ${tick + 1}/${ticks}  ${clock(atMs)}  ${rate.toFixed(0)} ticks/s`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export async function simulateCommand({ schedulerDir, scenarioFile, json, out, report, until = 'end', engine }, io) {
  const scenario = await readScenario(scenarioFile);
  const progress = progressLine(io.stderr);
  let result;
  try {
    result = await simulate(schedulerDir, scenario, { until, engineOptions: engine, onTick: progress.onTick });
  } finally {
    progress.done();
  }
  io.stdout.write(json ? `${JSON.stringify(timelineJson(result), null, 2)}\n` : timelineText(result));
  if (report !== undefined) await writeFile(report, await reportFor(result, report));
  for (const g of result.globals) io.stderr.write(`verwalter-harness: WARNING: tick ${g.tick} (${clock(g.at_ms)}): ${g.message}\n`);
  if (result.failure) {
    io.stderr.write(result.failure.log);
    io.stderr.write(`verwalter-harness: ${result.failure.message}\n`);
    return 1;
  }
  if (out !== undefined) await writeFile(out, stableJson({ schedule: result.schedule, actions: result.last_answers }));
  return 0;
}
