// Which local file `sendFile` may send, read once: inside a configured root after symlinks are
// resolved, no dot-files or dot-directories, no session or state files, a regular file under the
// size cap. The bytes returned are the bytes sent (no second read that could differ).
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
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

export function readOutboxFile(
  input: string,
  roots: string[],
  deniedDirs: string[],
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
      const r = realpathSync(c);
      root = roots.map((x) => realpathSync(x)).find((x) => isInside(x, r));
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
  for (const d of deniedDirs) {
    let denied = d;
    try {
      denied = realpathSync(d);
    } catch {
      // does not exist: nothing inside it either
    }
    if (isInside(denied, real))
      throw new InvalidInputError(
        field,
        'files of the data directory (sessions, state) are never sent',
      );
  }
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    const expected = statSync(real);
    if (!st.isFile() || st.ino !== expected.ino || st.dev !== expected.dev)
      throw new InvalidInputError(field, 'must be a regular file');
    if (st.size > maxBytes)
      throw new InvalidInputError(field, `is ${st.size} bytes; the cap is ${maxBytes} bytes`);
    if (st.size === 0) throw new InvalidInputError(field, 'is empty');
    const bytes = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== st.size) throw new InvalidInputError(field, 'changed while it was being read');
    return {
      path: real,
      name: path.basename(real),
      size: st.size,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  } finally {
    closeSync(fd);
  }
}
