// The pins manifest: the id each allowlist entry was pinned to, in one record apart from the pin
// records. When a pin record goes missing (deleted by hand, lost with a file), the manifest
// still knows the id, so a name that has since moved is not pinned to its new owner.
import { z } from 'zod';
import { StateCorruptError } from '../errors.js';
import { type JsonValue, type StateStore, withResult } from '../state/types.js';

const manifestSchema = z.object({
  v: z.literal(1),
  pins: z.record(z.string(), z.object({ id: z.string(), type: z.string(), pinnedAt: z.number() })),
});

export type PinManifest = z.infer<typeof manifestSchema>['pins'];
export type ManifestPin = PinManifest[string];

export const MANIFEST_KEY_PREFIX = 'allowlist-manifest:';
export const manifestKey = (account: string) => `${MANIFEST_KEY_PREFIX}${account}`;

function parse(key: string, raw: JsonValue | undefined): PinManifest {
  if (raw === undefined) return {};
  const r = manifestSchema.safeParse(raw);
  if (!r.success) throw new StateCorruptError(key, undefined, 'not a pins manifest');
  return r.data.pins;
}

export async function readPinManifest(store: StateStore, account: string): Promise<PinManifest> {
  const key = manifestKey(account);
  return parse(key, await store.get<JsonValue>(key));
}

/** Adds entries the manifest does not have yet; an entry already there keeps its first id. */
export async function recordPins(
  store: StateStore,
  account: string,
  pins: ReadonlyArray<{ entry: string; id: string; type: string; pinnedAt: number }>,
): Promise<void> {
  const key = manifestKey(account);
  await store.update<JsonValue, null>(key, (raw) => {
    const current = parse(key, raw);
    const missing = pins.filter((p) => !Object.hasOwn(current, p.entry));
    if (missing.length === 0) return withResult(undefined, null);
    const next = { ...current };
    for (const p of missing) next[p.entry] = { id: p.id, type: p.type, pinnedAt: p.pinnedAt };
    return withResult({ v: 1, pins: next } as JsonValue, null);
  });
}

/** The operator's unpin: the entry's next pin is a first pin again. */
export async function forgetPin(store: StateStore, account: string, entry: string): Promise<void> {
  const key = manifestKey(account);
  await store.update<JsonValue, null>(key, (raw) => {
    const current = parse(key, raw);
    if (!Object.hasOwn(current, entry)) return withResult(undefined, null);
    const next = { ...current };
    delete next[entry];
    return withResult({ v: 1, pins: next } as JsonValue, null);
  });
}
