// What a benchmark measures, counted from the schedules themselves, so that
// a generator that silently builds less (every action rejected, an empty
// cluster) stops the benchmark instead of timing nothing.

// Groups, their services, updates in progress, kept versions and nodes.
export function countsOf(schedule) {
  const counts = { groups: 0, services: 0, updates: 0, kept: 0, nodes: Object.keys(schedule.nodes ?? {}).length };
  for (const role of Object.values(schedule.state ?? {})) {
    for (const g of Object.values(role.groups ?? {})) {
      counts.groups++;
      counts.services += Object.keys(g.services ?? {}).length;
      if (g.update && !['done', 'revert_done'].includes(g.update.step)) counts.updates++;
    }
  }
  for (const role of Object.values(schedule.roles ?? {})) counts.kept += (role.versions ?? []).length;
  return counts;
}

// Throws unless the schedule holds what the plan expects, and unless every
// action of the run was carried out (its answer has no error).
export function checkRun(what, { schedule, actions }, expected) {
  const refused = Object.entries(actions ?? {}).filter(([, a]) => a && a.error !== undefined);
  if (refused.length) {
    const [id, a] = refused[0];
    throw new Error(`${what}: ${refused.length} action(s) refused, the first ${id}: ${a.error}`);
  }
  if (expected === undefined) return;
  const actual = countsOf(schedule);
  const wrong = Object.keys(expected).filter((k) => actual[k] !== expected[k]);
  if (wrong.length) {
    throw new Error(`${what}: the cluster is not what the generator claims: ${wrong.map((k) => `${k} ${actual[k]}, expected ${expected[k]}`).join('; ')}`);
  }
}
