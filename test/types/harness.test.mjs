// The harness's programmatic API has types (harness/index.d.mts) that a
// strict TypeScript consumer resolves as the README imports them, under each
// module resolution; wrong usages do not type-check (so no declaration is
// `any`); and the declarations cannot drift from harness/index.mjs: the same
// export names, option keys and error fields.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import * as harness from '../../harness/index.mjs';
import { ENGINE_FILE } from '../../harness/wasm/build.mjs';
import { consumerOptions, typeCheck } from '../support/typescript.mjs';

const root = new URL('../..', import.meta.url).pathname;
const DECLARATIONS = path.join(root, 'harness/index.d.mts');
const CONSUMER = path.join(root, 'test/types/harness-consumer.mts');
const SPECIFIER = 'verwalter-toolbox/harness/index.mjs';
const RESOLUTIONS = ['node16', 'nodenext', 'bundler', 'node10'];

const HEADER = `import * as H from '${SPECIFIER}';\nimport type { ApiSchedule, SchedulerInput } from 'verwalter-toolbox';\nexport {};\ndeclare const input: SchedulerInput;\n`;
const BAD = {
  'a misspelt load option': [`await H.loadScheduler('s', { timeout: 5 });`, 2561],
  'a load option of the wrong type': [`await H.loadScheduler('s', { timeoutMs: '5s' });`, 2322],
  'an input that is not an object': [`await (await H.loadScheduler('s')).run('{}');`, 2345],
  'a now that is not a number': [`await (await H.loadScheduler('s')).run({ now: '2026-01-05' });`, 2322],
  'a run without its input': [`await (await H.loadScheduler('s')).run();`, 2554],
  'the schedule read as the wrong type': [`const r = await (await H.loadScheduler<ApiSchedule>('s')).run(input);\nconst n: number = r.schedule.roles['app'].versions;`, 2322],
  'an optional field of the default Schedule used as present': [`const r = await (await H.loadScheduler('s')).run(input);\nconst nodes: object = r.schedule.nodes;`, 2322],
  'a LoadError code that does not exist': [`new H.LoadError('x', { code: 'MISSING_FILE' });`, 2322],
  'an error field that may be missing read as present': [`declare const e: H.SchedulerError;\nconst line: number = e.line;`, 2322],
  'runScript\'s value used unchecked': [`const n: number = await H.runScript('', '');`, 2322],
  'a misspelt wasm build option': [`H.buildSchedulerWasm('s', { output: 'x.wasm' });`, 2353],
  'a WasmScheduler called with a number': [`new H.WasmScheduler('x.wasm').call(5);`, 2345],
  'DEFAULT_OPTIONS changed': [`H.DEFAULT_OPTIONS.timeoutMs = 1;`, 2540],
  'a name the API does not export': [`H.runScheduler('s');`, 2339],
};

// The declared exports: {name: isValue}.
function declaredExports() {
  const program = ts.createProgram({ rootNames: [DECLARATIONS], options: { noEmit: true, types: [] } });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(DECLARATIONS);
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source));
  return { checker, source, exports: Object.fromEntries(exports.map((symbol) => [symbol.name, Boolean(symbol.flags & ts.SymbolFlags.Value)])) };
}

// The property names `type` declares in index.d.mts itself (not Error's);
// with `required`, only those not optional.
function ownProperties(checker, source, type, { required = false } = {}) {
  const declaredHere = (symbol) => (symbol.declarations ?? []).some((node) => node.getSourceFile() === source);
  const wanted = (symbol) => declaredHere(symbol) && !(required && symbol.flags & ts.SymbolFlags.Optional);
  return checker.getPropertiesOfType(type).filter(wanted).map((symbol) => symbol.name).sort();
}

