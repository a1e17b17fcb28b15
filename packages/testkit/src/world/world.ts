// A deterministic, in-memory Telegram universe of one account: users, chats, messages, files.
// Built from a plain description (createWorld) and changed by writes the fake DC receives.
import { randomBytes } from 'node:crypto';
import { type History, arrayHistory, generatedHistory } from './history.js';
import { type Participants, createParticipants } from './participants.js';
import type { ChatRecord, FileRecord, MessageRecord, PeerRef, UserRecord } from './records.js';
import { peerKey } from './records.js';
import { accessHashFor, bytesFor, hashUnit } from './rng.js';
import type { ChatSpec, MediaSpec, MessageSpec, UserSpec, WorldSpec } from './types.js';

export interface Dialog {
  peer: PeerRef;
  topMessageId: number;
  pinned: boolean;
}

export class World {
  readonly seed: number;
  readonly self: UserRecord;
  /** The 2FA password, when the account has one (checked with SRP at login). */
  readonly password: string | undefined;
  private readonly users = new Map<number, UserRecord>();
  private readonly generatedUsers: Array<{ base: number; count: number; seed: number }> = [];
  private readonly chats = new Map<number, ChatRecord>();
  private readonly participants = new Map<number, Participants>();
  private readonly histories = new Map<string, History>();
  private readonly usernames = new Map<string, PeerRef>();
  private readonly invites = new Map<string, number>();
  private readonly files = new Map<string, FileRecord>();
  private readonly pinned: string[];
  /** Private chats and basic groups share one message id sequence per account, like Telegram. */
  private commonMessageId = 0;
  private fileSeq = 1;
  private clockOffset = 0;
  /** random_id of every message we sent, per peer: a resent request does not send twice. */
  readonly sentByRandomId = new Map<string, MessageRecord>();
  /** When we last posted in each chat (for slowmode). */
  readonly lastPostAt = new Map<number, number>();

  constructor(spec: WorldSpec) {
    this.seed = spec.seed ?? 1;
    this.password = spec.self.password;
    this.self = this.addUser(spec.self);
    for (const u of spec.users ?? []) this.addUser(u);
    for (const c of spec.chats ?? []) this.addChat(c);
    for (const pc of spec.privateChats ?? []) {
      for (const m of [...pc.messages].sort((a, b) => a.date - b.date))
        this.addMessage({ type: 'user', id: pc.userId }, m);
    }
    for (const m of spec.savedMessages ?? [])
      this.addMessage({ type: 'user', id: this.self.id }, m);
    this.pinned = spec.pinnedDialogs ?? [];
  }

