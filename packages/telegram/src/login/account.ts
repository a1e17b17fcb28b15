// The account a session belongs to, as login and auth status report it.
import type { Api } from 'telegram';

export interface LoginAccount {
  /** Telegram user id, as a decimal string. */
  id: string;
  username?: string;
  firstName?: string;
}

export function accountOf(user: Api.User): LoginAccount {
  return {
    id: user.id.toString(),
    ...(user.username ? { username: user.username } : {}),
    ...(user.firstName ? { firstName: user.firstName } : {}),
  };
}

/** `+1•••••67`: the first digit and the last two, never the length. */
export function maskPhone(phone: string | undefined | null): string | undefined {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (!digits) return undefined;
  if (digits.length < 5) return '+•••••';
  return `+${digits[0]}•••••${digits.slice(-2)}`;
}

/** `@name`, or `<no_username>` (as the seed's mismatch message says). */
export function atName(username: string | undefined | null): string {
  return username ? `@${username}` : '<no_username>';
}
