// This package's default logger (used when no onWarning is given): stderr, `[@tgmcp/ratelimit]`.
import { createLogger } from '@tgmcp/core';

export const log = createLogger({ name: '@tgmcp/ratelimit' });