  /** Current time in unix seconds (tests may move it). */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffset;
  }
  advanceClock(seconds: number): void {
    this.clockOffset += seconds;
  }

  // ---- users -------------------------------------------------------------------------------
  addUser(spec: UserSpec): UserRecord {
    const record: UserRecord = {
      ...spec,
      accessHash:
        spec.accessHash !== undefined
          ? BigInt(spec.accessHash)
          : accessHashFor('user', spec.id, this.seed),
    };
    this.users.set(spec.id, record);
    if (spec.username)
      this.usernames.set(spec.username.toLowerCase(), { type: 'user', id: spec.id });
    return record;
  }

  user(id: number): UserRecord | undefined {
    const explicit = this.users.get(id);
    if (explicit) return explicit;
    const range = this.generatedUsers.find((r) => id > r.base && id <= r.base + r.count);
    if (!range) return undefined;
    const n = id - range.base;
    return {
      id,
      accessHash: accessHashFor('user', id, this.seed),
      firstName: `Member${n}`,
      lastName: hashUnit(range.seed, n) < 0.5 ? `L${n % 997}` : undefined,
      username: hashUnit(range.seed + 1, n) < 0.3 ? `member_${id}` : undefined,
    };
  }

  allExplicitUsers(): UserRecord[] {
    return [...this.users.values()];
  }

  // ---- chats -------------------------------------------------------------------------------
  addChat(spec: ChatSpec): ChatRecord {
    const record: ChatRecord = {
      id: spec.id,
      kind: spec.kind,
      accessHash:
        spec.accessHash !== undefined
          ? BigInt(spec.accessHash)
          : accessHashFor('chat', spec.id, this.seed),
      title: spec.title,
      username: spec.username,
      date: spec.date,
      about: spec.about ?? '',
      slowmodeSeconds: spec.slowmodeSeconds ?? 0,
      myRole: spec.myRole ?? 'member',
      myAdminRights: spec.myAdminRights,
      readOnly: spec.readOnly ?? spec.kind === 'channel',
      pts: 1,
    };
    this.chats.set(spec.id, record);
    if (spec.inviteHash) this.invites.set(spec.inviteHash, spec.id);
    if (spec.username)
      this.usernames.set(spec.username.toLowerCase(), {
        type: spec.kind === 'group' ? 'chat' : 'channel',
        id: spec.id,
      });
    const gm = spec.generatedMembers;
    if (gm)
      this.generatedUsers.push({
        base: gm.baseUserId,
        count: gm.count,
        seed: gm.seed ?? this.seed,
      });
    const members = (spec.participants ?? []).map((p) => ({
      role: 'member' as const,
      date: spec.date,
      ...p,
    }));
    if (
      record.myRole !== 'left' &&
      record.myRole !== 'banned' &&
      !members.some((p) => p.userId === this.self.id)
    ) {
      members.unshift({
        userId: this.self.id,
        role: record.myRole === 'creator' ? 'creator' : record.myRole,
        date: spec.date,
      });
    }
    this.participants.set(
      spec.id,
      createParticipants(
        members,
        gm ? { count: gm.count, baseUserId: gm.baseUserId, date: spec.date } : undefined,
      ),
    );
    const peer = this.peerOfChat(record);
    if (spec.generatedHistory) {
      const g = spec.generatedHistory;
      this.histories.set(
        peerKey(peer),
        generatedHistory({
          peer,
          count: g.count,
          from: g.from,
          to: g.to,
          seed: g.seed ?? this.seed,
          senders: g.senders ?? [],
        }),
      );
    }
    for (const m of [...(spec.messages ?? [])].sort((a, b) => a.date - b.date))
      this.addMessage(peer, m);
    return record;
  }

  /** The chat an invite link hash leads to. */
  chatByInvite(hash: string): ChatRecord | undefined {
    const id = this.invites.get(hash);
    return id === undefined ? undefined : this.chats.get(id);
  }

  chat(id: number): ChatRecord | undefined {
    return this.chats.get(id);
  }
  allChats(): ChatRecord[] {
    return [...this.chats.values()];
  }
  members(chatId: number): Participants {
    const p = this.participants.get(chatId);
    if (!p) throw new Error(`no chat ${chatId}`);
    return p;
  }
  peerOfChat(chat: ChatRecord): PeerRef {
    return { type: chat.kind === 'group' ? 'chat' : 'channel', id: chat.id };
  }

  resolveUsername(username: string): PeerRef | undefined {
    const direct = this.usernames.get(username.toLowerCase());
    if (direct) return direct;
    const m = /^member_(\d+)$/i.exec(username);
    const user = m ? this.user(Number(m[1])) : undefined;
    return user?.username?.toLowerCase() === username.toLowerCase()
      ? { type: 'user', id: user.id }
      : undefined;
  }

  /** Gives a username to another user or chat (Telegram lets freed usernames be taken). */
  moveUsername(username: string, to: PeerRef): void {
    const key = username.toLowerCase();
    const from = this.usernames.get(key);
    const record = (p: PeerRef) => (p.type === 'user' ? this.user(p.id) : this.chat(p.id));
    if (from) {
      const old = record(from);
      if (old) old.username = undefined;
    }
    const target = record(to);
    if (!target) throw new Error(`no ${to.type} ${to.id}`);
    if (target.username) this.usernames.delete(target.username.toLowerCase());
    target.username = username;
    this.usernames.set(key, to);
  }

  // ---- messages ----------------------------------------------------------------------------
  history(peer: PeerRef): History {
    const key = peerKey(peer);
    let h = this.histories.get(key);
    if (!h) {
      h = arrayHistory();
      this.histories.set(key, h);
    }
    return h;
  }

  hasHistory(peer: PeerRef): boolean {
    return (this.histories.get(peerKey(peer))?.count() ?? 0) > 0;
  }

  nextMessageId(peer: PeerRef): number {
    if (peer.type === 'channel') return this.history(peer).topId() + 1;
    return ++this.commonMessageId;
  }

  /** Adds a message described by a spec (ids assigned unless given). */
  addMessage(peer: PeerRef, spec: MessageSpec): MessageRecord {
    const id = spec.id ?? this.nextMessageId(peer);
    if (peer.type !== 'channel') this.commonMessageId = Math.max(this.commonMessageId, id);
    const from: MessageRecord['from'] =
      spec.from === 'anonymous'
        ? 'anonymous'
        : typeof spec.from === 'number'
          ? { type: 'user', id: spec.from }
          : spec.from
            ? { type: 'channel', id: spec.from.channel }
            : undefined;
    const record: MessageRecord = {
      id,
      peer,
      date: spec.date,
      from,
      out: typeof spec.from === 'number' && spec.from === this.self.id,
      text: spec.text ?? '',
      entities: spec.entities,
      replyTo: spec.replyTo,
      forwardedFrom: spec.forwardedFrom,
      pinned: spec.pinned,
      editDate: spec.editDate,
      views: spec.views,
      service: spec.service,
      media: spec.media ? this.addFile(spec.media, id) : undefined,
    };
    this.history(peer).add(record);
    return record;
  }

  /** A message of a private chat or basic group by id (they share one id sequence). */
  findCommonMessage(id: number): MessageRecord | undefined {
    for (const [key, h] of this.histories) {
      if (key.startsWith('channel:')) continue;
      const m = h.get(id);
      if (m) return m;
    }
    return undefined;
  }

  message(peer: PeerRef, id: number): MessageRecord | undefined {
    return this.histories.get(peerKey(peer))?.get(id);
  }

  // ---- files -------------------------------------------------------------------------------
  addFile(spec: MediaSpec, salt: number): FileRecord {
    const seq = this.fileSeq++;
    const size = spec.bytes?.length ?? spec.size ?? 1024;
    const content = spec.bytes ? Buffer.from(spec.bytes) : undefined;
    const seed = this.seed * 31 + seq * 7 + salt;
    let cached: Buffer | undefined;
    const file: FileRecord = {
      id: BigInt(5_000_000_000 + seq),
      accessHash: accessHashFor('file', seq, this.seed),
      fileReference: randomBytes(8),
      kind: spec.kind,
      name: spec.name ?? (spec.kind === 'photo' ? `photo_${seq}.jpg` : `file_${seq}.bin`),
      mimeType:
        spec.mimeType ?? (spec.kind === 'photo' ? 'image/jpeg' : 'application/octet-stream'),
      size,
      dcId: spec.dcId ?? 2,
      bytes: () => (cached ??= content ?? bytesFor(seed, size)),
    };
    this.files.set(String(file.id), file);
    return file;
  }

  /** Stores an uploaded file's bytes as a new file record. */
  storeUpload(
    kind: 'photo' | 'document',
    name: string,
    mimeType: string,
    bytes: Buffer,
  ): FileRecord {
    return this.addFile({ kind, name, mimeType, bytes }, 0);
  }

  file(id: bigint): FileRecord | undefined {
    return this.files.get(String(id));
  }

  // ---- dialogs -----------------------------------------------------------------------------
  dialogs(): Dialog[] {
    const out: Dialog[] = [];
    for (const chat of this.chats.values()) {
      if (chat.myRole === 'left' || chat.myRole === 'banned') continue;
      const peer = this.peerOfChat(chat);
      out.push({
        peer,
        topMessageId: this.histories.get(peerKey(peer))?.topId() ?? 0,
        pinned: false,
      });
    }
    for (const [key, h] of this.histories) {
      if (!key.startsWith('user:') || h.count() === 0) continue;
      out.push({
        peer: { type: 'user', id: Number(key.slice(5)) },
        topMessageId: h.topId(),
        pinned: false,
      });
    }
    const dateOf = (d: Dialog) =>
      d.topMessageId ? (this.message(d.peer, d.topMessageId)?.date ?? 0) : 0;
    for (const d of out) d.pinned = this.pinned.includes(peerKey(d.peer));
    return out
      .filter((d) => d.topMessageId > 0)
      .sort(
        (a, b) =>
          Number(b.pinned) - Number(a.pinned) || dateOf(b) - dateOf(a) || b.peer.id - a.peer.id,
      );
  }
}

export function createWorld(spec: WorldSpec): World {
  return new World(spec);
}
