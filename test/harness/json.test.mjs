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
