// What verwalter's JavaScript engine gives a scheduler's modules, for
// schedulers written in TypeScript with `lib: ["es5"]` and `types: []`
// (no Node types: the engine is not Node). Shipped as
// dist/types/engine.d.ts; list it in the tsconfig's `files` or `include`.

/** What a module exports; the engine calls `scheduler(input)` of main.js. */
interface VerwalterModuleExports {
  scheduler?: (input: unknown) => unknown;
  [name: string]: unknown;
}

/** The engine's CommonJS loader: "./x" is relative to the module, a bare
 * "x" to the scheduler directory; either way `x.js` inside it. */
declare function require(id: string): unknown;
declare var module: { exports: VerwalterModuleExports };
declare var exports: VerwalterModuleExports;

/** The harness provides a console, but the engine contract does not
 * promise one: log with the toolbox's `log` (its lines reach the run's log
 * either way), or check first. */
declare var console:
  | {
      log(...args: unknown[]): void;
      info(...args: unknown[]): void;
      warn(...args: unknown[]): void;
      error(...args: unknown[]): void;
      debug(...args: unknown[]): void;
    }
  | undefined;
