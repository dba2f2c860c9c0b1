// Versions, groups and images are names from untrusted input, and one of them
// may be `__proto__` (outputs are written with json.setKey for that reason).
import { repr } from '../repr';
import { typeName } from '../validate';

export { dict } from '../dict';

/** A bad value for an error line: its type, and itself when it is short. */
export function describe(value: unknown): string {
  var t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t + ' ' + repr(value);
  return typeName(value);
}
