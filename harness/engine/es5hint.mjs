// QuickJS says only "not a function" when a scheduler calls a method ES5.1
// lacks ([].includes, 'x'.startsWith, Object.assign), and "X is not defined"
// for a missing global (Map, Promise). This names the built-in and says it
// is not ES5.1, from the source line the error points at.

import { LoadError, SchedulerError } from './errors.mjs';
import { ES2015_PLUS_BUILTINS } from './es5env.mjs';

// Method or global name -> the ES2015+ built-ins of that name.
const BY_NAME = new Map();
for (const builtin of ES2015_PLUS_BUILTINS) {
  const name = builtin.slice(builtin.lastIndexOf('.') + 1);
  BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), builtin]);
}

const NOT_A_FUNCTION = /TypeError: not a function$/;
const NOT_DEFINED = /ReferenceError: '?([A-Za-z_$][\w$]*)'? is not defined$/;

function calledMethods(sourceLine) {
  const names = [];
  for (const [, name] of sourceLine.matchAll(/\.\s*([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (BY_NAME.has(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

// `error` with the hint added to its message when one applies. `sourceOf(id)`
// gives a module's source, or undefined.
export function withEs5Hint(error, sourceOf) {
  if (!(error instanceof SchedulerError || error instanceof LoadError) || !error.file) return error;
  let names = [];
  const undefinedName = NOT_DEFINED.exec(error.message)?.[1];
  if (undefinedName !== undefined) {
    if (BY_NAME.get(undefinedName)?.includes(undefinedName)) names = [undefinedName];
  } else if (NOT_A_FUNCTION.test(error.message)) {
    const line = sourceOf(error.file)?.split('\n')[error.line - 1];
    if (line !== undefined) names = calledMethods(line);
  }
  if (names.length === 0) return error;
  const builtins = names.flatMap((name) => BY_NAME.get(name));
  error.message += ` (${builtins.join(' or ')}: not ES5.1, which is all verwalter's engine has)`;
  return error;
}
