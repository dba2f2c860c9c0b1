// `replay`: runs every case against one loaded scheduler and compares.

import { performance } from 'node:perf_hooks';
import { FileError, findCases, readCase, writeExpectations } from './files.mjs';
import { loadScheduler } from '../engine/scheduler.mjs';
import { HarnessError } from '../engine/errors.mjs';
import { jsonDifferences } from './diff.mjs';
import { jsonReport, outcomeLines, painter, progressLine, summaryLine, tally } from './report.mjs';

function errorSummary(error) {
  return { type: error.name, message: error.message, log: error.log ?? '' };
}

async function replayCase(scheduler, { name, dir }, { update }) {
  const started = performance.now();
  const outcome = ({ status, ...details }) => ({
    name,
    status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    ...details,
  });
  let recorded;
  try {
    recorded = await readCase(dir, { allowMissingExpected: update });
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return outcome({ status: 'unreadable', error: { type: error.name, message: error.message, file: error.file } });
  }
  let result;
  try {
    result = await scheduler.run(recorded.input, { inputJson: recorded.inputJson });
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    return outcome({ status: 'fail', error: errorSummary(error) });
  }
  const warned = (details) => outcome(result.warning ? { ...details, warning: result.warning } : details);
  if (update) {
    let written;
    try {
      written = await writeExpectations(dir, result, recorded);
    } catch (error) {
      if (!(error instanceof HarnessError)) throw error;
      return outcome({ status: 'fail', error: errorSummary(error) });
    }
    return warned({ status: written.length ? 'updated' : 'pass', written });
  }
  const differences = jsonDifferences(recorded.expected, result.schedule);
  // Recordings from a live verwalter carry no action answers; compare them
  // only where the case states what they should be.
  const actionDifferences = recorded.expectedActions === undefined ? [] : jsonDifferences(recorded.expectedActions, result.actions);
  const passed = differences.length === 0 && actionDifferences.length === 0;
  return warned(passed ? { status: 'pass' } : { status: 'fail', differences, actionDifferences });
}

// Returns the exit status. `io` is {stdout, stderr} (writable streams).
export async function replay({ schedulerDir, caseArgs, engine, update, json, maxDiff, verbose = false }, io) {
  const cases = await findCases(caseArgs);
  const scheduler = await loadScheduler(schedulerDir, engine);
  const paint = painter(!json && io.stdout.isTTY && !process.env.NO_COLOR);
  const progress = progressLine(io.stderr);
  const outcomes = [];
  for (const [index, testCase] of cases.entries()) {
    progress.show(index + 1, cases.length, testCase.name);
    const outcome = await replayCase(scheduler, testCase, { update });
    outcomes.push(outcome);
    const lines = json ? [] : outcomeLines(outcome, { paint, maxDiff, verbose });
    if (lines.length) {
      progress.clear();
      io.stdout.write(`${lines.join('\n')}\n`);
    }
  }
  progress.clear();
  scheduler.dispose();
  if (json) io.stdout.write(`${JSON.stringify(jsonReport(schedulerDir, outcomes), null, 2)}\n`);
  else io.stdout.write(`${summaryLine(outcomes, paint)}\n`);
  const { failed, unreadable } = tally(outcomes);
  return unreadable ? 2 : failed ? 1 : 0;
}
