// The allowlist on canonical peer ids (fixes D5/D7). Each configured entry is resolved once
// and pinned (persisted when a state store is given): renaming a chat or handing its
// username to another chat cannot redirect a write. Users pass only when listed themselves.
// A pin record that goes missing is checked against the pins manifest before it is made again:
// the same id is re-pinned with a warning and `onRepin`; another id is refused (issue 16 #15).
import { type Clock, systemClock } from '@tgmcp/core';
import { z } from 'zod';
import { StateCorruptError } from '../errors.js';
import { log } from '../logger.js';
import { PEER_TYPES } from '../quotas/action-quotas.js';
import { type JsonValue, REMOVE, type StateStore, withResult } from '../state/types.js';
import { type ManifestPin, forgetPin, readPinManifest, recordPins } from './pin-manifest.js';
import {
  type CanonicalPeer,
  type ResolvePeer,
  canonicalPeer,
  isUserType,
  peerTypeOfId,
} from './peer.js';
import type { RepinEvent } from './repin.js';

const pinSchema = z.object({
  entry: z.string(),
  id: z.string(),
  type: z.enum(PEER_TYPES),
  title: z.string().nullable(),
  pinnedAt: z.number(),
});

/** An allowlist entry pinned to the peer it named when first resolved (a state record). */
export type Pin = z.infer<typeof pinSchema>;

/** The pin stored under `key`; a record there that is not a pin is corrupt (fail closed). */
function parsePin(key: string, raw: JsonValue | undefined): Pin | undefined {
  if (raw === undefined) return undefined;
  const r = pinSchema.safeParse(raw);
  if (!r.success) throw new StateCorruptError(key, undefined, 'not an allowlist pin');
  return r.data;
}

export interface PinReport {
  pins: Pin[];
  failed: Array<{ entry: string; error: string }>;
  /** Entries whose name now resolves elsewhere; the pin is kept. */
  moved: Array<{ entry: string; pinnedId: string; nowId: string }>;
  /** Entries whose pin went missing and whose name now resolves elsewhere: unpinned, refused. */
  refused: Array<{ entry: string; pinnedId: string; nowId: string }>;
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
  /**
   * Called when a missing pin is resolved again, before anything is pinned (the actions server
   * writes it to the audit trail). If it throws, the entry is not pinned.
   */
  onRepin?: (event: RepinEvent) => void | Promise<void>;
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

/** Pin records are `allowlist-pin:<account>:<entry>`. */
export const PIN_KEY_PREFIX = 'allowlist-pin:';

export function createAllowlist(options: AllowlistOptions): Allowlist {
  const { resolve, store, clock = systemClock } = options;
  const retryMs = options.retryFailedAfterMs ?? 60_000;
  const warn = options.onWarning ?? ((m: string) => log.warn(m));
  const entries = [...new Set(options.entries)];
  const pins = new Map<string, Pin>();
  const failedAt = new Map<string, { at: number; error: string }>();
  const moved: PinReport['moved'] = [];
  const refused = new Map<string, PinReport['refused'][number]>();
  const keyOf = (entry: string) => `${PIN_KEY_PREFIX}${options.account}:${entry}`;
  let inflight: Promise<PinReport> | undefined;

  /** Pins `entry`; false when it was refused (a missing pin whose name moved). */
  async function pinOne(entry: string, known: ManifestPin | undefined): Promise<boolean> {
    // A marked group/channel id names itself; anything else asks Telegram once.
    const peer: CanonicalPeer = isMarkedGroupId(entry)
      ? { id: entry, type: peerTypeOfId(entry), title: null }
      : canonicalPeer(await resolve(entry));
    if (known) {
      // The pin record is gone but the manifest remembers it.
      const outcome = known.id === peer.id ? 'repinned' : 'refused';
      if (outcome === 'refused') {
        const seen = refused.get(entry);
        refused.set(entry, { entry, pinnedId: known.id, nowId: peer.id });
        if (seen?.nowId === peer.id) return false; // reported already by this process
        warn(
          `allowlist pin for ${entry} is missing: it was pinned to ${known.id} and now resolves to ${peer.id}; refused until the operator unpins ${entry}`,
        );
      } else {
        warn(`allowlist pin for ${entry} was missing; pinned again to the same id ${peer.id}`);
      }
      try {
        await options.onRepin?.({ entry, previousId: known.id, peer, outcome });
      } catch (err) {
        if (outcome === 'repinned') throw err;
        warn(`repin of ${entry} not recorded: ${(err as Error).message}`);
      }
      if (outcome === 'refused') return false;
    }
    refused.delete(entry);
    const fresh: Pin = { entry, ...peer, pinnedAt: clock.now() };
    const pin = store
      ? await store.update<JsonValue, Pin>(keyOf(entry), (cur) => {
          const saved = parsePin(keyOf(entry), cur);
          return saved ? withResult(undefined, saved) : withResult(fresh, fresh);
        })
      : (pins.get(entry) ?? fresh);
    if (pin.id !== peer.id) {
      moved.push({ entry, pinnedId: pin.id, nowId: peer.id });
      warn(`allowlist entry ${entry} now resolves to ${peer.id}; it stays pinned to ${pin.id}`);
    }
    if (store) await recordPins(store, options.account, [pin]);
    pins.set(entry, pin);
    return true;
  }

  async function run(): Promise<PinReport> {
    let manifest: Record<string, ManifestPin> = {};
    if (store) {
      for (const entry of entries) {
        if (pins.has(entry)) continue;
        // A record that is not a pin is left to pinOne, which reports it as this entry's failure.
        const saved = pinSchema.safeParse(await store.get<JsonValue>(keyOf(entry)));
        if (saved.success) pins.set(entry, saved.data);
      }
      manifest = await readPinManifest(store, options.account);
      // Pins from before the manifest existed: remembered from now on.
      const unrecorded = [...pins.values()].filter((p) => !Object.hasOwn(manifest, p.entry));
      if (unrecorded.length > 0) await recordPins(store, options.account, unrecorded);
    }
    const now = clock.now();
    for (const entry of entries) {
      if (pins.has(entry)) continue;
      const failed = failedAt.get(entry);
      if (failed && now - failed.at < retryMs) continue;
      try {
        const known = Object.hasOwn(manifest, entry) ? manifest[entry] : undefined;
        if (await pinOne(entry, known)) failedAt.delete(entry);
        else {
          const r = refused.get(entry)!;
          failedAt.set(entry, {
            at: now,
            error: `pin missing; was ${r.pinnedId}, now resolves to ${r.nowId}: unpin to accept`,
          });
        }
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
      refused: [...refused.values()],
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
      refused.delete(entry);
      if (store) {
        await store.update(keyOf(entry), () => REMOVE);
        await forgetPin(store, options.account, entry);
      }
    },
  };
}
