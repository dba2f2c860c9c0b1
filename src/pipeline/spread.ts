// Turning per-process percentages into whole instance counts per server.
import { setKey } from '../json';

/**
 * For each of `items` (servers), how many of its `num` instances go to each
 * entry of `percentages` (e.g. [source %, target %]). Each item gets the
 * rounded-down share and the last entry the rest; the instances the
 * rounding leaves over overall are handed out one per item, starting at
 * item `seed` (mod the count), so that over all items the counts are as
 * close to the percentages as whole numbers allow. All zero when the
 * percentages are (the reference checked only the last two for that).
 */
export function spread(items: string[], num: number, percentages: number[], seed: number): { [item: string]: number[] } {
  var result: { [item: string]: number[] } = {};
  var n = items.length;
  var last = percentages.length - 1;
  var i: number, j: number;
  var total = 0;
  for (i = 0; i < percentages.length; i++) total += percentages[i];
  if (last < 0 || total === 0) {
    for (j = 0; j < n; j++) {
      var zeros: number[] = [];
      for (i = 0; i < percentages.length; i++) zeros.push(0);
      setKey(result, items[j], zeros);
    }
    return result;
  }
  var base: number[] = [];
  var want: number[] = [];
  var baseSum = 0;
  var wantSum = 0;
  for (i = 0; i < last; i++) {
    base.push(Math.floor(num * percentages[i] / 100));
    want.push(Math.floor(num * n * percentages[i] / 100));
    baseSum += base[i];
    wantSum += want[i];
  }
  base.push(num - baseSum);
  want.push(num * n - wantSum);
  for (j = 0; j < n; j++) setKey(result, items[j], base.slice());
  if (baseSum * n < wantSum) {
    var off = Math.floor(seed) || 0;
    for (i = 0; i < last; i++) {
      var extra = want[i] - base[i] * n;
      for (j = 0; j < extra; j++) {
        var item = items[(((off + j) % n) + n) % n];
        result[item][i] += 1;
        result[item][last] -= 1;
      }
      off += extra;
    }
  }
  return result;
}
