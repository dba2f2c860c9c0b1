// The example scheduler with two marks in its console output, which the
// phase timer (phases.mjs) stamps as they arrive: the input has been
// parsed, the driver has finished. Run from a copy beside the bundle.
var toolbox = require('./verwalter-toolbox');

var schedule = toolbox.log.wrapScheduler(function (input) {
  return toolbox.drivers.api.schedule(input, { template: 'example/v1' });
});

exports.scheduler = function (input) {
  console.log('parsed');
  var result = schedule(input);
  console.log('scheduled');
  return result;
};
