// The world's records: what a fake Telegram keeps about users, chats, messages and files.
import type { AdminRightsSpec, ChatKind, ParticipantRole, UserSpec } from './types.js';

export type PeerType = 'user' | 'chat' | 'channel';
export interface PeerRef {
  type: PeerType;
  id: number;
}

export interface UserRecord extends Omit<UserSpec, 'accessHash'> {
  accessHash: bigint;
}

export interface FileRecord {
  id: bigint;
  accessHash: bigint;
  fileReference: Buffer;
  kind: 'photo' | 'document';
  name: string;
  mimeType: string;
  size: number;
  dcId: number;
  bytes: () => Buffer;
}

export interface MessageRecord {
  id: number;
  peer: PeerRef;
  date: number;
  /** Sender; `'anonymous'` = an anonymous admin posting as the group. */
  from?: PeerRef | 'anonymous';
  /** Sent by us. */
  out?: boolean;
  text: string;
  entities?: Array<{ type: string; offset: number; length: number; url?: string }>;
  replyTo?: number;
  forwardedFrom?: { userId?: number; channelId?: number; name?: string; date: number };
  pinned?: boolean;
  editDate?: number;
  views?: number;
  service?: { action: 'create' | 'join' | 'leave' | 'add'; userIds?: number[]; title?: string };
  media?: FileRecord;
}

export interface ParticipantRecord {
  userId: number;
  role: ParticipantRole;
  date: number;
  inviterId?: number;
  rank?: string;
}

export interface ChatRecord {
  id: number;
  kind: ChatKind;
  accessHash: bigint;
  title: string;
  username?: string;
  date: number;
  about: string;
  slowmodeSeconds: number;
  myRole: 'creator' | 'admin' | 'member' | 'left' | 'banned';
  myAdminRights?: AdminRightsSpec;
  readOnly: boolean;
  pts: number;
}

export const peerKey = (p: PeerRef): string => `${p.type}:${p.id}`;
