// This package's default logger (used when no onWarning/onStatus is given): stderr, redacted,
// `[@tgmcp/telegram]` before log lines; login screens go through its `print`.
import { createLogger } from '@tgmcp/core';

export const log = createLogger({ name: '@tgmcp/telegram' });
