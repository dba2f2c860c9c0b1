// What a TypeScript scheduler author writes type-checks against the
// bundle's declarations, and common mistakes do not: strict, lib es5, no
// Node types, the engine's globals from dist/types/engine.d.ts.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { typeCheck } from '../support/typescript.mjs';

const root = new URL('../..', import.meta.url).pathname;
const HEADER = "import * as toolbox from 'verwalter-toolbox';\nimport type * as T from 'verwalter-toolbox';\nexport {};\ndeclare const input: T.SchedulerInput;\n";

const GOOD = {
  'schedule takes a SchedulerInput and returns the typed api schedule': `
    const s: T.ApiSchedule = toolbox.drivers.api.schedule(input, { template: 'example/v1', auto_revert_ms: 0 });
    const versions: string[] = s.roles['app'].versions;
    const version: string = s.state['app'].groups['prod'].version;
    const servers: string[] = s.state['app'].groups['prod'].services['web'].servers;
    const daemons = s.nodes['alpha'].roles['app'].daemons;
    const template: string | undefined = s.nodes['alpha'].roles['app'].template;
    const pipelines = s.roles['app'].version_info['v1'].group_pipelines;
    void [versions, version, servers, daemons, template, pipelines];`,
  'wrapScheduler takes a function returning a Schedule or ApiSchedule': `
    const run = toolbox.log.wrapScheduler(function (i: T.SchedulerInput): T.ApiSchedule {
      return toolbox.drivers.api.schedule(i);
    });
    const result: T.SchedulerResult<T.ApiSchedule> = run(input);
    const changes: string[] | undefined = result.schedule === null ? undefined : result.schedule.changes;
    const plain = toolbox.log.wrapScheduler(function (): T.Schedule { return { changes: [] }; });
    void [changes, plain];`,
  'every type an author names is exported': `
    const j: T.Json = { a: [1, 'x', null, true] };
    const o: T.JsonObject = { a: j };
    const a: T.JsonArray = [o];
    const options: T.ApiOptions = { hooks: { update_done: function (role: T.Role, group: string, state: T.JsonObject) { role.log.debug(group, state); } } };
    const action: T.Action = { button: { role: 'app', action: 'start_update', group: 'prod', version: 'v2' } };
    const update: T.UpdateState | undefined = undefined;
    const group: T.ApiGroup | undefined = undefined;
    const service: T.ApiService | undefined = undefined;
    const state: T.ApiRoleState = { groups: {} };
    const logger: T.Logger = new toolbox.log.Logger('app');
    const validator: T.Validator<string> = toolbox.validate.string();
    const tracking: T.TrackingOptions = { deployed_lifetime_ms: 1 };
    void [a, options, action, update, group, service, state, logger, validator, tracking];`,
  'hooks get the Role, the group name and its state; policy hooks a context naming the role': `
    const policy: T.ApiPolicy = {
      action: function (button: T.JsonObject, context: T.ApiPolicyContext) {
        const role: string = context.role;
        const group: string | null = context.group;
        const state: T.JsonObject | null = context.state;
        const newest: string | undefined = context.versions[0];
        if (button['action'] === 'start_update' && group === 'prod') return role + ' ' + newest + ' ' + context.now + String(state);
        return undefined;
      },
      autoUpdate: function (context) { const target: string = context.target; return target !== 'v2'; },
    };
    const options: T.ApiOptions = {
      policy: policy,
      hooks: {
        update_done: function (role, group, state) {
          const name: string = role.name;
          role.log.change('update of', group, 'done:', state['version']);
          void name;
        },
      },
    };
    void options;`,
  'the engine globals are declared for lib es5': `
    const other: unknown = require('./other');
    module.exports.scheduler = function (i: unknown) { return { schedule: {}, log: String(i) }; };
    exports.helper = other;
    if (console) console.log('starting');`,
  'a test input from gen goes straight into schedule': `
    const s: T.ApiSchedule = toolbox.drivers.api.schedule(toolbox.gen.input({ runtime: {} }));
    void s;`,
  'validators infer what they clean to': `
    const V = toolbox.validate;
    const r = V.validate(V.object({ name: V.string(), count: V.optional(V.number()) }), input.runtime);
    const upper: string = r.value.name.toUpperCase();
    const count: number | undefined = r.value.count;
    void [upper, count];`,
};

const BAD = {
  'an action field of the wrong type': [`const action: T.Action = { button: { role: 5 } };`, 2322],
  'a misspelt option name': [`toolbox.drivers.api.schedule(input, { tempalte: 'example/v1' });`, 2561],
  'an option of the wrong type': [`toolbox.drivers.api.schedule(input, { auto_revert_ms: '5' });`, 2322],
  'a schedule field read as the wrong type': [`const n: number = toolbox.drivers.api.schedule(input).roles['app'].versions;`, 2322],
  'a scheduler that returns no object': [`toolbox.log.wrapScheduler(function () { return 5; });`, 2345],
  'an ES2015 method under lib es5': [`[1, 2].includes(1);`, 2550],
  'the input passed as the options': [`toolbox.drivers.api.schedule(input, input);`, 2559],
  'a hook that takes the role as its name': [`const o: T.ApiOptions = { hooks: { update_done: function (role: string) { void role; } } };`, 2322],
  'a policy action that answers a number': [`const p: T.ApiPolicy = { action: function () { return 5; } };`, 2322],
};

describe('TypeScript declarations for scheduler authors', function () {
  this.timeout(60000);
  let dir;
  let results;
  const fileOf = (name) => path.join(dir, `${name.replace(/\W+/g, '-')}.ts`);

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'ts-snippets-'));
    const all = { ...GOOD, ...Object.fromEntries(Object.entries(BAD).map(([name, [code]]) => [name, code])) };
    for (const [name, code] of Object.entries(all)) writeFileSync(fileOf(name), HEADER + code + '\n');
    const options = {
      target: ts.ScriptTarget.ES5,
      lib: ['lib.es5.d.ts'],
      module: ts.ModuleKind.CommonJS,
      strict: true,
      types: [],
      paths: { 'verwalter-toolbox': [path.join(root, 'dist/types/index.d.ts')] },
    };
    results = typeCheck([...Object.keys(all).map(fileOf), path.join(root, 'dist/types/engine.d.ts')], options);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of Object.keys(GOOD)) {
    it(`type-checks: ${name}`, () => {
      expect(results[fileOf(name)]).to.deep.equal([]);
    });
  }
  for (const [name, [, code]] of Object.entries(BAD)) {
    it(`refuses: ${name} (TS${code})`, () => {
      const errors = results[fileOf(name)];
      expect(errors, errors.join('\n')).to.have.length(1);
      expect(errors[0]).to.include(`TS${code}:`);
    });
  }
});
