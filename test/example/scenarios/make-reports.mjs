// Writes each example scenario's report: reports/<name>.svg (the picture)
// and reports/<name>.txt (the timeline in words), as `verwalter-harness
// simulate --report` would. The README shows one of them.
//
//   npm run build && node test/example/scenarios/make-reports.mjs
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScenario } from '../../../harness/simulate/scenario.mjs';
import { reportSvg } from '../../../harness/simulate/report.mjs';
import { simulate } from '../../../harness/simulate/simulation.mjs';
import { timelineText } from '../../../harness/simulate/timeline.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const scheduler = join(here, '../scheduler/v1');
const out = join(here, 'reports');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(here).filter((f) => f.endsWith('.json')).sort()) {
  const scenario = await readScenario(join(here, file));
  const result = await simulate(scheduler, scenario);
  if (result.failure) throw result.failure;
  if (result.globals.length) throw new Error(`${file}: ${result.globals[0].message}`);
  writeFileSync(join(out, `${scenario.name}.svg`), await reportSvg(result));
  writeFileSync(join(out, `${scenario.name}.txt`), timelineText(result));
  console.log(`${scenario.name}: ${result.ticks} ticks, ${result.ended} at ${result.end_ms} ms`);
}
