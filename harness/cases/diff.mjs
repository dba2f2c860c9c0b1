// Differences between two JSON values by value (object key order ignored),
// each at a JSON path such as $.roles.app.versions[0].

function kindOf(value) {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function pathText(segments) {
  let text = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return text;
}

// [{path, kind: 'changed'|'missing'|'unexpected', expected?, actual?}] in
// document order; empty when the values are equal.
export function jsonDifferences(expected, actual) {
  const differences = [];
  const walk = (want, got, at) => {
    const wantKind = kindOf(want);
    if (wantKind !== kindOf(got)) {
      differences.push({ path: pathText(at), kind: 'changed', expected: want, actual: got });
    } else if (wantKind === 'array') {
      const common = Math.min(want.length, got.length);
      for (let i = 0; i < common; i++) walk(want[i], got[i], [...at, i]);
      for (let i = common; i < want.length; i++) differences.push({ path: pathText([...at, i]), kind: 'missing', expected: want[i] });
      for (let i = common; i < got.length; i++) differences.push({ path: pathText([...at, i]), kind: 'unexpected', actual: got[i] });
    } else if (wantKind === 'object') {
      for (const key of Object.keys(want)) {
        if (Object.hasOwn(got, key)) walk(want[key], got[key], [...at, key]);
        else differences.push({ path: pathText([...at, key]), kind: 'missing', expected: want[key] });
      }
      for (const key of Object.keys(got)) {
        if (!Object.hasOwn(want, key)) differences.push({ path: pathText([...at, key]), kind: 'unexpected', actual: got[key] });
      }
    } else if (want !== got) {
      differences.push({ path: pathText(at), kind: 'changed', expected: want, actual: got });
    }
  };
  walk(expected, actual, []);
  return differences;
}
