// What a person reads before deciding: built from the approval record's stored payload (the
// full text, never the 500-character summary), every untrusted string rendered inert, texts
// framed and identified by length and content hash.
import type { ApprovalView } from '../approvals/record.js';
import { framed, inert, inertJson, textFacts } from './inert.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function textBlock(label: string, text: string): string[] {
  return [`${label.padEnd(9)} ${textFacts(text).line}`, framed(text)];
}

/** The payload's lines: the exact text or file, and who a member action concerns. */
export function payloadLines(action: string, payload: Record<string, unknown>, summary: string) {
  const lines: string[] = [];
  const text = str(payload.text);
  const caption = str(payload.caption);
  if (action === 'send_message' && text !== undefined) lines.push(...textBlock('message', text));
  else if (action === 'send_file') {
    lines.push(
      `file      ${inert(str(payload.file_name) ?? '(unnamed)')} (${String(payload.file_size)} bytes, sha256 ${inert(String(payload.file_sha256))})`,
    );
    if (caption) lines.push(...textBlock('caption', caption));
  } else {
    // Member actions: the ids are bound; the names come from the summary the server built.
    lines.push(`payload   ${inertJson(payload)}`);
    lines.push(`about     ${inert(summary)}`);
  }
  return lines;
}

/** The whole approval screen for one request (operator CLI `approve`/`pending`, elicitation). */
export function approvalScreen(v: ApprovalView): string {
  const t = v.target;
  return [
    `request   ${inert(v.requestId)} (${v.status}${v.forceResend ? ', resend inside the duplicate window' : ''})`,
    `action    ${inert(v.action)}`,
    `target    ${inert(t.title ?? '(no title)')} [${inert(t.type)} ${inert(t.id)}]`,
    `account   ${inert(v.account)}`,
    ...payloadLines(v.action, v.payload, v.summary),
    `hash      ${v.payloadHash}`,
    `expires   ${new Date(v.expiresAt).toISOString()}`,
  ].join('\n');
}

/** One line for the operator's terminal naming what a seed-mode code approves. */
export function codeLine(info: {
  requestId: string;
  action: string;
  target: { id: string; type: string; title: string | null };
  payload: Record<string, unknown>;
  payloadHash: string;
}): string {
  const text = str(info.payload.text) ?? str(info.payload.caption);
  const what =
    text !== undefined
      ? `${textFacts(text).line}: "${[...inert(text)].slice(0, 60).join('')}${[...text].length > 60 ? '…' : ''}"`
      : `payload ${inertJson(info.payload)}`;
  return `${inert(info.action)} to ${inert(info.target.title ?? '(no title)')} [${inert(info.target.type)} ${inert(info.target.id)}], ${what}, request ${inert(info.requestId)}, hash ${info.payloadHash.slice(0, 16)}`;
}

/** A batch as the operator reviews it: its id and state, then the whole preview. */
export function batchScreen(view: { id: string; status: string; preview: string }): string {
  return `batch     ${inert(view.id)} (${view.status})\n${inert(view.preview, { keepNewlines: true })}`;
}

/** What the operator's terminal shows with a seed-mode code: what it approves, and the rule. */
export function codeNotice(code: string, about: string): string {
  return `approval code ${code} approves: ${about}. Tell it to the agent only if you approve exactly this.`;
}
