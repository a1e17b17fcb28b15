// What a person reviews before approving a batch: a plain-text preview naming the user and
// every group (title and id), and the hash of what it binds (account, user, sorted group ids).
// An approval carries that hash, so a batch whose groups differ from the reviewed ones is not
// approved (D22).
import { createHash } from 'node:crypto';
import { inert } from '../display/inert.js';
import { canonicalJson } from '../hash/canonical-json.js';

export interface PreviewSubject {
  account: string;
  user: { id: string; title: string | null };
  groups: ReadonlyArray<{ id: string; title: string | null }>;
}

export function batchPreviewHash(s: PreviewSubject): string {
  const ids = s.groups.map((g) => g.id).sort();
  const body = canonicalJson({
    action: 'add_member_batch',
    account: s.account,
    user: s.user.id,
    groups: ids,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * One line of untrusted text (a chat title, a name, the note): rendered inert (no control,
 * bidi or invisible character acts; each is shown escaped), cut at `max` characters.
 */
export function displayText(text: string | null, max = 80): string {
  if (text === null) return '(no title)';
  const chars = [...inert(text.trim())];
  return chars.length > max
    ? `${chars.slice(0, max - 1).join('')}…`
    : chars.join('') || '(no title)';
}

export function batchPreviewText(
  s: PreviewSubject & { id: string; note: string; expiresAt: number; previewHash: string },
): string {
  const n = s.groups.length;
  const lines = [
    `Add user ${displayText(s.user.title)} (id ${s.user.id}) to ${n} group${n === 1 ? '' : 's'} as account ${s.account}:`,
    ...s.groups.map((g, i) => `  ${i + 1}. ${displayText(g.title)} (${g.id})`),
  ];
  if (s.note) lines.push(`Note: ${displayText(s.note, 200)}`);
  lines.push(
    `Batch ${s.id}, expires ${new Date(s.expiresAt).toISOString()}, preview ${s.previewHash.slice(0, 12)}`,
  );
  return lines.join('\n');
}
