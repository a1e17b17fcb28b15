// gramjs users -> UserInfo; their status objects -> one word.
import { Api } from 'telegram';
import type { UserInfo } from './types.js';

function statusOf(status: Api.TypeUserStatus | undefined): string | null {
  if (!status) return null;
  if (status instanceof Api.UserStatusOnline) return 'online';
  if (status instanceof Api.UserStatusOffline) return 'offline';
  if (status instanceof Api.UserStatusRecently) return 'recently';
  if (status instanceof Api.UserStatusLastWeek) return 'last_week';
  if (status instanceof Api.UserStatusLastMonth) return 'last_month';
  if (status instanceof Api.UserStatusEmpty) return 'long_ago';
  return null;
}

export function normalizeUser(user: Api.User): UserInfo {
  return {
    id: String(user.id),
    username: user.username ?? null,
    first_name: user.firstName ?? null,
    last_name: user.lastName ?? null,
    phone: user.phone ? `+${user.phone.replace(/^\+/, '')}` : null,
    is_bot: !!user.bot,
    is_verified: !!user.verified,
    is_premium: !!user.premium,
    is_deleted: !!user.deleted,
    is_contact: !!user.contact,
    status: statusOf(user.status),
  };
}

export function displayName(entity: Api.TypeUser | Api.TypeChat): string | null {
  if (entity instanceof Api.User)
    return [entity.firstName, entity.lastName].filter(Boolean).join(' ') || entity.username || null;
  if ('title' in entity && typeof entity.title === 'string') return entity.title;
  return null;
}
