// A steady tick of a generated cluster, as the leader sees it every few
// seconds: its parent is the previous run's full schedule. The runs that
// build the cluster go through the built bundle under Node, each checked
// (every button accepted, the counts the plan implies).
import { createRequire } from 'node:module';
import { checkRun } from './check.mjs';
import { inputOf, makeCluster, measuredActions, NOW } from './cluster.mjs';

const toolbox = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
export const nodeScheduler = toolbox.log.wrapScheduler((input) => toolbox.drivers.api.schedule(input, { template: 'example/v1' }));

// {cluster, input, parent}: `input` is the measured run's input, checked by
// running it once here.
export function steadyTick(size, seed = 1) {
  const cluster = makeCluster(size, seed);
  let parents = [];
  cluster.ticks.forEach((tick, i) => {
    const result = nodeScheduler(inputOf(cluster, tick, parents));
    checkRun(`setup run ${i + 1}`, result, i === cluster.ticks.length - 1 ? cluster.expected : undefined);
    parents = [result.schedule];
  });
  const input = inputOf(cluster, { now: NOW, actions: measuredActions(cluster) }, parents);
  checkRun('the measured run (Node)', nodeScheduler(input), cluster.expected);
  return { cluster, input, parent: parents[0] };
}
