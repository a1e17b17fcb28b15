// Paths compared by where they really lead: a setting that reaches the data dir or $HOME through
// a symlink is the same setting as the plain path (review issue 16, item 8).
import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * `p` with symlinks resolved as far as it exists; the missing rest is appended unchanged.
 * realpathSync.native: the JS realpath lstat()s into Node's shared stat buffer.
 */
export function realPathOf(p: string): string {
  const rest: string[] = [];
  let existing = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(p);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Whether `child` is `root` or lies inside it (plain path comparison; resolve links first). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  if (rel === '') return true;
  // `..` or `../x` leaves root; a name that merely starts with dots (`..x`) does not.
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
