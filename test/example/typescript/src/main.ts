// The example scheduler (test/example/scheduler/v1/main.js) in TypeScript:
// the same options, strictly typed. Compiled to ES5 CommonJS, it is
// scheduler/v1/main.js beside the vendored bundle; `require("verwalter-toolbox")`
// finds verwalter-toolbox.js in the scheduler directory.
import * as toolbox from 'verwalter-toolbox';
import type { ApiOptions, ApiSchedule, SchedulerInput } from 'verwalter-toolbox';

const OPTIONS: ApiOptions = {
  // the templates/<name>/v1 directory each node renders for a project
  template: 'example/v1',
};

export const scheduler = toolbox.log.wrapScheduler(function (input: SchedulerInput): ApiSchedule {
  return toolbox.drivers.api.schedule(input, OPTIONS);
});
