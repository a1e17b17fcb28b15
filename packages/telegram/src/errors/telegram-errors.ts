// Telegram's RPC errors (gramjs RPCError: `errorMessage` + numeric `code`) -> a stable code and
// one line saying what the person can do. Tools format errors with this table instead of
// passing on gramjs's "400: CHAT_ADMIN_REQUIRED (caused by channels.GetParticipants)".

export interface TelegramErrorInfo {
  /** Telegram's own error name for a known error; TELEGRAM_ERROR for any other. */
  code: string;
  /** One line: what happened and what the person can do. */
  message: string;
  /** Seconds to wait before retrying, when Telegram says so. */
  retryAfterSec?: number;
}

const USE_DIALOG_ID = 'use an @username or an id from tg_get_my_dialogs';

/** Every Telegram error a tool can meet, with what the person can do about it. */
export const TELEGRAM_ERRORS: Readonly<Record<string, string>> = {
  // Access to a chat.
  CHAT_ADMIN_REQUIRED:
    'You must be an admin of this chat for that (channels show their member list only to admins); ask an admin or use a chat you administer',
  CHANNEL_PRIVATE:
    'This chat is private or you were removed from it; join it again with an invite link, or use another chat',
  CHAT_FORBIDDEN: 'You no longer have access to this chat (removed, or the chat was deactivated)',
  CHANNEL_INVALID: `This channel reference is stale or wrong; ${USE_DIALOG_ID}`,
  CHAT_ID_INVALID: `This chat id is wrong; ${USE_DIALOG_ID}`,
  PEER_ID_INVALID: `Telegram does not know this chat or user for your account; ${USE_DIALOG_ID}`,
  CHAT_RESTRICTED: 'An admin restricted you in this chat; ask an admin to lift it',
  CHANNEL_PUBLIC_GROUP_NA: 'This chat is not available to your account',
  // Names.
  USERNAME_NOT_OCCUPIED: 'No account or chat uses this @username; check the spelling',
  USERNAME_INVALID: 'This is not a valid @username (5-32 letters, digits or underscores)',
  // Members.
  USER_NOT_PARTICIPANT: 'The user is not a member of this chat',
  USER_ALREADY_PARTICIPANT: 'The user is already a member of this chat',
  USER_PRIVACY_RESTRICTED:
    "The user's privacy settings do not allow this; send them an invite link instead",
  USER_NOT_MUTUAL_CONTACT:
    'Only a mutual contact can add this user; send them an invite link instead',
  USER_KICKED: 'The user was removed from this chat; an admin must unban them first',
  USER_CHANNELS_TOO_MUCH: 'The user is already in too many groups and channels to join another',
  CHANNELS_TOO_MUCH: 'Your account is in too many groups and channels; leave some first',
  USERS_TOO_MUCH: 'This chat has reached its member limit',
  USER_ID_INVALID: `This user id is wrong; ${USE_DIALOG_ID}`,
  PARTICIPANT_ID_INVALID: `This member reference is wrong; ${USE_DIALOG_ID}`,
  USER_ADMIN_INVALID: 'Admins cannot be removed this way; demote them first in the chat settings',
  INPUT_USER_DEACTIVATED: "The user's account was deleted",
  USER_BOT: 'Bot accounts cannot do this; log in with a user account',
  USER_IS_BOT: 'Bots cannot be messaged or added this way',
  // Sending.
  CHAT_WRITE_FORBIDDEN: 'You cannot write in this chat (read-only, or only admins may post)',
  CHAT_SEND_MEDIA_FORBIDDEN: 'Media may not be sent in this chat; send text only',
  CHAT_GUEST_SEND_FORBIDDEN: 'Join the discussion group before writing in it',
  USER_BANNED_IN_CHANNEL:
    'Your account may not post in groups and channels (a spam restriction); check @SpamBot in Telegram',
  USER_IS_BLOCKED: 'This user has blocked you',
  YOU_BLOCKED_USER: 'You blocked this user; unblock them in Telegram first',
  SLOWMODE_WAIT: "This chat's slow mode allows one message per interval; retry later",
  MESSAGE_EMPTY: 'The message is empty; write some text',
  MESSAGE_TOO_LONG: 'The message is longer than Telegram allows (4096 characters); shorten it',
  MEDIA_CAPTION_TOO_LONG:
    'The caption is longer than Telegram allows (1024 characters); shorten it',
  // Messages and files.
  MSG_ID_INVALID: 'There is no such message in this chat; take message ids from tg_get_messages',
  MESSAGE_ID_INVALID:
    'There is no such message in this chat; take message ids from tg_get_messages',
  FILE_REFERENCE_EXPIRED:
    "The file's download reference expired; fetch the message again (tg_get_messages) and retry",
  FILE_REFERENCE_INVALID:
    "The file's download reference is no longer valid; fetch the message again and retry",
  MEDIA_EMPTY: 'This message has no media to use',
  SEARCH_QUERY_EMPTY: 'The search query is empty; give some text to search for',
  // Joining.
  INVITE_HASH_INVALID: 'This invite link is invalid or was revoked; ask for a new one',
  INVITE_HASH_EXPIRED: 'This invite link has expired; ask for a new one',
  INVITE_REQUEST_SENT: 'A request to join was sent; an admin of the chat must approve it',
  // The account.
  USER_DEACTIVATED: 'This account was deleted; log in with another account',
  USER_DEACTIVATED_BAN: 'Telegram banned this account; log in with another account',
  SESSION_PASSWORD_NEEDED: 'This account has two-step verification; log in again with its password',
};

