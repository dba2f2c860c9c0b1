// The bundle's public surface (src/index.ts): every function of the core
// namespaces, called with bad input inside a wrapped scheduler, gives a
// logged error or a documented result, never an exception out of the run.
import { createRequire } from 'node:module';
import { expect } from 'chai';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const NAMESPACES = ['version', 'validate', 'log', 'json', 'split', 'role', 'gen'];

// A function, so that values a call mutates (a logger's lines list) are
// fresh for the next call.
const bad = () => [
  undefined, null, NaN, -1, 0, 1465479290000, '', 'x', 'v1.0', true, [], [null, 'v1'], {},
  { toString: 1 }, JSON.parse('{"__proto__": {"a": 1}}'),
  { runtime: { web: 'x', 'v1': null }, parents: [null, { state: [] }], actions: { soon: { button: { role: 5 } } }, now: 'later' },
  function () { return 1; },
];
const BAD = bad();
const BIG = BAD.indexOf(1465479290000);
const COUNTED = ['gen.range', 'gen.repeat', 'gen.versions', 'gen.steadyMetric'];

const isClass = (f) => f.prototype && Object.getOwnPropertyNames(f.prototype).length > 1;

function publicFunctions() {
  const out = [['repr', T.repr]];
  for (const ns of NAMESPACES) {
    for (const name of Object.keys(T[ns])) {
      if (typeof T[ns][name] === 'function') out.push([ns + '.' + name, T[ns][name]]);
    }
  }
  return out;
}

// Calls fn with every pair of bad values (and the rest of its arguments
// bad too), then uses what comes back the way a caller would.
function exercise(name, fn) {
  const arity = Math.max(fn.length, 3);
  for (let i = 0; i < BAD.length; i++) {
    for (let j = 0; j < BAD.length; j++) {
      const a = bad()[i];
      const b = bad()[j];
      // a count of a timestamp's size is a legitimately huge list
      if (COUNTED.indexOf(name) >= 0 && (i === BIG || j === BIG)) continue;
      const args = [a, b];
      while (args.length < arity) args.push(b);
      const result = isClass(fn) ? new fn(...args) : fn(...args);
      if (name === 'log.wrapScheduler') {
        const r = result(a);
        if (r.schedule !== null) throw new Error('a wrapped non-function gave a schedule');
      } else if (name.startsWith('validate.') && result && typeof result.convert === 'function') {
        const r = T.validate.validate(result, a, b);
        if (!Array.isArray(r.errors)) throw new Error('no errors list');
      } else if (result instanceof T.log.Logger) {
        result.debug(a, b); result.error(a); result.change(b); result.invalid(a, b, a); result.sub(a).sub(b).debug(a);
      } else if (result instanceof T.role.Role) {
        JSON.stringify(result.output());
        JSON.stringify(T.role.mergeOutput({ r: result }));
      }
    }
  }
}

describe('the public functions, on bad input', () => {
  const fns = publicFunctions();

  it('covers the core namespaces', () => {
    const names = fns.map(([n]) => n);
    for (const n of ['version.compare', 'version.selectAuto', 'validate.object', 'log.wrapScheduler', 'json.clone',
      'split.stateByRole', 'role.fromState', 'role.unroutedActions', 'gen.schedule', 'gen.versions', 'repr']) {
      expect(names).to.include(n);
    }
    expect(names.length).to.be.above(70);
  });

  for (const [name, fn] of fns) {
    it(name, () => {
      const r = T.log.wrapScheduler(() => {
        exercise(name, fn);
        return {};
      })({});
      // change notes (log.roleChange) may land in `changes`; nothing else
      expect(r.log, r.log.slice(-2000)).not.to.include('\nUncaught ');
      expect(Object.keys(r.schedule).filter((k) => k !== 'changes')).to.deep.equal([]);
    });
  }

  it('a scheduler composed the usual way survives any of these inputs', () => {
    const scheduler = T.log.wrapScheduler((input) => {
      const roles = T.role.fromState(input, (role) => ({
        prepare(params) {
          const chosen = T.version.selectAuto({ runtime: params.runtime, actions: params.actions, parents: [], now: input && input.now, log: role.log });
          role.state = chosen.version ? { version: chosen.version.version } : null;
        },
      }));
      T.role.answerUnrouted(input, roles);
      return T.role.mergeOutput(roles);
    });
    for (const input of BAD) {
      const r = scheduler(input);
      expect(r.schedule, r.log).to.be.an('object');
      expect(r.log).not.to.include('\nUncaught ');
    }
  });
});
