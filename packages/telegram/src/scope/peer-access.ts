// How the typed operations turn references into peers: every read goes through the read scope
// here, so an operation cannot forget it. The write path (pins, membership checks that settle a
// write) is outside the scope for the actions role, whose writes the policy governs; for the
// read role nothing is outside it.
import { ChatNotAllowedError, PeerNotFoundError } from '../errors.js';
import type { PeerHandle } from '../peers/pinned.js';
import type { PeerResolver, ResolvedPeer } from '../peers/resolve.js';
import type { ReadScope } from './read-scope.js';

/**
 * `chat`: its content or facts are read (history, members, media, info): it must be in the
 * scope, a person's private chat too. `peer`: only described (who is this?): people pass, chats
 * must be in the scope.
 */
export type ScopeRule = 'chat' | 'peer';

export class PeerAccess {
  constructor(
    private readonly resolver: PeerResolver,
    private readonly scope: ReadScope | undefined,
    /** True for the actions role: the write path resolves without the scope. */
    private readonly writePathUnscoped: boolean,
  ) {}

  /** A chat to read from; CHAT_NOT_ALLOWED (naming `field`) outside the scope. */
  chat(ref: unknown, field: string): Promise<ResolvedPeer> {
    return this.resolve(ref, field, 'chat');
  }

  /** A peer to describe: a person always; a chat only inside the scope. */
  peer(ref: unknown, field: string): Promise<ResolvedPeer> {
    return this.resolve(ref, field, 'peer');
  }

  /** For the write path: unscoped for the actions role, under `rule` for the read role. */
  forWrite(ref: unknown, field: string, rule: ScopeRule): Promise<ResolvedPeer> {
    return this.writePathUnscoped
      ? this.resolver.resolve(ref, field)
      : this.resolve(ref, field, rule);
  }

  /**
   * For the read role with a scope: `ref` must be in it before a write-path operation looks it up
   * its own way (joinChat's invite check). Nothing for the actions role.
   */
  async checkForWrite(ref: unknown, field: string, rule: ScopeRule): Promise<void> {
    if (!this.writePathUnscoped && this.scope) await this.resolve(ref, field, rule);
  }

  /**
   * A pinned peer handed to a write-path operation (a write, findSent, isFirstContact): for the
   * read role, which cannot write but could still look (removeMember checks membership first),
   * it must be in the scope. Nothing for the actions role.
   */
  async checkHandle(handle: PeerHandle, field: string): Promise<void> {
    if (this.writePathUnscoped) return;
    const ids = await this.ids();
    if (ids && !ids.has(handle.id)) throw new ChatNotAllowedError(field);
  }

  /**
   * Whether a marked id is in the scope, as a predicate; undefined without a scope. Resolves the
   * scope if that has not happened yet.
   */
  async filter(): Promise<((id: string) => boolean) | undefined> {
    const ids = await this.ids();
    return ids && ((id) => ids.has(id));
  }

  /** The scope's ids (resolved once, through this client, if no client did yet). */
  private async ids(): Promise<ReadonlySet<string> | undefined> {
    return this.scope?.resolve((ref) => this.resolver.resolve(ref, 'readScope'));
  }

  private async resolve(ref: unknown, field: string, rule: ScopeRule): Promise<ResolvedPeer> {
    const ids = await this.ids();
    if (!ids) return this.resolver.resolve(ref, field);
    let peer: ResolvedPeer;
    try {
      peer = await this.resolver.resolve(ref, field);
    } catch (err) {
      // Outside the scope and nowhere at all must look the same.
      if (err instanceof PeerNotFoundError) throw new ChatNotAllowedError(field);
      throw err;
    }
    if (ids.has(peer.id) || (rule === 'peer' && peer.type === 'user')) return peer;
    throw new ChatNotAllowedError(field);
  }
}
