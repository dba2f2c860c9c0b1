// trafaret_spec.lua, error paths, and that no validator throws on any JSON.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import fc from 'fast-check';

const T = createRequire(import.meta.url)('../../dist/verwalter-toolbox.js');
const V = T.validate;

// The reference's (ok, value, errors), errors being nil when ok.
const check = (validator, value) => V.validate(validator, value);

describe('validate', () => {
  describe('trafaret: atom', () => {
    const number = V.constant(1);
    const str = V.constant('x');
    it('validate number', () => expect(check(number, 1).ok).to.equal(true));
    it('validate wrong number', () => {
      expect(check(number, 2).ok).to.equal(false);
      expect(check(number, '1').ok).to.equal(false);
    });
    it('validate string', () => expect(check(str, 'x').ok).to.equal(true));
    it('validate wrong string', () => {
      expect(check(str, 2).ok).to.equal(false);
      expect(check(str, 'xx').ok).to.equal(false);
      expect(check(str, 'y').ok).to.equal(false);
    });
  });

  describe('trafaret: number', () => {
    const number = V.number();
    it('validate num', () => expect(check(number, 1).ok).to.equal(true));
    it('validate string', () => {
      const r = check(number, 'hello');
      expect(r.ok).to.equal(false);
      expect(r.value).to.equal(undefined);
      expect(r.errors).to.deep.equal([': Value is not a number, but string']);
    });
    it('validate table', () => {
      const r = check(number, {});
      expect(r.ok).to.equal(false);
      expect(r.value).to.equal(undefined);
      expect(r.errors).to.deep.equal([': Value is not a number, but object']);
    });
    it('a number that is not finite says which it is', () => {
      expect(check(V.number(), Infinity).errors).to.deep.equal([': Value is not a finite number, but Infinity']);
      expect(check(V.number(), -Infinity).errors).to.deep.equal([': Value is not a finite number, but -Infinity']);
      expect(check(V.number(), NaN).errors).to.deep.equal([': Value is not a finite number, but NaN']);
    });
  });

  describe('trafaret: bool', () => {
    const bool = V.boolean();
    it('validate bool', () => {
      expect(check(bool, true).ok).to.equal(true);
      expect(check(bool, false).ok).to.equal(true);
    });
    for (const [name, input, type] of [['validate number', 0, 'number'], ['validate empty string', '', 'string'], ['validate string', 'hello', 'string'], ['validate table', {}, 'object']]) {
      it(name, () => {
        const r = check(bool, input);
        expect(r.ok).to.equal(false);
        // Lua truthiness: everything but nil and false is true
        expect(r.value).to.equal(true);
        expect(r.errors).to.deep.equal([': Value is not a boolean, but ' + type]);
      });
    }
  });

  describe('trafaret: string', () => {
    const str = V.string();
    const ver = V.string(/^v\d/);
    it('validate str', () => {
      expect(check(str, 'xxx').ok).to.equal(true);
      expect(check(str, '111').ok).to.equal(true);
    });
    it('validate number', () => {
      const r = check(str, 123);
      expect(r.ok).to.equal(false);
      expect(r.value).to.equal('123');
      expect(r.errors).to.deep.equal([': Value is not a string, but number']);
    });
    it('validate table', () => {
      const r = check(str, {});
      expect(r.ok).to.equal(false);
      expect(r.errors).to.deep.equal([': Value is not a string, but object']);
    });
    it('validate ver', () => {
      expect(check(ver, 'v1').ok).to.equal(true);
      expect(check(ver, 'v1.2.3').ok).to.equal(true);
      expect(check(ver, '1.2.3').ok).to.equal(false);
      expect(check(ver, 'xxx').ok).to.equal(false);
      expect(check(ver, 'vvv').ok).to.equal(false);
      expect(check(ver, 'vvv').errors).to.deep.equal([": Value doesn't match pattern /^v\\d/"]);
    });
  });

  describe('trafaret: dict', () => {
    const fixed = V.object({ xxx: V.number(), yyy: V.number() });
    const extra = V.object({}, { allowExtra: true });
    const withDefault = V.object({ xxx: V.withDefault(V.number(), 1) });
    const optional = V.object({ xxx: V.optional(V.number()), yyy: V.number() });
    it('fixed ok', () => {
      const r = check(fixed, { xxx: 1, yyy: 2 });
      expect(r.ok).to.equal(true);
      expect(r.value).to.deep.equal({ yyy: 2, xxx: 1 });
    });
    it('fixed missing', () => {
      const r = check(fixed, { xxx: 1 });
      expect(r.ok).to.equal(false);
      expect(r.errors).to.deep.equal(['.yyy: Required key']);
    });
    it('fixed extra', () => {
      const r = check(fixed, { xxx: 1, yyy: 3, zzz: 4 });
      expect(r.ok).to.equal(false);
      expect(r.errors).to.deep.equal(['.zzz: Unexpected key']);
    });
    it('fixed wrong type', () => expect(check(fixed, { xxx: '1', yyy: 2 }).ok).to.equal(false));
    it('default exits', () => {
      const r = check(withDefault, { xxx: 3 });
      expect(r.ok).to.equal(true);
      expect(r.value).to.deep.equal({ xxx: 3 });
    });
    it('default not exists', () => {
      const r = check(withDefault, {});
      expect(r.ok).to.equal(true);
      expect(r.value).to.deep.equal({ xxx: 1 });
    });
    it('default wrong type', () => {
      const r = check(withDefault, { xxx: '3' });
      expect(r.ok).to.equal(false);
      expect(r.value).to.deep.equal({ xxx: 3 });
    });
    it('allow_extra', () => {
      const r = check(extra, { xxx: '1', yyy: 2 });
      expect(r.ok).to.equal(true);
      expect(r.value).to.deep.equal({ xxx: '1', yyy: 2 });
    });
    it('optional present', () => {
      const r = check(optional, { xxx: 1, yyy: 2 });
      expect(r.ok).to.equal(true);
      expect(r.value).to.deep.equal({ yyy: 2, xxx: 1 });
    });
    it('optional absent', () => {
      const r = check(optional, { yyy: 2 });
      expect(r.errors).to.deep.equal([]);
      expect(r.ok).to.equal(true);
      expect(r.value).to.deep.equal({ yyy: 2 });
    });
    it('takes a Lua-era [] as an empty object, and null as a missing optional key', () => {
      expect(check(withDefault, [])).to.deep.equal({ ok: true, value: { xxx: 1 }, errors: [] });
      expect(check(optional, { xxx: null, yyy: 2 })).to.deep.equal({ ok: true, value: { yyy: 2 }, errors: [] });
      expect(check(fixed, [1]).errors).to.deep.equal([': Value is not an object, but array']);
    });
    it('gives each result its own copy of a default', () => {
      const v = V.object({ groups: V.withDefault(V.map(V.string(), V.any()), {}) });
      const first = check(v, {}).value;
      first.groups.g1 = 'added';
      expect(check(v, {}).value).to.deep.equal({ groups: {} });
    });
  });

  describe('trafaret: list', () => {
    const lst = V.list(V.number());
    it('empty', () => expect(check(lst, [])).to.deep.equal({ ok: true, value: [], errors: [] }));
    it('normal', () => expect(check(lst, [1, 2, 3])).to.deep.equal({ ok: true, value: [1, 2, 3], errors: [] }));
    it('bad', () => {
      const r = check(lst, [1, '2', 3]);
      expect(r.ok).to.equal(false);
      expect(r.value).to.deep.equal([1, 2, 3]);
      expect(r.errors).to.deep.equal(['.1: Value is not a number, but string']);
    });
  });

  describe('trafaret: map', () => {
    const map = V.map(V.string(), V.number());
    it('empty', () => expect(check(map, {})).to.deep.equal({ ok: true, value: {}, errors: [] }));
    it('normal', () => expect(check(map, { a: 1, b: 2 })).to.deep.equal({ ok: true, value: { a: 1, b: 2 }, errors: [] }));
    it('bad', () => {
      const r = check(map, { a: '1', b: 'b', c: 3 });
      expect(r.ok).to.equal(false);
      expect(r.value).to.deep.equal({ a: 1, c: 3 }); // b is dropped
    });
  });

  describe('trafaret: or', () => {
    const alt = V.or([V.string(), V.number()]);
    it('string', () => expect(check(alt, 'x')).to.deep.equal({ ok: true, value: 'x', errors: [] }));
    it('number', () => expect(check(alt, 1)).to.deep.equal({ ok: true, value: 1, errors: [] }));
    it('table', () => {
      const r = check(alt, { x: 1 });
      expect(r.ok).to.equal(false);
      expect(r.value).to.deep.equal({ x: 1 });
      expect(r.errors).to.deep.equal([
        '.<alternative 1>: Value is not a string, but object',
        '.<alternative 2>: Value is not a number, but object',
      ]);
    });
  });

  describe('trafaret: choice', () => {
    const choice = V.choice('key', {
      str: V.object({ key: V.constant('str'), value: V.string() }),
      num: V.object({ key: V.constant('num'), value: V.number() }),
    });
    it('choice_ok_string', () => expect(check(choice, { key: 'str', value: '1' })).to.deep.equal({ ok: true, value: { key: 'str', value: '1' }, errors: [] }));
    it('choice_ok_number', () => expect(check(choice, { key: 'num', value: 1 })).to.deep.equal({ ok: true, value: { key: 'num', value: 1 }, errors: [] }));
    it('choice_err_string', () => {
      const r = check(choice, { key: 'str', value: 1 });
      expect(r.ok).to.equal(false);
      expect(r.errors).to.deep.equal(['<choice str>.value: Value is not a string, but number']);
    });
    it('choice_err_number', () => {
      const r = check(choice, { key: 'num', value: '1' });
      expect(r.ok).to.equal(false);
      expect(r.errors).to.deep.equal(['<choice num>.value: Value is not a number, but string']);
    });
    it('wrong_choice', () => {
      const r = check(choice, { key: 'nothing', value: '1' });
      expect(r.ok).to.equal(false);
      expect(r.errors).to.have.length(1);
      expect(r.errors[0]).to.be.oneOf([': Key key must be one of str, num', ': Key key must be one of num, str']);
    });
    it('no_selector', () => {
      const r = check(choice, {});
      expect(r.ok).to.equal(false);
      expect(r.errors).to.deep.equal([': Dict must contain key']);
    });
  });

  describe('trafaret: enum', () => {
    const alt = V.oneOf(['x', 'y']);
    it('valid', () => expect(check(alt, 'x')).to.deep.equal({ ok: true, value: 'x', errors: [] }));
    it('invalid', () => {
      const r = check(alt, 'z');
      expect(r.ok).to.equal(false);
      expect(r.value).to.equal(undefined);
      expect(r.errors).to.deep.equal([': Must be one of x, y']);
    });
  });

  describe('trafaret: any', () => {
    const any = V.any();
    it('str', () => expect(check(any, 'x')).to.deep.equal({ ok: true, value: 'x', errors: [] }));
    it('dict', () => expect(check(any, {})).to.deep.equal({ ok: true, value: {}, errors: [] }));
  });

  // A schedule state like the api driver's, to see paths through every kind.
  const service = V.object({
    service: V.string(),
    servers: V.list(V.string()),
    number_per_server: V.number(),
    variables: V.optional(V.map(V.string(), V.or([V.string(), V.number()]))),
  });
  const STATE = V.object({
    groups: V.withDefault(V.map(V.string(), V.object({
      version: V.string(),
      update: V.optional(V.any()),
      auto_update: V.withDefault(V.boolean(), false),
      last_deployed: V.withDefault(V.map(V.string(), V.number()), {}),
      services: V.withDefault(V.map(V.string(), service), {}),
      extra: V.optional(V.object({}, { allowExtra: true })),
    })), {}),
  });
  const ACTION = V.object({
    button: V.choice('action', {
      create_group: V.object({ action: V.constant('create_group'), role: V.string(), group_name: V.string(), version: V.string() }),
      update_action: V.object({
        action: V.constant('update_action'), role: V.string(), group: V.string(),
        update_action: V.oneOf(['pause', 'revert', 'resume', 'skip', 'proceed', 'ack', 'error']),
        step: V.optional(V.string()), error_message: V.optional(V.string()),
      }),
    }),
  });

  describe('error paths', () => {
    it('names the place in nested objects, maps and lists (0-based)', () => {
      const r = check(STATE, {
        groups: { g1: { version: 'v1', services: { site: { service: 'web', servers: ['a', 'b', 7], number_per_server: 1 } } } },
      });
      expect(r.errors).to.deep.equal(['.groups.g1.services.site.servers.2: Value is not a string, but number']);
      expect(r.value.groups.g1.services.site.servers).to.deep.equal(['a', 'b', '7']);
    });

    it('reports every error, with its own path', () => {
      const r = check(STATE, {
        groups: {
          g1: { version: 1, last_deployed: { v1: 'x' }, services: { s: { service: 'x', servers: 'a', number_per_server: 1, variables: { a: [] } } } },
          g2: [],
          g3: 'no',
        },
        other: 1,
      });
      // Keys in sorted order, whatever their order in the input.
      expect(r.errors).to.deep.equal([
        '.groups.g1.last_deployed.v1: Value is not a number, but string',
        '.groups.g1.services.s.servers: Value is not a list, but string',
        '.groups.g1.services.s.variables.a.<alternative 1>: Value is not a string, but array',
        '.groups.g1.services.s.variables.a.<alternative 2>: Value is not a number, but array',
        '.groups.g1.version: Value is not a string, but number',
        '.groups.g2.version: Required key',
        '.groups.g3: Value is not an object, but string',
        '.other: Unexpected key',
      ]);
    });

    it('puts a map key error at <key>, and a choice inside a path', () => {
      const keyed = V.map(V.string(/^v/), V.any());
      expect(check(keyed, { x1: 1, v1: 2 }).errors).to.deep.equal([".x1<key>: Value doesn't match pattern /^v/"]);
      expect(check(V.object({ a: ACTION }), { a: { button: { action: 'update_action', role: 'r', group: 'g', update_action: 'go' } } }).errors)
        .to.deep.equal(['.a.button<choice update_action>.update_action: Must be one of pause, revert, resume, skip, proceed, ack, error']);
    });

    it('keeps a `__proto__` key as data, not as a prototype', () => {
      const r = check(V.map(V.string(), V.number()), JSON.parse('{"__proto__": 1, "a": 2}'));
      expect(Object.keys(r.value)).to.deep.equal(['__proto__', 'a']);
      const x = check(V.object({}, { allowExtra: true }), JSON.parse('{"__proto__": {"polluted": 1}}')).value;
      expect(x.polluted).to.equal(undefined);
      expect(Object.keys(x)).to.deep.equal(['__proto__']);
    });

    // An object inherits these names: whether the result has its own is
    // asked of the result, not read from it.
    it('fills and requires keys named as Object.prototype\'s', () => {
      const shape = V.object({ toString: V.withDefault(V.string(), 'd'), constructor: V.string(), ['__proto__']: V.optional(V.number()), a: V.number() });
      const empty = check(shape, {});
      expect(empty.errors).to.deep.equal(['.constructor: Required key', '.a: Required key']);
      expect(Object.keys(empty.value)).to.deep.equal(['toString']);
      expect(empty.value.toString).to.equal('d');
      const full = check(shape, JSON.parse('{"a": 1, "constructor": "c", "toString": "t", "__proto__": 2}'));
      expect(full.errors).to.deep.equal([]);
      expect(Object.keys(full.value)).to.deep.equal(['__proto__', 'a', 'constructor', 'toString']);
      expect(Object.getPrototypeOf(full.value)).to.equal(Object.prototype);
    });

    it('renders an unexpected value safely in messages', () => {
      // String() of this object throws: its toString is not a function
      expect(check(V.constant('x'), { toString: 1 }).errors).to.deep.equal([': Value must be "x", but is {toString=1}']);
    });
  });

  describe('never throws on arbitrary JSON', () => {
    const validators = {
      any: V.any(), constant: V.constant('x'), number: V.number(), boolean: V.boolean(), string: V.string(/^v\d/),
      oneOf: V.oneOf(['a', 'b']), optional: V.optional(V.number()), withDefault: V.withDefault(V.string(), 'd'),
      object: V.object({ a: V.number(), b: V.optional(V.string()) }), extra: V.object({}, { allowExtra: true }),
      map: V.map(V.string(), V.list(V.number())), list: V.list(V.map(V.string(), V.boolean())),
      or: V.or([V.number(), V.list(V.string())]), choice: V.choice('kind', { a: V.object({ kind: V.constant('a') }) }),
      state: STATE, action: ACTION,
    };
    const json = fc.jsonValue({ maxDepth: 5 });
    for (const name of Object.keys(validators)) {
      it(name, () => {
        fc.assert(fc.property(json, (value) => {
          const copy = structuredClone(value);
          const r = V.validate(validators[name], value);
          expect(value).to.deep.equal(copy); // the input is not changed
          return typeof r.ok === 'boolean' && r.ok === (r.errors.length === 0) &&
            r.errors.every((e) => typeof e === 'string' && e.indexOf(': ') >= 0);
        }), { numRuns: 300 });
      });
    }

    it('convert, called directly, does not throw either', () => {
      fc.assert(fc.property(json, (value) => {
        for (const name of Object.keys(validators)) validators[name].convert(value, '', []);
        return true;
      }), { numRuns: 200 });
    });

    it('state: near-valid documents give paths into them', () => {
      const near = fc.record({
        groups: fc.dictionary(fc.string({ maxLength: 4 }), fc.record({
          version: fc.oneof(fc.constant('v1'), fc.jsonValue({ maxDepth: 1 })),
          services: fc.dictionary(fc.string({ maxLength: 4 }), fc.record({
            service: fc.oneof(fc.constant('web'), fc.integer()),
            servers: fc.array(fc.oneof(fc.constant('h1'), fc.integer(), fc.constant(null))),
            number_per_server: fc.oneof(fc.integer(), fc.string()),
          })),
        })),
      });
      fc.assert(fc.property(near, (value) => {
        const r = V.validate(STATE, value);
        return r.errors.every((e) => e.indexOf('.groups.') === 0);
      }), { numRuns: 300 });
    });
  });

  describe('bad input', () => {
    it('turns a broken validator into an error line', () => {
      expect(V.validate(null, 1)).to.deep.include({ ok: false, value: 1 });
      expect(V.validate(null, 1).errors).to.deep.equal([': not a validator: null']);
      expect(V.validate(V.list(), [1], '.x').errors).to.deep.equal(['.x.0: not a validator: undefined']);
      expect(V.validate(V.object({ a: 5 }), { a: 1 }).errors).to.deep.equal(['.a: not a validator: 5']);
      expect(V.validate(V.string('^v'), 'v1').errors).to.deep.equal([': pattern is not a RegExp: "^v"']);
      expect(V.validate(V.oneOf(null), 'x').errors).to.deep.equal([': Must be one of ']);
      expect(V.validate(V.number(), 1, { toString: 1 }).ok).to.equal(true);
      expect(V.validate({ convert() { throw new Error('boom'); } }, 1, '.x').errors).to.deep.equal(['.x: validator failed: Error: boom']);
    });

    it('names JS types', () => {
      expect([null, [], {}, 1, 's', true, undefined].map(V.typeName)).to.deep.equal(['null', 'array', 'object', 'number', 'string', 'boolean', 'undefined']);
    });
  });
});

