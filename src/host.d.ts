// What an ES5 scheduler host may or may not provide; lib es5 has neither.
declare var console: { log(...args: unknown[]): void } | undefined;
