// The Telegram operations the writes need, structurally (@tgmcp/telegram's handle has them):
// every write goes to a pinned peer, resolved once, so nothing is resolved between check and send.
import type { TargetHandle } from '../allowlist/peer.js';

/** A peer pinned by a resolution: what the writes take, and what the person is shown. */
export interface PinnedPeerLike extends TargetHandle {
  title: string | null;
  username?: string | null;
}

export interface SendOps {
  /** Fails closed: true when the lookup fails. */
  isFirstContact(peer: TargetHandle): Promise<boolean>;
  /** A send left in doubt: the message of ours with this text since then, if it arrived. */
  findSent(
    peer: TargetHandle,
    o: { text: string; sinceUnix: number; randomId: string },
  ): Promise<unknown>;
}

export interface MessageOps extends SendOps {
  sendMessage(peer: TargetHandle, text: string, o: { randomId: string }): Promise<unknown>;
}

export interface FileOps extends SendOps {
  sendFile(
    peer: TargetHandle,
    filePath: string,
    o: { caption: string; randomId: string; sha256: string },
  ): Promise<unknown>;
}

export interface MemberOps<U extends PinnedPeerLike = PinnedPeerLike> {
  pinPeer(ref: string, field?: string): Promise<U>;
  addMember(group: TargetHandle, user: U): Promise<unknown>;
  removeMember(group: TargetHandle, user: U): Promise<unknown>;
  isMember(groupId: string, userId: string): Promise<boolean>;
}
