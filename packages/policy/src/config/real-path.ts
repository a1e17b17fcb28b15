// Paths compared by where they really lead: a setting that reaches the data dir or $HOME
// through a symlink is the same setting as the plain path (review issue 16, item 8).
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** `p` with symlinks resolved as far as it exists; the missing rest is appended unchanged. */
export function realPathOf(p: string): string {
  const rest: string[] = [];
  let existing = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(p);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}
