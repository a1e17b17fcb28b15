// Atomic file replacement: a new 0600 temp file beside the target (O_EXCL, so nothing planted
// under its name is followed), fsync, rename over the target, fsync of the directory. A process
// killed at any moment leaves the old file or the new one, never a mix. The target's name is
// replaced, never written through: a symlink planted there is swapped out, its target untouched
// (write-file-atomic and atomically resolve the target's real path and write there instead).
import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Random, randomHex, systemRandom } from '../random.js';

export interface AtomicWriteOptions {
  /**
   * fsync the file before the rename and the directory after it (default true). Without it the
   * replacement is still atomic, but a power loss may bring the old file back.
   */
  durable?: boolean;
  /** Permission bits of the new file (default 0600). */
  mode?: number;
  /** For temp file names (default systemRandom). */
  random?: Random;
}

/** Temp files end with this; `pruneTempFiles` removes old ones left by killed processes. */
export const TEMP_SUFFIX = '.tmp';

/** `<file>.<pid>.<8 hex>.tmp`: unique per process and call, recognisable after a crash. */
export function tempFileFor(file: string, random: Random = systemRandom): string {
  return `${file}.${process.pid}.${randomHex(random, 4)}${TEMP_SUFFIX}`;
}

export function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `data` to a new temp file beside `file` (fsynced when durable) and returns its path. */
export function writeTempFileSync(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): string {
  const tmp = tempFileFor(file, options.random);
  const fd = openSync(tmp, 'wx', options.mode ?? 0o600);
  try {
    // writeFileSync on a descriptor loops until every byte is written.
    writeFileSync(fd, data);
    if (options.durable !== false) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  return tmp;
}

/** Replaces `file` with `data` atomically (see the top of this file). */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const tmp = writeTempFileSync(file, data, options);
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  if (options.durable !== false) syncDirSync(path.dirname(file));
}

/** The asynchronous `writeFileAtomicSync`, for callers that must not block the event loop. */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const durable = options.durable !== false;
  const tmp = tempFileFor(file, options.random);
  const fh = await open(tmp, 'wx', options.mode ?? 0o600);
  try {
    await fh.writeFile(data);
    if (durable) await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (durable) await syncDir(path.dirname(file));
}

/** Removes `file` (and makes that durable); false when there was none. */
export function removeFileSync(file: string, options: { durable?: boolean } = {}): boolean {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if (options.durable !== false) syncDirSync(path.dirname(file));
  return true;
}
