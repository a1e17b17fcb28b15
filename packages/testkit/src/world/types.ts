// The plain description a world is built from. JSON-friendly: ids are numbers, access hashes
// are strings or bigints, dates are unix seconds.

export type ChatKind = 'group' | 'supergroup' | 'channel';
export type ParticipantRole = 'creator' | 'admin' | 'member' | 'banned' | 'left';

export interface UserSpec {
  id: number;
  accessHash?: string | bigint;
  username?: string;
  firstName: string;
  lastName?: string;
  phone?: string;
  bot?: boolean;
  deleted?: boolean;
  /** In our contacts. */
  contact?: boolean;
  /** They have us in their contacts too. */
  mutualContact?: boolean;
  /** Privacy forbids inviting them to groups (USER_PRIVACY_RESTRICTED). */
  forbidsInvites?: boolean;
  /** Already in too many channels (USER_CHANNELS_TOO_MUCH). */
  tooManyChannels?: boolean;
  premium?: boolean;
  verified?: boolean;
}

export interface AdminRightsSpec {
  inviteUsers?: boolean;
  banUsers?: boolean;
  postMessages?: boolean;
  deleteMessages?: boolean;
  pinMessages?: boolean;
  changeInfo?: boolean;
  addAdmins?: boolean;
}

export interface MediaSpec {
  kind: 'photo' | 'document';
  /** File name (documents). */
  name?: string;
  mimeType?: string;
  /** Content; generated deterministically from `size` when absent. */
  bytes?: Uint8Array;
  size?: number;
  /** The DC the file lives on (default 2, the account's). Another DC makes gramjs download it
   * through an exported sender: auth.exportAuthorization + importAuthorization first. */
  dcId?: number;
}

export interface MessageSpec {
  id?: number;
  date: number;
  /** User id; `{ channel: id }` to post as a channel; 'anonymous' for an anonymous admin; omitted for none. */
  from?: number | { channel: number } | 'anonymous';
  text?: string;
  entities?: Array<{
    type: 'bold' | 'italic' | 'code' | 'url' | 'mention' | 'textUrl';
    offset: number;
    length: number;
    url?: string;
  }>;
  replyTo?: number;
  forwardedFrom?: { userId?: number; channelId?: number; name?: string; date: number };
  pinned?: boolean;
  editDate?: number;
  views?: number;
  service?: { action: 'create' | 'join' | 'leave' | 'add'; userIds?: number[]; title?: string };
  media?: MediaSpec;
}

export interface ParticipantSpec {
  userId: number;
  role?: ParticipantRole;
  date?: number;
  inviterId?: number;
  rank?: string;
}

/** A generated history: `count` messages spread from `from` to `to` (unix seconds). */
export interface GeneratedHistorySpec {
  count: number;
  from: number;
  to: number;
  seed?: number;
  /** Senders drawn from these user ids (channels post as the channel when empty). */
  senders?: number[];
}

/** Generated members: user ids `baseUserId + 1 ... baseUserId + count`. */
export interface GeneratedMembersSpec {
  count: number;
  baseUserId: number;
  seed?: number;
}

export interface ChatSpec {
  id: number;
  kind: ChatKind;
  accessHash?: string | bigint;
  title: string;
  username?: string;
  date: number;
  about?: string;
  slowmodeSeconds?: number;
  /** Our rights: 'creator', admin rights, or none (a plain member). */
  myRole?: 'creator' | 'admin' | 'member' | 'left' | 'banned';
  myAdminRights?: AdminRightsSpec;
  /** Members may not write (CHAT_WRITE_FORBIDDEN for us unless admin). */
  readOnly?: boolean;
  /** The hash of an invite link (`t.me/+<hash>`) that leads to this chat. */
  inviteHash?: string;
  participants?: ParticipantSpec[];
  generatedMembers?: GeneratedMembersSpec;
  messages?: MessageSpec[];
  generatedHistory?: GeneratedHistorySpec;
}

export interface PrivateChatSpec {
  userId: number;
  messages: MessageSpec[];
}

export interface WorldSpec {
  self: UserSpec & { password?: string };
  users?: UserSpec[];
  chats?: ChatSpec[];
  privateChats?: PrivateChatSpec[];
  /** Saved messages (the chat with ourselves). */
  savedMessages?: MessageSpec[];
  /** Pinned dialogs on top, by peer: `user:<id>` or `chat:<id>`. */
  pinnedDialogs?: string[];
  seed?: number;
}