/** Other names for the same condition: one code each. */
const SAME_AS: Readonly<Record<string, string>> = {
  MESSAGE_ID_INVALID: 'MSG_ID_INVALID',
};

interface RpcErrorLike {
  errorMessage: string;
  code: number;
  message?: string;
  name?: string;
  seconds?: number;
}

function isRpcError(err: unknown): err is RpcErrorLike {
  const e = err as Partial<RpcErrorLike> | null;
  return typeof e?.errorMessage === 'string' && typeof e.code === 'number';
}

/** The method gramjs names in its message ("... (caused by channels.GetParticipants)"). */
function methodOf(err: RpcErrorLike): string | undefined {
  return /\(caused by ([\w.]+)\)/.exec(err.message ?? '')?.[1];
}

/** The error's name without a trailing number (`SLOWMODE_WAIT_30` -> `SLOWMODE_WAIT`). */
function nameOf(err: RpcErrorLike): { name: string; seconds?: number } {
  const m = /^([A-Z][A-Z0-9_]*?)_(\d+)$/.exec(err.errorMessage);
  if (m && TELEGRAM_ERRORS[m[1]!]) return { name: m[1]!, seconds: Number(m[2]) };
  // gramjs's flood subclasses all say 'FLOOD'; their class tells them apart.
  if (err.name === 'SlowModeWaitError') return { name: 'SLOWMODE_WAIT', seconds: err.seconds };
  return { name: err.errorMessage, seconds: err.seconds };
}

/**
 * What to tell the person about a Telegram RPC error, or undefined when `err` is not one (our
 * typed errors, rate-limit errors and programming errors keep their own code and message).
 */
export function explainTelegramError(err: unknown): TelegramErrorInfo | undefined {
  const flood = err as { code?: unknown; retryAfterSec?: unknown; detail?: { kind?: unknown } };
  // The rate limiter turns SLOWMODE_WAIT_N into its FloodWaitError; say it is slow mode.
  if (
    flood?.code === 'FLOOD_WAIT' &&
    flood.detail?.kind === 'slowmode_wait' &&
    typeof flood.retryAfterSec === 'number'
  )
    return {
      code: 'SLOWMODE_WAIT',
      message: `${TELEGRAM_ERRORS.SLOWMODE_WAIT} (in ${flood.retryAfterSec}s)`,
      retryAfterSec: flood.retryAfterSec,
    };
  if (!isRpcError(err)) return undefined;
  const { name, seconds } = nameOf(err);
  const method = methodOf(err);
  const where = `Telegram: ${err.errorMessage}${method ? ` on ${method}` : ''}`;
  const hint = TELEGRAM_ERRORS[name];
  if (hint === undefined)
    return {
      code: 'TELEGRAM_ERROR',
      message: `Telegram refused the request (${err.code} ${err.errorMessage}${method ? ` on ${method}` : ''}); retry later, or report it if it persists`,
    };
  const info: TelegramErrorInfo = { code: SAME_AS[name] ?? name, message: `${hint} (${where})` };
  if (seconds !== undefined && Number.isFinite(seconds)) info.retryAfterSec = seconds;
  return info;
}
