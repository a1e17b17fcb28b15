// Limiter stats name the chats of slowmode waits; a chat outside the read scope is left out, so
// stats say nothing about it either.
import type { ActiveWait } from '@tgmcp/ratelimit';

/** The chokepoint's chat key (`channel:<id>`, `chat:<id>`, `user:<id>`) as a marked id. */
export function markedIdOfChatKey(key: string): string {
  const [kind, id = ''] = key.split(':');
  return kind === 'channel' ? `-100${id}` : kind === 'chat' ? `-${id}` : id;
}

/** `inScope` undefined: no scope, every wait shows. */
export function waitsInScope(
  waits: ActiveWait[],
  inScope: ((id: string) => boolean) | undefined,
): ActiveWait[] {
  if (!inScope) return waits;
  return waits.filter((w) => w.scope !== 'chat' || inScope(markedIdOfChatKey(w.target ?? '')));
}
