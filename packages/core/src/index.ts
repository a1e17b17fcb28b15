// @tgmcp/core: what every tgmcp package shares and nothing Telegram-specific: the injected clock
// and randomness, one logger, locked atomic JSON files, env parsing with one secret-masking rule.
export const CORE_PACKAGE = '@tgmcp/core';
