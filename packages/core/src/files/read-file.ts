// Reading a state file that something else may have replaced: opened with O_NONBLOCK and checked
// with fstat before a byte is read, so a FIFO planted under the name neither freezes the process
// (an open for reading waits for a writer) nor feeds it; a device or socket is refused the same
// way. A directory is left to fail as the read does (EISDIR), which callers already report.
// fstat is asked for bigints: a plain fstat of a FIFO leaves its mode in Node's process-wide stat
// buffer, where a later fs.realpathSync (ESM resolution) misreads it (see telegram's outbox).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

const { O_RDONLY, O_NONBLOCK } = constants;

/** A path that holds a FIFO, socket or device where a regular file belongs. */
export class NotRegularFileError extends Error {
  readonly code = 'NOT_REGULAR_FILE';
  constructor(
    readonly file: string,
    readonly kind: 'FIFO' | 'socket' | 'device',
  ) {
    super(`${file} is a ${kind}, not a regular file; it was not read`);
    this.name = 'NotRegularFileError';
  }
}

function irregular(stat: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): NotRegularFileError['kind'] | undefined {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  return undefined;
}

const isErrno = (err: unknown, code: string) =>
  typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;

/**
 * The text of `file`, or undefined when there is none (ENOENT). Other errors (EACCES, EISDIR)
 * are thrown as they come; a FIFO, socket or device is a NotRegularFileError.
 */
export function readFileIfExistsSync(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, O_RDONLY | O_NONBLOCK);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
  try {
    const kind = irregular(fstatSync(fd, { bigint: true }));
    if (kind) throw new NotRegularFileError(file, kind);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** The asynchronous `readFileIfExistsSync`. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(file, O_RDONLY | O_NONBLOCK);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
  try {
    const kind = irregular(await fh.stat({ bigint: true }));
    if (kind) throw new NotRegularFileError(file, kind);
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}
