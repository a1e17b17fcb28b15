// Resolved peers: what the injected resolver returns, and the type implied by a marked id.
import { canonicalPeerId } from '../hash/payload-hash.js';
import type { PeerType } from '../quotas/action-quotas.js';

export interface ResolvedPeer {
  /** Marked id: `<id>` user, `-<id>` basic group, `-100<id>` channel or supergroup. */
  id: string;
  type?: PeerType;
  title?: string | null;
  username?: string | null;
  /** Telegram's access hash for this account, when the resolver knows it (users, channels). */
  accessHash?: string | null;
}

/** Resolves `@name`, a t.me link or an id to the peer it names now (e.g. tg.resolvePeer). */
export type ResolvePeer = (ref: string) => Promise<ResolvedPeer>;

export interface CanonicalPeer {
  id: string;
  type: PeerType;
  title: string | null;
}

/**
 * The target a write goes to: the very peer the gates checked and the approval was bound to,
 * with its access hash, so the write resolves nothing again (no TOCTOU between check and send).
 */
export interface PinnedTarget extends CanonicalPeer {
  accessHash: string | null;
}

export function peerTypeOfId(id: string): PeerType {
  if (!id.startsWith('-')) return 'user';
  return id.startsWith('-100') && id.length > 4 ? 'channel' : 'group';
}

export function canonicalPeer(peer: ResolvedPeer): CanonicalPeer {
  const id = canonicalPeerId(peer.id);
  return { id, type: peer.type ?? peerTypeOfId(id), title: peer.title ?? null };
}

export const isUserType = (type: PeerType) => type === 'user' || type === 'bot';

/** A peer as Telegram writes take it (structural: @tgmcp/telegram's `PeerHandle`). */
export interface TargetHandle {
  id: string;
  type: 'user' | 'group' | 'supergroup' | 'channel';
  accessHash: string | null;
}

/** The handle of a resolved or pinned peer (a bot is a user to Telegram's writes). */
export function handleOf(peer: ResolvedPeer): TargetHandle {
  const type = peer.type ?? peerTypeOfId(peer.id);
  return { id: peer.id, type: type === 'bot' ? 'user' : type, accessHash: peer.accessHash ?? null };
}
