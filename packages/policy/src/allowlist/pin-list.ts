// Every allowlist pin in a state store, per account and entry: the id it is pinned to now, and
// the id the manifest first recorded (a pin that went missing still shows what it was).
import type { StateStore } from '../state/types.js';
import { PIN_KEY_PREFIX } from './allowlist.js';
import { MANIFEST_KEY_PREFIX } from './pin-manifest.js';

export interface PinRow {
  account: string;
  entry: string;
  /** Null when the pin record is missing. */
  pinned: string | null;
  /** The id the manifest recorded first, or null. */
  first: string | null;
}

export async function listPins(state: StateStore): Promise<PinRow[]> {
  const out = new Map<string, PinRow>();
  const row = (account: string, entry: string) => {
    const k = `${account}\n${entry}`;
    let r = out.get(k);
    if (!r) out.set(k, (r = { account, entry, pinned: null, first: null }));
    return r;
  };
  for (const { key, value } of await state.list<{ id?: string }>(PIN_KEY_PREFIX)) {
    const rest = key.slice(PIN_KEY_PREFIX.length);
    const at = rest.indexOf(':');
    if (at > 0 && typeof value?.id === 'string')
      row(rest.slice(0, at), rest.slice(at + 1)).pinned = value.id;
  }
  for (const { key, value } of await state.list<{ pins?: Record<string, { id: string }> }>(
    MANIFEST_KEY_PREFIX,
  )) {
    for (const [entry, p] of Object.entries(value?.pins ?? {}))
      row(key.slice(MANIFEST_KEY_PREFIX.length), entry).first = p.id;
  }
  return [...out.values()];
}
