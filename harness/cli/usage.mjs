// Usage errors and how they are shown: one line naming what was typed, then
// where help is. Every usage error exits with status 2.

export const USAGE_EXIT = 2;

export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

// Commander's "error: unknown option '--updat'\n(Did you mean --update?)"
// as one line: "unknown option '--updat' (did you mean --update?)".
export function oneLine(message) {
  return message
    .trim()
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.+)\)$/, ' (did you mean $1)')
    .replace(/\n/g, '; ');
}

export function usageText(program, message) {
  return `${program}: ${oneLine(message)}\n(see ${program} --help)\n`;
}
