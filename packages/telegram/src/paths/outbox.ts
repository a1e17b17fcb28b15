// Which local file `sendFile` may send, read once: inside a configured root after symlinks are
// resolved, no dot-files or dot-directories, no session or state files (by path and by inode),
// a regular file with one name (no hard links) under the size cap, opened without blocking. The
// bytes returned are read from the descriptor that was checked (no second open that could differ).
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  readlinkSync,
  realpathSync,
} from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors.js';
import { isInside } from './confine.js';

export interface OutboxFile {
  path: string;
  name: string;
  size: number;
  bytes: Buffer;
  sha256: string;
}

const SECRET_NAMES = /\.(session|session-journal|session\.lock|lock|env|pem|key)$/i;
/** Bounds the walk over the denied dirs (a state dir holds a few dozen files). */
const MAX_PROTECTED_FILES = 10_000;

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p); // does not exist: nothing inside it either
  }
}

/** `dev:ino` of every regular file at or below the denied paths (links not followed). */
function protectedInodes(denied: string[]): Set<string> {
  const found = new Set<string>();
  const visit = (p: string, depth: number) => {
    if (found.size >= MAX_PROTECTED_FILES) return;
    let st;
    try {
      st = lstatSync(p, { bigint: true });
    } catch {
      return;
    }
    if (st.isFile()) found.add(`${st.dev}:${st.ino}`);
    else if (st.isDirectory() && depth < 6) {
      let names: string[] = [];
      try {
        names = readdirSync(p);
      } catch {
        return;
      }
      for (const name of names) visit(path.join(p, name), depth + 1);
    }
  };
  for (const d of denied) visit(realOrSelf(d), 0);
  return found;
}

/** Where the descriptor really points (Linux /proc); `expected` where that cannot be known. */
function openedPathOf(fd: number, expected: string): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return expected;
  }
}

/**
 * Reads the file `input` names for sending. `denied`: directories and files of the data dir
 * (sessions, state, audit) that are never sent, compared by real path and by device+inode.
 */
export function readOutboxFile(
  input: string,
  roots: string[],
  denied: string[],
  maxBytes: number,
  field = 'file_path',
): OutboxFile {
  if (typeof input !== 'string' || !input.trim() || input.includes('\0'))
    throw new InvalidInputError(field, 'must be a file path');
  if (roots.length === 0) throw new InvalidInputError(field, 'no file roots are configured');
  const candidates = path.isAbsolute(input) ? [input] : roots.map((r) => path.resolve(r, input));
  let real: string | undefined;
  let root: string | undefined;
  for (const c of candidates) {
    try {
      // .native: the JS realpath lstat()s into Node's shared stat buffer (see the fstat below).
      const r = realpathSync.native(c);
      root = roots.map((x) => realpathSync.native(x)).find((x) => isInside(x, r));
      if (root) {
        real = r;
        break;
      }
    } catch {
      // missing here: try the next root
    }
  }
  if (!real || !root)
    throw new InvalidInputError(field, `must be an existing file inside ${roots.join(' or ')}`);
  const rel = path.relative(root, real);
  if (rel === '' || rel.split(path.sep).some((part) => part.startsWith('.')))
    throw new InvalidInputError(
      field,
      'hidden files and directories (starting with ".") are never sent',
    );
  if (SECRET_NAMES.test(real))
    throw new InvalidInputError(field, 'session, lock, key and .env files are never sent');
  for (const d of denied) {
    if (isInside(realOrSelf(d), real))
      throw new InvalidInputError(
        field,
        'files of the data directory (sessions, state) are never sent',
      );
  }
  // O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer and freeze the server.
  // Every check below is made on this descriptor, and the bytes are read from it.
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    throw new InvalidInputError(field, 'must be a regular file that can be read');
  }
  try {
    // bigint: exact inode numbers, and it leaves the process-wide stat buffer alone: a plain
    // fstat of a FIFO there makes a later fs.realpathSync (ESM resolution) stop early and
    // return a symlinked path unresolved, and the next dynamic import fails.
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new InvalidInputError(field, 'must be a regular file');
    if (openedPathOf(fd, real) !== real)
      throw new InvalidInputError(field, 'changed while it was being opened');
    if (protectedInodes(denied).has(`${st.dev}:${st.ino}`))
      throw new InvalidInputError(
        field,
        'files of the data directory (sessions, state) are never sent',
      );
    // A hard link has the same inode under another name: a harmless name could carry the
    // session's bytes, so a file with more than one name is never sent.
    if (st.nlink > 1n)
      throw new InvalidInputError(
        field,
        `has ${st.nlink} hard links; copy it into the outbox instead of linking it`,
      );
    if (st.size > BigInt(maxBytes))
      throw new InvalidInputError(field, `is ${st.size} bytes; the cap is ${maxBytes} bytes`);
    const size = Number(st.size);
    if (size === 0) throw new InvalidInputError(field, 'is empty');
    const bytes = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== size) throw new InvalidInputError(field, 'changed while it was being read');
    return {
      path: real,
      name: path.basename(real),
      size,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  } finally {
    closeSync(fd);
  }
}
