// Every dynamic key the bundle writes goes through json.setKey (or dict.put,
// its write without setKey's checks on the object and key): a plain
// `obj[key] = v` with key `__proto__` changes the prototype instead (the key
// vanishes from the output in Node and Duktape, while QuickJS may keep it).
// Checked on the TypeScript source, so a new plain write fails here.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

// Writes that are not object keys from data, each with its reason.
const ALLOWED = {
  'dict.ts': ['obj[key] = value'], // put (setKey's write too), past its `__proto__` branch
  'log.ts': ['saved[method] = c[method]', 'c[method] = ', 'c[m] = saved[m]'], // console methods, from a constant table
  'pipeline/spread.ts': ['result[item][i] += 1', 'result[item][last] -= 1'], // array indexes
  'drivers/api/index.ts': ['given[first] = ', 'askedFor[first] = '], // array indexes (twin sets)
  'drivers/api/nodes.ts': ['out[j] = '], // array indexes (an insertion sort of servers)
};

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function plainDynamicWrites(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES5, true);
  const found = [];
  const visit = (node) => {
    const assigns = ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    if (assigns && ts.isElementAccessExpression(node.left)) {
      const key = node.left.argumentExpression;
      if (!ts.isStringLiteral(key) && !ts.isNumericLiteral(key)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push({ line: line + 1, text: node.getText().split('\n')[0] });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('safe setter', () => {
  it('no plain write of a dynamic key in src/ (json.setKey instead)', () => {
    const bad = [];
    let allowedSeen = 0;
    for (const path of files(SRC)) {
      const name = relative(SRC, path);
      for (const w of plainDynamicWrites(path)) {
        if ((ALLOWED[name] || []).some((text) => w.text.startsWith(text))) allowedSeen++;
        else bad.push(`src/${name}:${w.line}: ${w.text}`);
      }
    }
    expect(bad).to.deep.equal([]);
    // The scan sees writes at all.
    expect(allowedSeen).to.equal(10);
  });
});
