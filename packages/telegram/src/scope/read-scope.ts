// The read scope (TG_READ_ALLOWED_CHATS): the chats a server may read, resolved once to canonical
// ids on first use. A chat renamed later, or a username handed to another chat, cannot widen it:
// what counts is the id each reference named when the scope was resolved.
import { InvalidInputError, PeerNotFoundError } from '../errors.js';
import { log } from '../logger.js';

export interface ReadScopeOptions {
  /**
   * A reference that names nothing (or is malformed) is left out of the scope; this hears of it.
   * Default: a warning line through the tgmcp logger (stderr).
   */
  onUnresolved?: (ref: string, error: Error) => void;
}

/** What resolves a reference to its canonical (marked) id. */
export type ResolveRef = (ref: string) => Promise<{ id: string }>;

const warnOnStderr = (ref: string): void => {
  log.warn(`read scope: ${JSON.stringify(ref)} does not resolve; ignored`);
};

/**
 * Share one instance between the clients of a process (a server that switches sessions): it is
 * resolved once, by the first client that needs it, and keeps those ids for its lifetime.
 */
export class ReadScope {
  readonly refs: readonly string[];
  private resolving: Promise<ReadonlySet<string>> | undefined;
  private resolved: ReadonlySet<string> | undefined;
  private readonly onUnresolved: (ref: string, error: Error) => void;

  /** `refs`: @usernames, t.me links or ids. An empty list allows no chat at all. */
  constructor(refs: readonly string[], options: ReadScopeOptions = {}) {
    this.refs = [...refs];
    this.onUnresolved = options.onUnresolved ?? warnOnStderr;
  }

  /** The ids, once resolved; undefined before (nothing is asked of Telegram here). */
  get ids(): ReadonlySet<string> | undefined {
    return this.resolved;
  }

  /**
   * The canonical ids, resolved on the first call. A reference that names nothing is dropped
   * for good (with `onUnresolved`); any other failure (timeout, flood wait) fails this call and
   * the next call tries again, so a passing network error never narrows the scope for good.
   */
  resolve(resolveRef: ResolveRef): Promise<ReadonlySet<string>> {
    if (this.resolved) return Promise.resolve(this.resolved);
    this.resolving ??= this.resolveAll(resolveRef).then(
      (ids) => (this.resolved = ids),
      (err: unknown) => {
        this.resolving = undefined;
        throw err;
      },
    );
    return this.resolving;
  }

  private async resolveAll(resolveRef: ResolveRef): Promise<ReadonlySet<string>> {
    const ids = new Set<string>();
    const unresolved: Array<[string, Error]> = [];
    for (const ref of this.refs) {
      try {
        ids.add((await resolveRef(ref)).id);
      } catch (err) {
        if (!(err instanceof PeerNotFoundError || err instanceof InvalidInputError)) throw err;
        unresolved.push([ref, err]);
      }
    }
    // Reported once, when the whole scope is settled (not again on a retry after a failure).
    for (const [ref, err] of unresolved) this.onUnresolved(ref, err);
    return ids;
  }
}
