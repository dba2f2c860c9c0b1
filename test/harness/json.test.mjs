import { expect } from 'chai';
import { JsonSyntaxError, parseJson, stableJson } from '../../harness/json.mjs';
import { jsonDifferences, pathText } from '../../harness/cases/diff.mjs';
import { outcomeLines, painter, progressLine } from '../../harness/cases/report.mjs';

describe('harness JSON helpers', function () {
  describe('parseJson', function () {
    const cases = [
      ['{\n  "a": 1,\n  "b": \n}', 4, 1, 'unexpected "}"'],
      ['{"a": 1} x', 1, 10, 'after the JSON value'],
      ['', 1, 1, 'unexpected end of input'],
      ['{"a" 1}', 1, 6, "expected ':'"],
      ['[1, 2,\n', 2, 1, 'unexpected end of input'],
      ['{"a": "x\ny"}', 1, 9, 'control character'],
    ];
    for (const [text, line, column, reason] of cases) {
      it(`names line ${line}, column ${column} of ${JSON.stringify(text)}`, function () {
        let error;
        try {
          parseJson(text, 'case/input.json');
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(JsonSyntaxError);
        expect(error).to.include({ file: 'case/input.json', line, column });
        expect(error.message).to.match(new RegExp(`^case/input\\.json:${line}:${column}: invalid JSON: `));
        expect(error.message).to.include(reason);
      });
    }

    it('parses valid JSON as JSON.parse does', function () {
      expect(parseJson('{"a": [1, "x", null]}', 'f')).to.deep.equal({ a: [1, 'x', null] });
    });
  });

  it('writes stable JSON: sorted keys, two spaces, a trailing newline', function () {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).to.equal(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  describe('jsonDifferences', function () {
    it('ignores key order and finds nothing in equal values', function () {
      expect(jsonDifferences({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).to.deep.equal([]);
    });

    it('names each difference by its JSON path', function () {
      const expected = { roles: { app: { versions: ['1.2', '1.1'] } }, gone: true, 'odd key': 1, n: null };
      const actual = { roles: { app: { versions: ['1.3'] } }, 'odd key': 2, extra: { x: 1 }, n: [] };
      expect(jsonDifferences(expected, actual)).to.deep.equal([
        { path: '$.roles.app.versions[0]', kind: 'changed', expected: '1.2', actual: '1.3' },
        { path: '$.roles.app.versions[1]', kind: 'missing', expected: '1.1' },
        { path: '$.gone', kind: 'missing', expected: true },
        { path: '$["odd key"]', kind: 'changed', expected: 1, actual: 2 },
        { path: '$.n', kind: 'changed', expected: null, actual: [] },
        { path: '$.extra', kind: 'unexpected', actual: { x: 1 } },
      ]);
    });

    it('aligns lists: one entry removed is one difference, not one for each entry after it', function () {
      const changes = ['a: created', 'b: started update', 'c: paused', 'd: resumed', 'e: done'];
      expect(jsonDifferences({ changes }, { changes: changes.filter((_, i) => i !== 1) })).to.deep.equal([
        { path: '$.changes[1]', kind: 'missing', expected: 'b: started update' },
      ]);
      const nodes = [{ name: 'n1', v: 1 }, { name: 'n2', v: 1 }, { name: 'n3', v: 1 }];
      const actual = [{ name: 'n0', v: 1 }, { name: 'n1', v: 1 }, { name: 'n2', v: 2 }, { name: 'n3', v: 1 }];
      expect(jsonDifferences({ nodes }, { nodes: actual })).to.deep.equal([
        { path: '$.nodes[0]', kind: 'unexpected', actual: { name: 'n0', v: 1 } },
        { path: '$.nodes[2].v', kind: 'changed', expected: 1, actual: 2 },
      ]);
      // Equal items match whatever their key order.
      expect(jsonDifferences([{ a: 1, b: 2 }, 3], [3, { b: 2, a: 1 }])).to.have.length(2);
      expect(jsonDifferences([{ a: 1, b: 2 }], [{ b: 2, a: 1 }])).to.deep.equal([]);
    });

    it('sees every key, __proto__ and list-delta look-alikes included', function () {
      const parse = (text) => JSON.parse(text);
      expect(jsonDifferences(parse('{"__proto__": {"a": 1}}'), parse('{"__proto__": {"a": 2}}'))).to.deep.equal([
        { path: '$.__proto__.a', kind: 'changed', expected: 1, actual: 2 },
      ]);
      expect(jsonDifferences(parse('{"x": {"__proto__": 1}}'), { x: {} })).to.deep.equal([
        { path: '$.x.__proto__', kind: 'missing', expected: 1 },
      ]);
      expect(jsonDifferences({ _t: 'a', _1: 2 }, { _t: 'a', _1: 3 })).to.deep.equal([
        { path: '$._1', kind: 'changed', expected: 2, actual: 3 },
      ]);
      expect(stableJson(parse('{"b": 1, "__proto__": {"a": 1}}'))).to.equal('{\n  "__proto__": {\n    "a": 1\n  },\n  "b": 1\n}\n');
    });

    it('writes paths for any key', function () {
      expect(pathText(['a', 0, 'b-c', '$x', ''])).to.equal('$.a[0]["b-c"].$x[""]');
    });
  });

  describe('replay report', function () {
    const paint = painter(false);
    const differences = Array.from({ length: 5 }, (_, i) => ({ path: `$.v[${i}]`, kind: 'changed', expected: i, actual: i + 1 }));

    it('caps the differences shown per case', function () {
      const lines = outcomeLines({ name: 'c1', status: 'fail', differences }, { paint, maxDiff: 2 });
      expect(lines).to.deep.equal([
        'FAIL c1: schedule differs from expected.json (5 differences)',
        '  $.v[0]: expected 0, got 1',
        '  $.v[1]: expected 1, got 2',
        '  … 3 more',
      ]);
    });

    it('colors expected green and actual red when asked to', function () {
      const [, line] = outcomeLines({ name: 'c1', status: 'fail', differences }, { paint: painter(true), maxDiff: 1 });
      expect(line).to.equal('  $.v[0]: expected \x1b[32m0\x1b[0m, got \x1b[31m1\x1b[0m');
    });

    it('shows a changed string with the change marked in place', function () {
      const change = { path: '$.changes[1]', kind: 'changed', expected: 'prod: started update to v1.2', actual: 'prod: started update to v1.3' };
      const [, line] = outcomeLines({ name: 'c1', status: 'fail', differences: [change] }, { paint, maxDiff: 5 });
      expect(line).to.equal('  $.changes[1]: "prod: started update to v1.[-2-]{+3+}"');
      const long = { path: '$.s', kind: 'changed', expected: `${'x'.repeat(100)}old${'y'.repeat(100)}`, actual: `${'x'.repeat(100)}new${'y'.repeat(100)}` };
      const [, longLine] = outcomeLines({ name: 'c1', status: 'fail', differences: [long] }, { paint, maxDiff: 5 });
      expect(longLine).to.equal(`  $.s: "…${'x'.repeat(20)}[-old-]{+new+}${'y'.repeat(20)}…"`);
      // Nothing in common: plainly expected and got.
      const other = { path: '$.v', kind: 'changed', expected: 'v1', actual: 'x2' };
      expect(outcomeLines({ name: 'c1', status: 'fail', differences: [other] }, { paint, maxDiff: 5 })[1]).to.equal('  $.v: expected "v1", got "x2"');
    });

    it('lists a passed case with its time only when verbose', function () {
      const passed = { name: 'c1', status: 'pass', durationMs: 12.5 };
      expect(outcomeLines(passed, { paint, maxDiff: 5 })).to.deep.equal([]);
      expect(outcomeLines(passed, { paint, maxDiff: 5, verbose: true })).to.deep.equal(['PASS c1 (12.5 ms)']);
    });

    it('draws progress only on a terminal', function () {
      const written = [];
      const terminal = { isTTY: true, write: (text) => written.push(text) };
      const line = progressLine(terminal, { afterMs: 0 });
      line.show(1, 2, 'case-a');
      line.clear();
      expect(written).to.deep.equal(['\r\x1b[K[1/2] case-a', '\r\x1b[K']);
      const pipe = { isTTY: false, write: () => expect.fail('wrote to a pipe') };
      progressLine(pipe, { afterMs: 0 }).show(1, 2, 'case-a');
    });
  });
});
