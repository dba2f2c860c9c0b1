// A verwalter scheduler: every project in /etc/verwalter/runtime is a role,
// driven from verwalter's web UI (groups, services, updates) by the toolbox's
// api driver. verwalter-toolbox.js beside this file is the toolbox
// (`verwalter-harness upgrade scheduler/v1` replaces it with a newer one).
var toolbox = require('./verwalter-toolbox');

exports.scheduler = toolbox.log.wrapScheduler(function (input) {
  return toolbox.drivers.api.schedule(input, {
    // the templates/<name>/v1 directory each node renders for a project
    template: 'example/v1',
  });
});
