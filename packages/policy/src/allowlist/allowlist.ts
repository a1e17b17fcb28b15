// The allowlist on canonical peer ids (fixes D5/D7). Each configured entry is resolved once
// and pinned (persisted when a state store is given): renaming a chat or handing its
// username to another chat cannot redirect a write. Users pass only when listed themselves.
import { type Clock, systemClock } from '@tgmcp/ratelimit';
import { type JsonValue, REMOVE, type StateStore } from '../state/types.js';
import {
  type CanonicalPeer,
  type ResolvePeer,
  canonicalPeer,
  isUserType,
  peerTypeOfId,
} from './peer.js';

export interface Pin {
  entry: string;
  id: string;
  type: CanonicalPeer['type'];
  title: string | null;
  pinnedAt: number;
}

export interface PinReport {
  pins: Pin[];
  failed: Array<{ entry: string; error: string }>;
  /** Entries whose name now resolves elsewhere; the pin is kept. */
  moved: Array<{ entry: string; pinnedId: string; nowId: string }>;
}

export interface AllowlistOptions {
  /** Normalized entries (ActionsPolicy.allowedTargets). */
  entries: readonly string[];
  resolve: ResolvePeer;
  /** The account the pins belong to. */
  account: string;
  /** Persists pins across restarts; without it pins live as long as the process. */
  store?: StateStore;
  clock?: Clock;
  /** Failed entries are resolved again at most this often. Default 60 s. */
  retryFailedAfterMs?: number;
  onWarning?: (message: string) => void;
}

export interface Allowlist {
  readonly entries: readonly string[];
  /** Resolves and pins every entry not pinned yet (single flight). */
  ensurePinned(): Promise<PinReport>;
  /** The entry that allows `peer`, or undefined. */
  match(peer: CanonicalPeer): Promise<Pin | undefined>;
  /** Forgets a pin (the operator re-pins after a deliberate change). */
  unpin(entry: string): Promise<void>;
}

const isMarkedGroupId = (entry: string) => /^-\d+$/.test(entry);

export function createAllowlist(options: AllowlistOptions): Allowlist {
  const { resolve, store, clock = systemClock } = options;
  const retryMs = options.retryFailedAfterMs ?? 60_000;
  const warn = options.onWarning ?? ((m: string) => console.warn(`[@tgmcp/policy] ${m}`));
  const entries = [...new Set(options.entries)];
  const pins = new Map<string, Pin>();
  const failedAt = new Map<string, { at: number; error: string }>();
  const moved: PinReport['moved'] = [];
  const keyOf = (entry: string) => `allowlist-pin:${options.account}:${entry}`;
  let inflight: Promise<PinReport> | undefined;

  async function pinOne(entry: string): Promise<void> {
    // A marked group/channel id names itself; anything else asks Telegram once.
    const peer: CanonicalPeer = isMarkedGroupId(entry)
      ? { id: entry, type: peerTypeOfId(entry), title: null }
      : canonicalPeer(await resolve(entry));
    const fresh: Pin = { entry, ...peer, pinnedAt: clock.now() };
    const pin = store
      ? ((await store.update<JsonValue>(
          keyOf(entry),
          (cur) => cur ?? (fresh as unknown as JsonValue),
        )) as unknown as Pin)
      : (pins.get(entry) ?? fresh);
    if (pin.id !== peer.id) {
      moved.push({ entry, pinnedId: pin.id, nowId: peer.id });
      warn(`allowlist entry ${entry} now resolves to ${peer.id}; it stays pinned to ${pin.id}`);
    }
    pins.set(entry, pin);
  }

  async function run(): Promise<PinReport> {
    if (store) {
      for (const entry of entries) {
        if (pins.has(entry)) continue;
        const saved = await store.get<JsonValue>(keyOf(entry));
        if (
          saved &&
          typeof saved === 'object' &&
          !Array.isArray(saved) &&
          typeof saved.id === 'string'
        ) {
          pins.set(entry, saved as unknown as Pin);
        }
      }
    }
    const now = clock.now();
    for (const entry of entries) {
      if (pins.has(entry)) continue;
      const failed = failedAt.get(entry);
      if (failed && now - failed.at < retryMs) continue;
      try {
        await pinOne(entry);
        failedAt.delete(entry);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        failedAt.set(entry, { at: now, error });
        warn(`allowlist entry ${entry} could not be resolved: ${error}`);
      }
    }
    return {
      pins: [...pins.values()],
      failed: [...failedAt.entries()].map(([entry, f]) => ({ entry, error: f.error })),
      moved: [...moved],
    };
  }

  return {
    entries,
    ensurePinned() {
      inflight ??= run().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    async match(peer) {
      if (pins.size < entries.length) await this.ensurePinned();
      for (const pin of pins.values()) {
        if (pin.id !== peer.id) continue;
        // A user is allowed only by an entry that pinned that very user (D7).
        if (isUserType(peer.type) !== isUserType(pin.type)) continue;
        return pin;
      }
      return undefined;
    },
    async unpin(entry) {
      pins.delete(entry);
      failedAt.delete(entry);
      if (store) await store.update(keyOf(entry), () => REMOVE);
    },
  };
}
