// The benchmark's baseline: a scheduler that only hands back its parent, so
// that its run is the engine parsing the input and writing a schedule of the
// same size, with no scheduling work at all.
exports.scheduler = function (input) {
  return { schedule: input.parents[0] || {}, log: '', actions: {} };
};
