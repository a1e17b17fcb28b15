// Expected values read straight from the fake's world, in the ids and forms the tools answer with.
import type { PeerRef, World } from '@tgmcp/testkit';

/** Telegram's marked id: a user's id, -id for a basic group, -100id for a channel/supergroup. */
export function markedId(peer: PeerRef): string {
  if (peer.type === 'user') return String(peer.id);
  return peer.type === 'chat' ? `-${peer.id}` : `-100${peer.id}`;
}

/** The peer of a chat or user by @username. */
export function peerOf(world: World, username: string): PeerRef {
  const peer = world.resolveUsername(username.replace(/^@/, ''));
  if (!peer) throw new Error(`no @${username} in the world`);
  return peer;
}

/** Message ids of a chat's history, newest first (service messages included). */
export function historyIds(world: World, peer: PeerRef): number[] {
  return [...world.history(peer).idsNewestFirst()];
}

/** Unix seconds as the tools write dates (ISO 8601, UTC). */
export const iso = (unix: number) => new Date(unix * 1000).toISOString();
