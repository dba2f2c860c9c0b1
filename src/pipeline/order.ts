// Ordering stages by their before/after constraints. Explicit constraints
// must hold, and a cycle among them is an error naming its stages. The
// implicit ones (test mode before the restarts, quick before smooth) only
// apply where they don't contradict the explicit ones: the reference's own
// "typical setup" (a quick restart `before` test mode) is otherwise a cycle.
import { has, setKey } from '../json';

/** `from` runs before `to`. */
export interface Edge {
  from: string;
  to: string;
}

export interface Ordered {
  order: string[] | null;
  /** When there is no order: the stages of one cycle, in cycle order. */
  cycle?: string[];
}

type Adjacency = { [name: string]: string[] };

function adjacency(names: string[]): Adjacency {
  var out: Adjacency = {};
  for (var i = 0; i < names.length; i++) setKey(out, names[i], []);
  return out;
}

function addEdge(next: Adjacency, prev: Adjacency, e: Edge): void {
  if (e.from === e.to || !has(next, e.from) || !has(next, e.to)) return;
  next[e.from].push(e.to);
  prev[e.to].push(e.from);
}

function reaches(next: Adjacency, from: string, to: string): boolean {
  var seen: { [name: string]: boolean } = {};
  var stack = [from];
  while (stack.length) {
    var cur = stack.pop() as string;
    if (cur === to) return true;
    if (seen[cur]) continue;
    setKey(seen, cur, true);
    for (var i = 0; i < next[cur].length; i++) stack.push(next[cur][i]);
  }
  return false;
}

function minName(list: string[]): string {
  var best = list[0];
  for (var i = 1; i < list.length; i++) if (list[i] < best) best = list[i];
  return best;
}

// Every stage left over when Kahn's algorithm stalls has a predecessor that
// is left over too, so walking predecessors must come back on itself.
function findCycle(prev: Adjacency, left: { [name: string]: boolean }): string[] {
  var names: string[] = [];
  for (var n in left) if (has(left, n) && left[n]) names.push(n);
  var path: string[] = [];
  var at: { [name: string]: number } = {};
  var cur = minName(names);
  while (!has(at, cur)) {
    setKey(at, cur, path.length);
    path.push(cur);
    var preds: string[] = [];
    for (var i = 0; i < prev[cur].length; i++) if (left[prev[cur][i]]) preds.push(prev[cur][i]);
    cur = minName(preds);
  }
  var cycle = path.slice(at[cur]).reverse();
  // Start at the smallest name so the message doesn't depend on the walk.
  var first = 0;
  for (var j = 1; j < cycle.length; j++) if (cycle[j] < cycle[first]) first = j;
  return cycle.slice(first).concat(cycle.slice(0, first));
}

/** Names in an order honouring `hard` and whichever `soft` edges (taken in
 * the given order) don't close a cycle; among stages free to go next, the
 * lowest `rank`, then the smallest name, goes first. */
export function orderStages(names: string[], rank: { [name: string]: number }, hard: Edge[], soft: Edge[]): Ordered {
  var next = adjacency(names);
  var prev = adjacency(names);
  for (var i = 0; i < hard.length; i++) addEdge(next, prev, hard[i]);
  for (var j = 0; j < soft.length; j++) {
    var e = soft[j];
    if (has(next, e.from) && has(next, e.to) && !reaches(next, e.to, e.from)) addEdge(next, prev, e);
  }
  var waiting: { [name: string]: number } = {};
  var left: { [name: string]: boolean } = {};
  for (var k = 0; k < names.length; k++) {
    setKey(waiting, names[k], prev[names[k]].length);
    setKey(left, names[k], true);
  }
  var order: string[] = [];
  while (order.length < names.length) {
    var pick: string | null = null;
    for (var m = 0; m < names.length; m++) {
      var n = names[m];
      if (!left[n] || waiting[n] > 0) continue;
      if (pick === null || rank[n] < rank[pick] || (rank[n] === rank[pick] && n < pick)) pick = n;
    }
    if (pick === null) return { order: null, cycle: findCycle(prev, left) };
    setKey(left, pick, false);
    order.push(pick);
    for (var q = 0; q < next[pick].length; q++) waiting[next[pick][q]]--;
  }
  return { order: order };
}
