// Host-side copies keep every key: a group, service or version named
// `__proto__` is an own key in the scheduler's JSON, and must stay one in
// what `run` prints and what `replay --update` writes (a plain `copy[key] =`
// would set the copy's prototype instead and drop the key).
import { expect } from 'chai';
import { sortKeys, stableJson } from '../../harness/json.mjs';

const schedule = () => JSON.parse('{"state": {"web": {"groups": {"__proto__": {"version": "v1", "services": {"__proto__": {"service": "__proto__"}}}, "b": {}}}}}');

describe('harness JSON: __proto__ keys', function () {
  it('sortKeys keeps them as own keys, at every level', function () {
    const sorted = sortKeys(schedule());
    const groups = sorted.state.web.groups;
    expect(Object.keys(groups)).to.deep.equal(['__proto__', 'b']);
    expect(Object.getPrototypeOf(groups)).to.equal(Object.prototype);
    expect(Object.keys(groups.__proto__.services)).to.deep.equal(['__proto__']);
  });

  it('stableJson writes them, and reading the text back gives the same value', function () {
    const text = stableJson(schedule());
    expect(text).to.match(/"__proto__": \{\s+"services"/);
    expect(stableJson(JSON.parse(text))).to.equal(text);
    expect(JSON.parse(text)).to.deep.equal(schedule());
  });
});
