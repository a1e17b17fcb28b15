// Paths a tool reads or writes stay inside configured roots: relative parts are resolved against
// the root, `..` and absolute paths that leave it are refused, and symlinks are followed before
// the check (a link inside the root that points out of it is refused too).
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../errors.js';

/** `child` equals `root` or lies below it (both absolute, normalized). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The deepest existing ancestor's real path plus the rest: symlinks resolved where they exist. */
function realish(p: string): string {
  let existing = p;
  const rest: string[] = [];
  for (;;) {
    try {
      // .native: the JS realpath lstat()s into Node's shared stat buffer; a FIFO left there
      // breaks later module resolution (see paths/outbox.ts).
      return path.join(realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return p;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Resolves `input` (relative to `root`, or absolute) and checks it stays inside `root`. */
export function confine(root: string, input: string, field: string): string {
  if (typeof input !== 'string' || input.includes('\0'))
    throw new InvalidInputError(field, 'must be a path');
  const resolved = path.resolve(root, input);
  if (!isInside(path.resolve(root), resolved) || !isInside(realish(root), realish(resolved)))
    throw new InvalidInputError(field, `must stay inside ${root}`);
  return resolved;
}

/** Creates `dir` (0700) inside `root` and returns it. */
export function ensureDirInside(root: string, input: string, field: string): string {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = confine(root, input, field);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Re-check after creation: a concurrent symlink swap is caught here.
  return confine(root, dir, field);
}

/** True when a component of `rel` (split on either separator) is hidden: `.git`, `..`. */
function hasDotComponent(rel: string): boolean {
  return rel.split(/[\\/]/).some((part) => part !== '' && part !== '.' && part.startsWith('.'));
}

/**
 * A download directory: `ensureDirInside`, and no component of `input`, nor of its real path
 * below the root's real path, starts with "." (downloads never land in `.git`, `.ssh`, a data
 * dir under `.local`, or pass through a link into one).
 */
export function ensureVisibleDirInside(root: string, input: string, field: string): string {
  if (typeof input === 'string' && hasDotComponent(input))
    throw new InvalidInputError(field, 'must not name a hidden directory (starting with ".")');
  const visible = (dir: string) => {
    if (hasDotComponent(path.relative(realish(root), realish(dir))))
      throw new InvalidInputError(
        field,
        'must not lead into a hidden directory (starting with ".")',
      );
    return dir;
  };
  visible(confine(root, input, field));
  return visible(ensureDirInside(root, input, field));
}

/** A file name from Telegram made safe: no separators, no leading dots, no control chars. */
export function sanitizeFileName(name: string | null | undefined, fallback: string): string {
  // Telegram names are remote input: keep the last path segment only.
  const cleaned = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120);
  return cleaned || fallback;
}
