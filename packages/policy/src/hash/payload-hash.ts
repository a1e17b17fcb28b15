// The payload hash (section 6.5), bound to the account and the canonical peer id (D5, D33,
// D52): the same text to one chat under `@name`, its link or its `-100` id hashes the same,
// and the same text from another account or to another chat hashes differently.
import { createHash } from 'node:crypto';
import { PolicyInputError } from '../errors.js';
import { canonicalJson } from './canonical-json.js';

export interface PayloadHashInput {
  /** The account's canonical id (the user id of the logged-in account). */
  account: string;
  action: string;
  /** The canonical (marked) peer id: `<id>` user, `-<id>` group, `-100<id>` channel. */
  target: string;
  payload: Record<string, unknown>;
}

/** A marked peer id in canonical form: an integer string without `+` or leading zeros. */
export function canonicalPeerId(id: string | number | bigint): string {
  const s = String(id).trim();
  if (!/^[+-]?\d{1,20}$/.test(s)) {
    throw new PolicyInputError('target', `'${s}' is not a numeric peer id`);
  }
  const n = BigInt(s);
  if (n === 0n) throw new PolicyInputError('target', 'peer id 0 is not a peer');
  return n.toString();
}

export function payloadHash(input: PayloadHashInput): string {
  if (!input.account) throw new PolicyInputError('account', 'is required');
  if (!input.action) throw new PolicyInputError('action', 'is required');
  const body = canonicalJson({
    account: String(input.account),
    action: input.action,
    target: canonicalPeerId(input.target),
    payload: input.payload,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
