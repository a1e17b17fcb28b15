// Directories the servers write to or send from (TG_MEDIA_DIR, TG_ACTIONS_FILE_ROOTS,
// TG_ACTIONS_REPORT_DIR) must not overlap the data dir's secrets: a media dir that contains the
// data dir lets a download land in the state dir; a file root over it lets a send upload the
// sessions. Compared on real paths, so a symlink does not hide an overlap.
import path from 'node:path';
import { ConfigError, isInside, realPathOf } from '@tgmcp/core';

/** The parts of the data dir no configured dir may equal, contain or lie inside. */
export const PROTECTED_DATA_DIRS = ['sessions', 'state', 'audit'] as const;

export interface DirSetting {
  /** The environment variable the dirs come from, named in the error. */
  variable: string;
  dirs: string[];
}

/** Why `dir` may not be used beside `dataDir`, or undefined when it is fine. */
export function dataDirOverlap(dataDir: string, dir: string): string | undefined {
  const data = realPathOf(dataDir);
  const real = realPathOf(dir);
  const shown = real === path.resolve(dir) ? dir : `${dir} (really ${real})`;
  if (isInside(real, data)) return `${shown} contains the data dir ${data}`;
  for (const part of PROTECTED_DATA_DIRS) {
    const secret = realPathOf(path.join(dataDir, part));
    if (isInside(secret, real) || isInside(real, secret))
      return `${shown} overlaps the data dir's ${part} directory ${secret}`;
  }
  return undefined;
}

/** Throws a ConfigError naming the first variable whose dir overlaps the data dir's secrets. */
export function assertOutsideDataDir(dataDir: string, settings: DirSetting[]): void {
  for (const { variable, dirs } of settings) {
    for (const dir of dirs) {
      const why = dataDirOverlap(dataDir, dir);
      if (why)
        throw new ConfigError(
          variable,
          `${why}: downloads could overwrite, or sends could upload, sessions and state; use a directory outside them`,
        );
    }
  }
}
