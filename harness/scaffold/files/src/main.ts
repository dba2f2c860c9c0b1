// A verwalter scheduler in TypeScript: `verwalter-harness build` (npm run
// build) compiles it to scheduler/v1/main.js (ES5, CommonJS), where
// `require("verwalter-toolbox")` finds verwalter-toolbox.js in the scheduler
// directory.
import * as toolbox from 'verwalter-toolbox';
import type { ApiOptions, ApiSchedule, SchedulerInput } from 'verwalter-toolbox';

const OPTIONS: ApiOptions = {
  // the templates/<name>/v1 directory each node renders for a project
  template: 'example/v1',
};

export const scheduler = toolbox.log.wrapScheduler(function (input: SchedulerInput): ApiSchedule {
  return toolbox.drivers.api.schedule(input, OPTIONS);
});
