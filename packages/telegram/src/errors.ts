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

/**
 * The connection broke between sending a request and its answer. A read is resent once by the
 * reconnect and fails with this only when interrupted again; a write is never resent blindly:
 * it may or may not have happened (`inDoubt`), and the caller settles it (idempotency record,
 * a look at the chat) before any resend.
 */
export class ConnectionInterruptedError extends TelegramError {
  readonly code = 'CONNECTION_INTERRUPTED';
  readonly retryAfterSec = null;
  readonly inDoubt: boolean;
  constructor(
    readonly method: string,
    readonly write: boolean,
  ) {
    super(
      write
        ? `the connection to Telegram broke after ${method} was sent and before it was answered: it may or may not have happened, and it was not sent again`
        : `the connection to Telegram broke twice while ${method} waited for its answer`,
    );
    this.name = 'ConnectionInterruptedError';
    this.inDoubt = write;
  }
}

/** A bad argument; `field` names it. */
export class InvalidInputError extends TelegramError {
  readonly code = 'INVALID_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidInputError';
  }
}

/** Telegram no longer accepts this session's key (logged out elsewhere, or used twice at once). */
export class SessionRevokedError extends TelegramError {
  readonly code = 'SESSION_REVOKED';
  constructor(
    readonly session: string,
    readonly reason: 'AUTH_KEY_UNREGISTERED' | 'AUTH_KEY_DUPLICATED',
    options?: ErrorOptions,
  ) {
    super(
      reason === 'AUTH_KEY_DUPLICATED'
        ? `Session '${session}' was used by two connections at once and Telegram revoked it; log in again with \`tgmcp-read login\` and run one process per session in exclusive mode`
        : `Session '${session}' is no longer authorized by Telegram; log in again with \`tgmcp-read login\``,
      options,
    );
    this.name = 'SessionRevokedError';
  }
}

/** Another live process holds the session in exclusive mode. */
export class SessionLockedError extends TelegramError {
  readonly code = 'SESSION_LOCKED';
  constructor(
    readonly session: string,
    readonly holderPid: number,
  ) {
    super(
      `Session '${session}' is in use by process ${holderPid} (TG_SESSION_LOCK_MODE=exclusive); stop it, use another session, or set TG_SESSION_LOCK_MODE=shared`,
    );
    this.name = 'SessionLockedError';
  }
}

/** A chat reference that names nothing this account can see, or more than one thing. */
export class PeerNotFoundError extends TelegramError {
  readonly code = 'PEER_NOT_FOUND';
  constructor(
    readonly input: string,
    reason: string,
    /** The caller's name for the reference (`group`, `username`, ...). */
    readonly field = 'chat',
  ) {
    super(`chat ${JSON.stringify(input)}: ${reason}`);
    this.name = 'PeerNotFoundError';
  }
}

/**
 * The read scope (TG_READ_ALLOWED_CHATS) does not cover the chat. A reference outside the scope
 * and one that names nothing get this same error, naming only the caller's field: no id, title
 * or existence of an out-of-scope chat gets out.
 */
export class ChatNotAllowedError extends TelegramError {
  readonly code = 'CHAT_NOT_ALLOWED';
  constructor(readonly field: string) {
    super('not a chat this server may read: it is outside TG_READ_ALLOWED_CHATS or does not exist');
    this.name = 'ChatNotAllowedError';
  }
}

/**
 * The stored session cannot be used: its string does not decode, or the data centre does not
 * know its key (a truncated or mismatched session makes gramjs hang instead of failing). The
 * message names the session, never its contents.
 */
export class SessionInvalidError extends TelegramError {
  readonly code = 'SESSION_INVALID';
  constructor(
    readonly session: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Session '${session}' is invalid: ${reason}; log in again with \`tgmcp-read login\` or import the session again`,
      options,
    );
    this.name = 'SessionInvalidError';
  }
}

/** A request (or a connect) still in flight when its client was closed. */
export class RequestCancelledError extends TelegramError {
  readonly code = 'CANCELLED';
  constructor(readonly method: string) {
    super(`${method} was cancelled: the Telegram client is closing`);
    this.name = 'RequestCancelledError';
  }
}

/** No connection to a Telegram data centre could be made (network down, DC unreachable). */
export class DcUnreachableError extends TelegramError {
  readonly code = 'TELEGRAM_UNREACHABLE';
  readonly retryAfterSec = null;
  constructor(readonly dcId: number | undefined) {
    super(
      `could not connect to Telegram${dcId === undefined ? '' : ` (data centre ${dcId})`}: network down or data centre unreachable`,
    );
    this.name = 'DcUnreachableError';
  }
}

/**
 * The session file is encrypted with another key than the configured one. The file is left
 * byte-for-byte untouched: nothing is written over a session this process cannot read.
 */
export class SessionKeyWrongError extends TelegramError {
  readonly code = 'SESSION_KEY_WRONG';
  constructor(
    readonly session: string,
    /** Where the configured key came from (`TG_SESSION_KEY`, `TG_SESSION_PASSPHRASE`, ...). */
    readonly variable: string,
    hint = '',
  ) {
    super(
      `Session '${session}' is encrypted with a different key than ${variable} gives${hint}; set ${variable} to the key it was saved with (the file was left untouched)`,
    );
    this.name = 'SessionKeyWrongError';
  }
}

/** The session file is encrypted and no key is configured; the file is left untouched. */
export class SessionKeyMissingError extends TelegramError {
  readonly code = 'SESSION_KEY_MISSING';
  constructor(readonly session: string) {
    super(
      `Session '${session}' is encrypted at rest and no key is configured; set TG_SESSION_KEY or TG_SESSION_PASSPHRASE (or TG_SECRET_CMD_SESSION_KEY / TG_KEYCHAIN_ACCOUNT_SESSION_KEY with TG_SECRET_PROVIDER) to the key it was saved with (the file was left untouched)`,
    );
    this.name = 'SessionKeyMissingError';
  }
}
