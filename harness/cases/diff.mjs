// Differences between two JSON values by value (object key order ignored),
// each at a JSON path such as $.roles.app.versions[0]. Lists are aligned by
// jsondiffpatch (a longest common subsequence of equal items), so removing
// one entry of a list is one difference, not one for every entry after it.

import { isDeepStrictEqual } from 'node:util';
import { create } from 'jsondiffpatch';
import { stableJson } from '../json.mjs';

const differ = create({
  // Items match when equal by value, wherever they are in the list.
  objectHash: (item) => stableJson(item),
  // A moved item is shown where it went missing and where it appeared.
  arrays: { detectMove: false },
  // Strings are compared whole; the report shows a change inline.
  textDiff: { minLength: Number.MAX_SAFE_INTEGER },
  cloneDiffValues: false,
});

// jsondiffpatch builds its deltas by assignment, which loses a "__proto__"
// key, and marks list deltas with "_t" and "_<index>" keys: it diffs values
// whose keys all carry a prefix. Paths and values come from the originals.
const ENCODED = '#';
function encode(value) {
  if (Array.isArray(value)) return value.map(encode);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const key of Object.keys(value)) out[ENCODED + key] = encode(value[key]);
  return out;
}
const deltaOf = (expected, actual) => differ.diff(encode(expected), encode(actual));

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function pathText(segments) {
  let text = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const kindOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const isContainer = (value) => value !== null && typeof value === 'object';

// `delta` describes how `want` became `got`: [added], [old, new], [old, 0, 0]
// (deleted), a list delta (_t: "a"), or an object of deltas by key.
function walk(delta, want, got, at, out) {
  if (Array.isArray(delta)) {
    const path = pathText(at);
    if (delta.length === 1) out.push({ path, kind: 'unexpected', actual: got });
    else if (delta.length === 2) out.push({ path, kind: 'changed', expected: want, actual: got });
    else out.push({ path, kind: 'missing', expected: want });
  } else if (delta._t === 'a') {
    listChanges(delta, want, got, at, out);
  } else {
    // Expected's keys in its order, then keys only the actual value has.
    const keys = [...Object.keys(want), ...Object.keys(got).filter((key) => !Object.hasOwn(want, key))];
    for (const key of keys) {
      if (Object.hasOwn(delta, ENCODED + key)) walk(delta[ENCODED + key], want[key], got[key], [...at, key], out);
    }
  }
}

// The unmatched items of a list, in gaps between the items both lists share.
// Within a gap, the n-th removed and the n-th added item are one item
// changed (compared in depth when both are objects or both lists); the rest
// are missing or unexpected.
function listChanges(delta, want, got, at, out) {
  const keys = Object.keys(delta);
  const removed = keys.filter((key) => /^_\d+$/.test(key)).map((key) => Number(key.slice(1))).sort((a, b) => a - b);
  const added = keys.filter((key) => /^\d+$/.test(key)).map(Number).sort((a, b) => a - b);
  // A gap is named by how many shared items come before it.
  const gaps = new Map();
  const note = (side) => (index, order) => {
    if (!gaps.has(index - order)) gaps.set(index - order, { gone: [], come: [] });
    gaps.get(index - order)[side].push(index);
  };
  removed.forEach(note('gone'));
  // An item changed in place (a nested delta) is not an addition.
  added.filter((index) => Array.isArray(delta[index])).forEach(note('come'));
  for (const gap of [...gaps.keys()].sort((a, b) => a - b)) {
    const { gone, come } = gaps.get(gap);
    const paired = Math.min(gone.length, come.length);
    for (let n = 0; n < paired; n++) {
      const [before, after] = [want[gone[n]], got[come[n]]];
      const at2 = [...at, come[n]];
      if (isContainer(before) && kindOf(before) === kindOf(after)) walk(deltaOf(before, after), before, after, at2, out);
      else out.push({ path: pathText(at2), kind: 'changed', expected: before, actual: after });
    }
    for (const index of gone.slice(paired)) out.push({ path: pathText([...at, index]), kind: 'missing', expected: want[index] });
    for (const index of come.slice(paired)) out.push({ path: pathText([...at, index]), kind: 'unexpected', actual: got[index] });
  }
  for (const index of added) {
    if (!Array.isArray(delta[index])) walk(delta[index], want[index], got[index], [...at, index], out);
  }
}

// [{path, kind: 'changed'|'missing'|'unexpected', expected?, actual?}];
// empty when the values are equal.
export function jsonDifferences(expected, actual) {
  // Most cases pass; a deep comparison (key order aside) says so quickly.
  if (isDeepStrictEqual(expected, actual)) return [];
  const delta = deltaOf(expected, actual);
  const out = [];
  if (delta !== undefined) walk(delta, expected, actual, [], out);
  return out;
}
