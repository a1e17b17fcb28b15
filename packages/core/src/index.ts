// @tgmcp/core: what every tgmcp package shares and nothing Telegram-specific: the injected clock
// and randomness, one logger, locked atomic JSON files, env parsing with one secret-masking rule.
export const CORE_PACKAGE = '@tgmcp/core';

export { blockingSleep, createManualClock, systemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export { createSeededRandom, randomFraction, randomHex, systemRandom, token } from './random.js';
export type { Random } from './random.js';
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  createSecretRegistry,
  processSecrets,
  registerSecret,
} from './secrets.js';
export type { SecretRegistry } from './secrets.js';
export { LOG_LEVELS, createLogger, logLevelFromEnv, setDefaultLogLevel } from './logger.js';
export type { LogLevel, Logger, LoggerOptions } from './logger.js';
export {
  ConfigError,
  SECRET_VARIABLE,
  absolutePath,
  bool,
  csv,
  echoValue,
  int,
  isSecretVariable,
  number,
  oneOf,
  read,
  registerEnvSecrets,
} from './env.js';
export type { ConfigErrorFactory, Env, NumberRule } from './env.js';

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
export type { AtomicWriteOptions } from './files/atomic-write.js';
export { FileLockTimeoutError, MIN_LOCK_STALE_MS, lockFile } from './files/file-lock.js';
export type { FileLockOptions } from './files/file-lock.js';
export { ensurePrivateDir, fileNameForKey, lockedFileDir } from './files/locked-file-dir.js';
export type { LockedFile, LockedFileDir, LockedFileDirOptions } from './files/locked-file-dir.js';
export { NotRegularFileError, readFileIfExists, readFileIfExistsSync } from './files/read-file.js';
export { isInside, realPathOf } from './files/real-path.js';
