// Compact one-line rendering of values for the log, in the reference's
// notation ({key=value, ...}, lists as {1, 2}), bounded so that a huge
// parent state can't flood verwalter's scheduler page.
import { keys } from './json';
import { isArray } from './array';

export var MAX_KEYS = 10;
export var MAX_LEVEL = 2;
export var MAX_STRING = 100;

function quote(s: string): string {
  // The reference meant to shorten long strings but called a method that
  // does not exist; here they are cut at MAX_STRING with a marker.
  var cut = MAX_STRING;
  // Never split a surrogate pair: half a character is invalid UTF-8 in the log.
  var code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  var body = s.length > MAX_STRING ? s.substring(0, cut) + '...' : s;
  return '"' + body.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/"/g, '\\"') + '"';
}

export function repr(value: unknown, level?: number): string {
  var depth = typeof level === 'number' && level > 0 ? level : 0;
  if (typeof value === 'string') return quote(value);
  // A function's String() is its whole source text.
  if (typeof value === 'function') return 'function';
  if (value === null || typeof value !== 'object') return String(value);
  if (depth > MAX_LEVEL) return '...';
  var parts: string[] = [];
  if (isArray(value)) {
    for (var i = 0; i < value.length; i++) {
      if (i >= MAX_KEYS) { parts.push('...'); break; }
      parts.push(repr(value[i], depth + 1));
    }
  } else {
    // Sorted: a log line must not depend on the input's key order.
    var ks = keys(value).sort();
    for (var j = 0; j < ks.length; j++) {
      if (j >= MAX_KEYS) { parts.push('...'); break; }
      var k = ks[j];
      var name = /^[A-Za-z0-9_]+$/.test(k) ? k : quote(k);
      parts.push(name + '=' + repr((value as { [k: string]: unknown })[k], depth + 1));
    }
  }
  return '{' + parts.join(', ') + '}';
}

/** Log arguments joined by spaces: strings as they are, other values by repr. */
export function renderArgs(args: unknown[]): string {
  var out: string[] = [];
  for (var i = 0; i < args.length; i++) {
    out.push(typeof args[i] === 'string' ? (args[i] as string) : repr(args[i]));
  }
  return out.join(' ');
}
