// Errors of opening a session: not logged in, or logged in as someone else.
import { TelegramError } from '../errors.js';

export class NotAuthorizedError extends TelegramError {
  readonly code = 'NOT_AUTHORIZED';
  constructor(readonly session: string) {
    super(
      `Session '${session}' is not logged in; run \`tgmcp-read login\` (the code usually arrives in the Telegram app, not by SMS)`,
    );
    this.name = 'NotAuthorizedError';
  }
}

export class AccountMismatchError extends TelegramError {
  readonly code = 'SESSION_MISMATCH';
  constructor(
    readonly session: string,
    readonly expected: string,
    readonly actual: string | undefined,
    readonly accountId: string,
  ) {
    super(
      `Session mismatch: expected account @${expected}, got ${actual ? `@${actual}` : '<no_username>'} (id=${accountId}); point TG_SESSION_NAME at the right session or fix TG_EXPECTED_USERNAME`,
    );
    this.name = 'AccountMismatchError';
  }
}
