// verwalter's JavaScript scheduler: every project in the runtime is driven
// from the web UI (groups, services, updates) by the toolbox's api driver.
// verwalter-toolbox.js is a copy of dist/verwalter-toolbox.js.
var toolbox = require('./verwalter-toolbox');

exports.scheduler = toolbox.log.wrapScheduler(function (input) {
  return toolbox.drivers.api.schedule(input, {
    // the templates/<name>/v1 directory each node renders for a project
    template: 'example/v1',
  });
});
