// @tgmcp/core: what every tgmcp package shares and nothing Telegram-specific: the injected clock
// and randomness, one logger, locked atomic JSON files, env parsing with one secret-masking rule.
export const CORE_PACKAGE = '@tgmcp/core';

// Files: atomic replacement, locked per-key files, safe reads, real paths.
export {
  TEMP_SUFFIX,
  removeFileSync,
  syncDir,
  syncDirSync,
  tempFileFor,
  writeFileAtomic,
  writeFileAtomicSync,
  writeTempFileSync,
} from './files/atomic-write.js';
export type { AtomicWriteOptions, RandomBytes } from './files/atomic-write.js';
export { FileLockTimeoutError, MIN_LOCK_STALE_MS, lockFile } from './files/file-lock.js';
export type { FileLockOptions, LockClock } from './files/file-lock.js';
export { ensurePrivateDir, fileNameForKey, lockedFileDir } from './files/locked-file-dir.js';
export type { LockedFile, LockedFileDir, LockedFileDirOptions } from './files/locked-file-dir.js';
export { NotRegularFileError, readFileIfExists, readFileIfExistsSync } from './files/read-file.js';
export { isInside, realPathOf } from './files/real-path.js';
