// What the allowlist reports when a pin record went missing and its entry was resolved again,
// and the audit entry the actions server records for it.
import type { AuditInput } from '../audit/audit-log.js';
import type { CanonicalPeer } from './peer.js';

export interface RepinEvent {
  entry: string;
  /** The id the entry was pinned to before its pin went missing (from the pins manifest). */
  previousId: string;
  /** What the entry's name resolves to now. */
  peer: CanonicalPeer;
  /**
   * `repinned`: the name still names the same peer and is pinned again. `refused`: it names
   * another peer now; the entry allows nothing until the operator unpins it.
   */
  outcome: 'repinned' | 'refused';
}

/** The audit trail's line for a repin (event `repin`). */
export function repinAuditInput(account: string, e: RepinEvent): AuditInput {
  return {
    event: 'repin',
    actor: 'allowlist',
    account,
    action: 'allowlist_pin',
    target: { id: e.peer.id, title: e.peer.title, type: e.peer.type },
    ...(e.outcome === 'refused'
      ? {
          error_code: 'NOT_ALLOWLISTED',
          error: `pin for ${e.entry} was missing; it was pinned to ${e.previousId}, now names ${e.peer.id}: refused until the operator unpins it`,
        }
      : {}),
    result: { entry: e.entry, previous_id: e.previousId, outcome: e.outcome },
  };
}