describe('validate: numberIn and timestamp', () => {
  it('numberIn checks the range and wholeness', () => {
    const pct = T.validate.numberIn(0, 100, true);
    expect(T.validate.validate(pct, 50)).to.deep.equal({ ok: true, value: 50, errors: [] });
    expect(T.validate.validate(pct, 12.5).errors).to.deep.equal([': Value must be a whole number from 0 to 100, but is 12.5']);
    expect(T.validate.validate(T.validate.numberIn(1, Infinity), 0).errors).to.deep.equal([': Value must be a number >= 1, but is 0']);
    expect(T.validate.validate(pct, 'x').errors).to.deep.equal([': Value is not a number, but string']);
  });
  it('numberIn takes both of its bounds and nothing past them', () => {
    const pct = T.validate.numberIn(0, 100, true);
    expect(T.validate.validate(pct, 0).ok).to.equal(true);
    expect(T.validate.validate(pct, 100).ok).to.equal(true);
    expect(T.validate.validate(pct, 100.5).errors).to.deep.equal([': Value must be a whole number from 0 to 100, but is 100.5']);
    expect(T.validate.validate(pct, 101).errors).to.deep.equal([': Value must be a whole number from 0 to 100, but is 101']);
    expect(T.validate.validate(pct, -1).errors).to.deep.equal([': Value must be a whole number from 0 to 100, but is -1']);
    expect(T.validate.validate(T.validate.numberIn(0, 1), 1.0000001).ok).to.equal(false);
    expect(T.validate.validate(T.validate.numberIn(0, 1), 0.9999999).ok).to.equal(true);
  });
  it('timestamp takes numbers and numeric strings (Lua-era), cleaned to numbers', () => {
    const ts = T.validate.timestamp();
    expect(T.validate.validate(ts, 1465479290000).value).to.equal(1465479290000);
    expect(T.validate.validate(ts, '1465479290000')).to.deep.equal({ ok: true, value: 1465479290000, errors: [] });
    expect(T.validate.validate(ts, '1492517643.220673').value).to.equal(1492517643.220673);
    expect(T.validate.validate(T.validate.object({ at: ts }), { at: 'soon' }).errors).to.deep.equal(['.at: Value is not a timestamp, but string']);
  });
});
