// Session names: one safe file name each, never a path (the seed let `../x` escape its dir).
import { InvalidInputError } from '../errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function validateSessionName(name: unknown, field = 'session_name'): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidInputError(
      field,
      `must match ${NAME.source} (letters, digits, "_", "." and "-", starting with a letter or digit, at most 64), got ${JSON.stringify(name)}`,
    );
  }
  if (name.includes('..'))
    throw new InvalidInputError(field, `must not contain "..", got ${JSON.stringify(name)}`);
  if (name.toLowerCase().endsWith('.session')) {
    throw new InvalidInputError(
      field,
      `give the name without the ".session" suffix, got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
