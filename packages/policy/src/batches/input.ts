// Validation of a new batch at the edge: canonical peer ids (D5), groups only, de-duplicated by
// id in first-seen order, capped. The server resolves references before calling create.
import { z } from 'zod';
import { PolicyInputError } from '../errors.js';
import { canonicalPeerId } from '../hash/payload-hash.js';
import type { BatchGroupType } from './record.js';

export interface BatchGroupInput {
  /** Marked id: `-<id>` basic group, `-100<id>` supergroup or channel. */
  id: string | number | bigint;
  title?: string | null;
  type: BatchGroupType;
}

export interface BatchUserInput {
  id: string | number | bigint;
  title?: string | null;
}

const peerId = z.union([z.string(), z.number().int(), z.bigint()]).transform((v, ctx) => {
  try {
    return canonicalPeerId(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a numeric peer id' });
    return z.NEVER;
  }
});
const title = z
  .string()
  .max(1024, 'is longer than 1024 characters')
  .nullish()
  .transform((t) => t ?? null);

const userSchema = z.object({
  id: peerId.refine((id) => !id.startsWith('-'), 'must be a user id (positive)'),
  title,
});
const groupSchema = z.object({
  id: peerId.refine((id) => id.startsWith('-'), 'must be a group or channel id (negative)'),
  title,
  type: z.enum(['group', 'supergroup', 'channel'], 'must be group, supergroup or channel'),
});

/** First issue of a zod error as a PolicyInputError naming the field, never echoing the value. */
export function inputError(root: string, error: z.ZodError): PolicyInputError {
  const issue = error.issues[0]!;
  const field = [root, ...issue.path.map(String)].reduce((acc, part) =>
    /^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`,
  );
  const message = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  return new PolicyInputError(field, message);
}

export function parseAccount(account: unknown): string {
  const r = userSchema.shape.id.safeParse(account);
  if (!r.success) throw inputError('account', r.error);
  return r.data;
}

export function parseUser(user: unknown): { id: string; title: string | null } {
  const r = userSchema.safeParse(user);
  if (!r.success) throw inputError('user', r.error);
  return r.data;
}

export interface ParsedGroups {
  groups: Array<{ id: string; title: string | null; type: BatchGroupType }>;
  /** How many entries repeated an id already listed. */
  duplicates: number;
}

export function parseGroups(groups: unknown, maxGroups: number): ParsedGroups {
  if (!Array.isArray(groups)) throw new PolicyInputError('groups', 'expected an array');
  if (groups.length === 0) throw new PolicyInputError('groups', 'is empty');
  const seen = new Map<string, ParsedGroups['groups'][number]>();
  let duplicates = 0;
  groups.forEach((g, i) => {
    const r = groupSchema.safeParse(g);
    if (!r.success) throw inputError(`groups[${i}]`, r.error);
    if (seen.has(r.data.id)) duplicates++;
    else seen.set(r.data.id, r.data);
  });
  if (seen.size > maxGroups) {
    throw new PolicyInputError(
      'groups',
      `${seen.size} distinct groups; at most ${maxGroups} per batch`,
    );
  }
  return { groups: [...seen.values()], duplicates };
}

export function parseNote(note: unknown): string {
  if (note === undefined || note === null) return '';
  if (typeof note !== 'string') throw new PolicyInputError('note', 'expected a string');
  const t = note.trim();
  if (t.length > 500) throw new PolicyInputError('note', 'is longer than 500 characters');
  return t;
}

export function parseHours(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 720) {
    throw new PolicyInputError(field, 'must be an integer from 1 to 720');
  }
  return value;
}
