// `simulate <scheduler-dir> <scenario.json>`: runs a scenario tick by tick
// and prints its timeline (or --json); --out writes the final schedule as
// `run` prints a result, --report a picture (.svg, or .html). Exit 1 when
// the scheduler failed (the timeline up to there is still printed and the
// report written), or when what the scenario expects did not happen (after
// everything is written); a bad scenario or flag exits 2 with nothing
// written; Ctrl-C (SIGINT) stops after the running tick, writes everything
// for the ticks done, and exits 130.

import { InvalidArgumentError } from 'commander';
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stableJson } from '../../json.mjs';
import { clock } from '../../simulate/clock.mjs';
import { failureLines } from '../../simulate/expect.mjs';
import { reportFor } from '../../simulate/report.mjs';
import { readScenario } from '../../simulate/scenario.mjs';
import { simulate } from '../../simulate/simulation.mjs';
import { interruptedText, timelineHeader, timelineJson, timelineText } from '../../simulate/timeline.mjs';
import { addEngineOptions, engineOptions } from '../engine-options.mjs';
import { FileError } from '../../cases/files.mjs';
import { checkSchedulerDir } from '../hints.mjs';
import { wholeNumber } from '../numbers.mjs';
import { UsageError } from '../usage.mjs';

function reportFile(text) {
  if (!/\.(svg|html?)$/i.test(text)) throw new InvalidArgumentError('It must name a .svg or an .html file.');
  return text;
}

function until(text) {
  if (text !== 'idle' && text !== 'end') throw new InvalidArgumentError("It must be 'idle' or 'end'.");
  return text;
}

// On a terminal: "tick 1200/17280  +1h40m00s  812 ticks/s", redrawn at most
// every 200 ms and cleared at the end.
export function progressLine(stream) {
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

// A typo in a duration (1e13) would start billions of ticks without a word.
export const MAX_TICKS = 10_000_000;

// As a shell reports a command ended by SIGINT (128 + 2).
const INTERRUPTED_EXIT = 130;

const startOf = (scenario) => (typeof scenario.start.now === 'number' ? scenario.start.now : 0);

// Ctrl-C stops the simulation after the tick that runs, and everything is
// written for the ticks done; a second Ctrl-C ends the process at once
// (the listener is gone by then, and Node's default takes it).
function interruptible(io, progress) {
  const controller = new AbortController();
  const onSigint = () => {
    controller.abort();
    progress.done();
    io.stderr.write('verwalter-harness: interrupted: stopping after this tick and writing what ran (Ctrl-C again to quit at once)\n');
  };
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}

// `file` can be written where it is: its directory exists and takes files,
// and it is no directory itself.
async function checkWritable(file) {
  const dir = path.dirname(path.resolve(file));
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) throw new FileError(`${file}: a directory, not a file to write`, file);
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new FileError(`${file}: cannot be written (${error.code} for ${dir})`, file);
  }
}

export function register(program, io, finish) {
  const command = program
    .command('simulate')
    .summary('run a scenario (button presses, uploads, peers, a split brain) tick by tick and show the rollout')
    .description(
      "Runs a scenario: each tick the last schedule is the next input's parent, now advances by tick_ms, and the " +
        "scenario's due button presses and events are injected. Prints the timeline in words; the scheduler stays " +
        'loaded between ticks, and a sample of ticks is checked in a fresh engine. Ctrl-C stops after the running ' +
        'tick, writes the timeline, --out and --report for the ticks done, and exits 130.',
    )
    .argument('<scheduler-dir>', 'the directory holding main.js (scheduler/v1/)')
    .argument('<scenario.json>', 'the scenario (see docs/harness.md, "Scenarios")');
  addEngineOptions(command)
    .option('--json', 'print the outcome as data instead of the timeline')
    .option('--out <file>', 'write the final schedule and answers, as run prints them')
    .option('--report <file>', 'write the picture: a .svg, or an .html page with the timeline', reportFile)
    .option('--report-full', 'draw the whole duration in the report (default: up to the last change, plus a margin)')
    .option('--until <when>', "'idle': stop once no update runs and nothing is pending; 'end': at the end of the duration", until, 'end')
    .option('--max-ticks <n>', 'refuse a scenario of more ticks than this', wholeNumber({ min: 1 }), MAX_TICKS)
    .action(async (schedulerDir, scenarioFile, options) => {
      await checkSchedulerDir(schedulerDir, scenarioFile, 'simulate <scheduler-dir> <scenario.json>');
      if (options.reportFull && options.report === undefined) throw new UsageError('--report-full is for --report');
      const scenario = await readScenario(scenarioFile);
      const ticks = Math.floor(scenario.duration_ms / scenario.tick_ms) + 1;
      if (ticks > options.maxTicks) {
        throw new UsageError(`${scenarioFile}: ${ticks} ticks (duration_ms ${scenario.duration_ms} / tick_ms ${scenario.tick_ms}), more than --max-ticks ${options.maxTicks}; raise it if that is meant`);
      }
      // Found unwritable now, not after the whole run.
      for (const file of [options.out, options.report]) if (file !== undefined) await checkWritable(file);
      const progress = progressLine(io.stderr);
      // The timeline's first line as soon as the first tick ran (the rest
      // comes at the end): the scheduler loaded, the run is under way.
      let headed = false;
      const onTick = (tick) => {
        if (!headed && !options.json) {
          headed = true;
          io.stdout.write(timelineHeader({ name: scenario.name, ticks: tick.ticks, tick_ms: scenario.tick_ms, start_ms: startOf(scenario) }, { until: options.until }));
        }
        progress.onTick(tick);
      };
      const { signal, release } = interruptible(io, progress);
      let result;
      try {
        result = await simulate(schedulerDir, scenario, { until: options.until, engineOptions: engineOptions(options), onTick, signal });
      } finally {
        release();
        progress.done();
      }
      io.stdout.write(options.json ? `${JSON.stringify(timelineJson(result), null, 2)}\n` : timelineText(result, { header: !headed }));
      if (options.report !== undefined) await writeFile(options.report, await reportFor(result, options.report, { full: options.reportFull === true }));
      for (const g of result.globals) io.stderr.write(`verwalter-harness: WARNING: tick ${g.tick} (${clock(g.at_ms)}): ${g.message}\n`);
      if (result.failure) {
        io.stderr.write(result.failure.log);
        io.stderr.write(`verwalter-harness: ${result.failure.message}\n`);
        finish(1);
        return;
      }
      if (options.out !== undefined) await writeFile(options.out, stableJson({ schedule: result.schedule, actions: result.last_answers }));
      const failed = failureLines(result);
      for (const line of failed) io.stderr.write(`verwalter-harness: ${line}\n`);
      if (result.ended === 'interrupted') {
        const wrote = [options.out, options.report].filter((file) => file !== undefined);
        io.stderr.write(`verwalter-harness: ${interruptedText(result)}${wrote.length ? `; wrote ${wrote.join(' and ')} for those` : ''}\n`);
        finish(INTERRUPTED_EXIT);
        return;
      }
      finish(failed.length ? 1 : 0);
    });
}
