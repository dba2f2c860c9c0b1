// The benchmark's baseline: a scheduler that only hands back its parent, so
// that its run is the engine parsing the input and writing a schedule of the
// same size, with no scheduling work at all. It loads the toolbox as every
// scheduler does (run.mjs puts the example's copy beside it): what is
// allocated before the input is parsed decides where QuickJS's collections
// fall while it is, and without it the parse took up to twice as long.
require('./verwalter-toolbox');

exports.scheduler = function (input) {
  return { schedule: input.parents[0] || {}, log: '', actions: {} };
};
