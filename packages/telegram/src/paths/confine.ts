// Paths a tool reads or writes stay inside configured roots: relative parts are resolved against
// the root, `..` and absolute paths that leave it are refused, and symlinks are followed before
// the check (a link inside the root that points out of it is refused too).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isInside, realPathOf } from '@tgmcp/core';
import { InvalidInputError } from '../errors.js';

export { isInside } from '@tgmcp/core';

/** Resolves `input` (relative to `root`, or absolute) and checks it stays inside `root`. */
export function confine(root: string, input: string, field: string): string {
  if (typeof input !== 'string' || input.includes('\0'))
    throw new InvalidInputError(field, 'must be a path');
  const resolved = path.resolve(root, input);
  if (!isInside(path.resolve(root), resolved) || !isInside(realPathOf(root), realPathOf(resolved)))
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
    if (hasDotComponent(path.relative(realPathOf(root), realPathOf(dir))))
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
