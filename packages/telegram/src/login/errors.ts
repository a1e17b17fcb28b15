// Typed login failures. Messages say what happened and what to do; they never carry the code,
// the 2FA password, the api hash or the session string.
import { TelegramError } from '../errors.js';

export type LoginErrorCode =
  | 'LOGIN_CODE_INVALID'
  | 'LOGIN_CODE_EXPIRED'
  | 'LOGIN_PASSWORD_INVALID'
  | 'LOGIN_PASSWORD_REQUIRED'
  | 'LOGIN_PHONE_REQUIRED'
  | 'LOGIN_INPUT_UNAVAILABLE'
  | 'LOGIN_TIMEOUT'
  | 'LOGIN_ABORTED'
  | 'LOGIN_CONNECT_FAILED'
  | 'LOGIN_FAILED'
  | 'PHONE_NUMBER_INVALID'
  | 'PHONE_NUMBER_UNOCCUPIED'
  | 'PHONE_NUMBER_BANNED';

export class LoginError extends TelegramError {
  readonly code: LoginErrorCode;
  constructor(code: LoginErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = 'LoginError';
  }
}

/** The Telegram error string (`PHONE_CODE_INVALID`) of a gramjs RPCError, if it is one. */
export function rpcErrorMessage(err: unknown): string | undefined {
  const message = (err as { errorMessage?: unknown } | null)?.errorMessage;
  return typeof message === 'string' ? message : undefined;
}
