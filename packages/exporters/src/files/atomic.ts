// Atomic JSON files: a unique temp file beside the target, fsync, rename, fsync of the directory.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function tempPath(target: string, random: (n: number) => Buffer = randomBytes): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${random(6).toString('hex')}.tmp`,
  );
}

export async function writeJsonAtomic(
  target: string,
  value: unknown,
  random?: (n: number) => Buffer,
): Promise<void> {
  const tmp = tempPath(target, random);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(JSON.stringify(value, null, 2) + '\n');
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, target);
  await syncDir(path.dirname(target));
}