describe('TypeScript declarations for the harness API', function () {
  this.timeout(120000);
  let project;
  const fileOf = (name) => path.join(project, `${name.replace(/\W+/g, '-')}.mts`);

  before(function () {
    // A consumer project whose node_modules holds this checkout, so the
    // package resolves as it does when installed.
    project = mkdtempSync(path.join(tmpdir(), 'ts-harness-'));
    mkdirSync(path.join(project, 'node_modules'));
    symlinkSync(root, path.join(project, 'node_modules', 'verwalter-toolbox'), 'dir');
    copyFileSync(CONSUMER, path.join(project, 'consumer.mts'));
    for (const [name, [code]] of Object.entries(BAD)) writeFileSync(fileOf(name), HEADER + code + '\n');
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  for (const resolution of RESOLUTIONS) {
    it(`a strict consumer of every export type-checks with moduleResolution ${resolution}`, function () {
      const consumer = path.join(project, 'consumer.mts');
      const results = typeCheck([consumer, DECLARATIONS], consumerOptions(resolution, project));
      expect(results[consumer]).to.deep.equal([]);
      expect(results[DECLARATIONS]).to.deep.equal([]);
    });
  }

  describe('wrong usages do not type-check', function () {
    let results;
    before(function () {
      results = typeCheck(Object.keys(BAD).map(fileOf), consumerOptions('node16', project));
    });
    for (const [name, [, code]] of Object.entries(BAD)) {
      it(`refuses: ${name} (TS${code})`, function () {
        const errors = results[fileOf(name)];
        expect(errors, errors.join('\n')).to.have.length(1);
        expect(errors[0]).to.include(`TS${code}:`);
      });
    }
  });

  describe('the declarations match harness/index.mjs', function () {
    let declared;
    before(function () {
      declared = declaredExports();
    });

    it('declares every runtime export as a value, and no value it lacks', function () {
      const values = Object.keys(declared.exports).filter((name) => declared.exports[name]).sort();
      expect(values).to.deep.equal(Object.keys(harness).sort());
    });

    it('the sample consumer imports every declared export, so it checks them all', function () {
      const source = ts.createSourceFile(CONSUMER, readFileSync(CONSUMER, 'utf8'), ts.ScriptTarget.ES2022);
      const imported = source.statements
        .filter((node) => ts.isImportDeclaration(node) && node.moduleSpecifier.text === SPECIFIER)
        .flatMap((node) => node.importClause.namedBindings.elements.map((element) => element.name.text));
      expect(imported.sort()).to.deep.equal(Object.keys(declared.exports).sort());
    });

    it('the option types have exactly the keys of DEFAULT_OPTIONS and WASM_DEFAULTS', function () {
      const { checker, source } = declared;
      const typeOf = (name) => checker.getDeclaredTypeOfSymbol(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).find((s) => s.name === name));
      expect(ownProperties(checker, source, typeOf('EngineOptions'))).to.deep.equal(Object.keys(harness.DEFAULT_OPTIONS).sort());
      expect(ownProperties(checker, source, typeOf('WasmSettings'))).to.deep.equal(Object.keys(harness.WASM_DEFAULTS).sort());
    });

    it('each error class declares exactly the fields its instances carry (and optional ones set later)', function () {
      const { checker, source } = declared;
      const errorClasses = Object.keys(harness).filter((name) => harness[name].prototype instanceof Error);
      expect(errorClasses).to.include.members(['HarnessError', 'LoadError', 'WasmHostError']);
      for (const name of errorClasses) {
        const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)).find((s) => s.name === name);
        const fields = Object.keys(new harness[name]('message', {})).filter((key) => key !== 'name').sort();
        expect(ownProperties(checker, source, checker.getDeclaredTypeOfSymbol(symbol), { required: true }), name).to.deep.equal(fields);
      }
    });

    it('a WasmScheduler has every member declared', function () {
      const { checker, source } = declared;
      const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)).find((s) => s.name === 'WasmScheduler');
      const host = new harness.WasmScheduler(ENGINE_FILE);
      for (const member of ownProperties(checker, source, checker.getDeclaredTypeOfSymbol(symbol))) expect(host, member).to.have.property(member);
    });

    it('a loaded scheduler and its run have every member declared, and the run nothing more', async function () {
      const { checker, source } = declared;
      const typeOf = (name) => checker.getDeclaredTypeOfSymbol(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).find((s) => s.name === name));
      const scheduler = await harness.loadScheduler(path.join(root, 'test/example/scheduler/v1'));
      try {
        for (const member of ownProperties(checker, source, typeOf('LoadedScheduler'))) expect(scheduler, member).to.have.property(member);
        const input = JSON.parse(readFileSync(path.join(root, 'test/example/recordings/01-empty-cluster/input.json'), 'utf8'));
        const result = await scheduler.run(input);
        // `warning` (optional) only comes with a slow run.
        expect(ownProperties(checker, source, typeOf('RunResult'))).to.include.members(Object.keys(result));
        expect(Object.keys(result)).to.include.members(ownProperties(checker, source, typeOf('RunResult'), { required: true }));
      } finally {
        scheduler.dispose();
      }
    });
  });
});
