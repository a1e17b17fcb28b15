// The normalized, JSON-ready shapes every typed operation returns: ids are strings (marked for
// chats), dates are ISO 8601 plus unix seconds, no gramjs object leaks above this package.
import type { PeerType } from '../peers/resolve.js';

export type { PeerType };

export interface Peer {
  /** Marked id: `<id>` user, `-<id>` basic group, `-100<id>` supergroup or channel. */
  id: string;
  type: PeerType;
  title: string;
  username: string | null;
}

export interface UserInfo {
  id: string;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  /** Only when Telegram shares it with this account. */
  phone: string | null;
  is_bot: boolean;
  is_verified: boolean;
  is_premium: boolean;
  is_deleted: boolean;
  is_contact: boolean;
  /** `online`, `offline`, `recently`, `last_week`, `last_month`, `long_ago` or null. */
  status: string | null;
  about?: string | null;
}

export interface AdminRights {
  change_info: boolean;
  post_messages: boolean;
  delete_messages: boolean;
  ban_users: boolean;
  invite_users: boolean;
  pin_messages: boolean;
  add_admins: boolean;
}

export interface ChatInfo extends Peer {
  members_count: number | null;
  about: string | null;
  /** When the chat was created (Telegram's `date` of the chat). */
  created_at: string | null;
  created_at_unix: number | null;
  /** This account's standing in the chat. */
  my_role: 'creator' | 'admin' | 'member' | 'left' | 'banned';
  my_rights: AdminRights | null;
  slowmode_seconds: number | null;
}

export interface Dialog extends Peer {
  unread_count: number;
  pinned: boolean;
  members_count: number | null;
  last_message_id: number | null;
  last_message_date: string | null;
}

export interface DialogPage {
  dialogs: Dialog[];
  /** Pass as `cursor` for the next page; null at the end. */
  next_cursor: string | null;
}

export interface ForwardInfo {
  from_id: string | null;
  from_type: 'user' | 'channel' | 'chat' | null;
  from_name: string | null;
  date: string;
  channel_post: number | null;
}

export interface MediaInfo {
  /** `photo`, `document`, `webpage`, `geo`, `contact`, `poll`, `other`. */
  kind: string;
  file_name: string | null;
  mime_type: string | null;
  size: number | null;
}

export interface MessageRecord {
  id: number;
  chat_id: string;
  date: string;
  date_unix: number;
  edit_date: string | null;
  /** Who posted: a user, a channel posting as itself, or a group (anonymous admin). */
  from_id: string | null;
  from_type: 'user' | 'channel' | 'chat' | null;
  from_name: string | null;
  /** The author signature of a signed channel post, or an anonymous admin's title. */
  post_author: string | null;
  text: string;
  is_reply: boolean;
  reply_to_msg_id: number | null;
  fwd_from: ForwardInfo | null;
  views: number | null;
  forwards: number | null;
  is_pinned: boolean;
  is_service: boolean;
  /** For service messages: `chat_create`, `chat_add_user`, `chat_delete_user`, ... */
  action: string | null;
  has_media: boolean;
  media_type: string | null;
  media: MediaInfo | null;
  grouped_id: string | null;
}

export interface Participant extends UserInfo {
  role: 'creator' | 'admin' | 'member' | 'banned' | 'left';
  joined_at: string | null;
  inviter_id: string | null;
  rank: string | null;
}

export interface DownloadResult {
  path: string;
  file_name: string;
  size: number;
  mime_type: string | null;
}

export interface SendResult {
  chat_id: string;
  message_id: number;
  date: string;
  random_id: string;
}

export interface MembershipResult {
  chat_id: string;
  user_id: string;
  /** False when nothing had to change (already a member / not a member). */
  changed: boolean;
  /** Removal only: the user was not a member, so nothing was sent. */
  not_participant?: true;
}
