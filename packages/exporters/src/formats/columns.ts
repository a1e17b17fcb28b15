// CSV columns of each record kind. Nested objects are flattened into `parent.child` columns
// (`fwd_from.from_id`, `media.size`, `my_rights.ban_users`); a null parent leaves them empty.
import type { ExportKind } from '../sources/types.js';

const USER = [
  'id',
  'username',
  'first_name',
  'last_name',
  'phone',
  'is_bot',
  'is_verified',
  'is_premium',
  'is_deleted',
  'is_contact',
  'status',
];

const PEER = ['id', 'type', 'title', 'username'];
const DIALOG_TAIL = ['unread_count', 'pinned', 'last_message_id', 'last_message_date'];

export const COLUMNS: Record<ExportKind, readonly string[]> = {
  messages: [
    'id',
    'chat_id',
    'date',
    'date_unix',
    'edit_date',
    'from_id',
    'from_type',
    'from_name',
    'post_author',
    'text',
    'is_reply',
    'reply_to_msg_id',
    'fwd_from.from_id',
    'fwd_from.from_type',
    'fwd_from.from_name',
    'fwd_from.date',
    'fwd_from.channel_post',
    'views',
    'forwards',
    'is_pinned',
    'is_service',
    'action',
    'has_media',
    'media_type',
    'media.kind',
    'media.file_name',
    'media.mime_type',
    'media.size',
    'grouped_id',
  ],
  participants: [...USER, 'role', 'joined_at', 'inviter_id', 'rank'],
  dialogs: [...PEER, 'members_count', ...DIALOG_TAIL],
  groups: [
    ...PEER,
    'members_count',
    'about',
    'created_at',
    'created_at_unix',
    'my_role',
    'my_rights.change_info',
    'my_rights.post_messages',
    'my_rights.delete_messages',
    'my_rights.ban_users',
    'my_rights.invite_users',
    'my_rights.pin_messages',
    'my_rights.add_admins',
    'slowmode_seconds',
    ...DIALOG_TAIL,
  ],
};

type Getter = (record: Record<string, unknown>) => unknown;

/** A reader per column, compiled once. */
export function columnGetters(columns: readonly string[]): Getter[] {
  return columns.map((c) => {
    const [head, tail] = c.split('.', 2) as [string, string | undefined];
    if (tail === undefined) return (r) => r[head];
    return (r) => (r[head] as Record<string, unknown> | null | undefined)?.[tail];
  });
}
