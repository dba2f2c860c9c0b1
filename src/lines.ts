// How many log lines have been written so far, by any logger at any level:
// a cache can tell whether computing a value logged anything, and so
// whether another role may reuse the value without losing a line. Not part
// of the bundle's API.
var written = 0;

export function noteLine(): void {
  written++;
}

export function linesWritten(): number {
  return written;
}
