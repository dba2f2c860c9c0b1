// JSON as the harness reads and writes it. Written files are 2-space JSON
// with sorted keys and a trailing newline: verwalter serializes schedules with
// sorted keys too, so a recorded expected.json and one written by --update
// differ only where the schedules differ.

import { constants } from 'node:buffer';
import { OutputTooLargeError } from './engine/errors.mjs';

const { MAX_STRING_LENGTH } = constants;

export class JsonSyntaxError extends Error {
  constructor(message, { file, line, column, reason }) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

// A JSON object proper: not null, not an array.
export function isJsonObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Sets an own property whatever the key: a plain assignment to "__proto__"
// would set the prototype instead, and the key would be lost.
export function setKey(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

export function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted = {};
  for (const key of Object.keys(value).sort()) setKey(sorted, key, sortKeys(value[key]));
  return sorted;
}

// Past V8's string limit a write is an OutputTooLargeError, not a raw
// ERR_STRING_TOO_LONG: `replay` reports it for its case and goes on.
export function stableJson(value) {
  try {
    return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
  } catch (error) {
    if (!isStringTooLong(error)) throw error;
    throw new OutputTooLargeError(`the JSON text is longer than the ${MAX_STRING_LENGTH} characters a JavaScript string can hold`);
  }
}

export function isStringTooLong(error) {
  return error instanceof RangeError && (error.code === 'ERR_STRING_TOO_LONG' || /Invalid string length/.test(error.message));
}

// JSON.parse, but a syntax error names the file, line and column (Node's own
// messages often give neither).
export function parseJson(text, file) {
  try {
    return JSON.parse(text);
  } catch {
    const { offset, reason } = locateJsonError(text);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    throw new JsonSyntaxError(`${file}:${line}:${column}: invalid JSON: ${reason}`, { file, line, column, reason });
  }
}

// Finds where JSON.parse gave up. Only called on text that failed to parse,
// so it need not build values, only walk the grammar.
export function locateJsonError(text) {
  let at = 0;
  const fail = (reason) => {
    const error = new Error(reason);
    error.offset = at;
    throw error;
  };
  const describe = () => (at >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[at])}`);
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const literal = (word) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail(describe());
  };
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at] < ' ') fail('control character in string');
      if (text[at] === '\\') {
        at++;
        if (text[at] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail('bad \\u escape');
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail('bad escape');
      }
      at++;
    }
    if (at >= text.length) fail('unterminated string');
    at++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail(describe());
    at += match[0].length;
  };
  const value = () => {
    space();
    const c = text[at];
    if (c === '{') return container('}', true);
    if (c === '[') return container(']', false);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    return fail(describe());
  };
  const container = (close, keyed) => {
    at++;
    space();
    if (text[at] === close) return void at++;
    for (;;) {
      if (keyed) {
        space();
        if (text[at] !== '"') fail(`expected a property name, ${describe()}`);
        string();
        space();
        if (text[at] !== ':') fail(`expected ':', ${describe()}`);
        at++;
      }
      value();
      space();
      if (text[at] === ',') at++;
      else if (text[at] === close) return void at++;
      else fail(`expected ',' or '${close}', ${describe()}`);
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail(`${describe()} after the JSON value`);
    return { offset: text.length, reason: 'unparsable JSON' };
  } catch (error) {
    if (error.offset === undefined) return { offset: at, reason: 'nested too deeply' };
    return { offset: error.offset, reason: error.message };
  }
}

export function stripBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
