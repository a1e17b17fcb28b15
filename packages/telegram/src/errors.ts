// Typed errors of @tgmcp/telegram, each with a stable `code`.

export abstract class TelegramError extends Error {
  abstract readonly code: string;
}

/** A request the client's role may not send; it never left the process. */
export class WriteBlockedError extends TelegramError {
  readonly code = 'WRITE_BLOCKED';
  constructor(
    readonly method: string,
    readonly role: string,
    reason: string,
  ) {
    super(`${method} is blocked for the ${role} role: ${reason}`);
    this.name = 'WriteBlockedError';
  }
}

/** Telegram did not answer within the request timeout. */
export class RequestTimeoutError extends TelegramError {
  readonly code = 'REQUEST_TIMEOUT';
  readonly retryAfterSec = null;
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} got no answer within ${Math.round(timeoutMs / 1000)}s`);
    this.name = 'RequestTimeoutError';
  }
}
