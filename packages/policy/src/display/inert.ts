// Strings shown to a person who decides (approval screens, elicitation prompts, the operator's
// terminal) come from the model or from Telegram. Rendered inert, none can move the cursor,
// erase a line, reorder text or hide characters: every control, format, separator, unassigned
// or invisible character is shown as a visible escape, and a literal backslash is doubled so an
// escape cannot be faked by typing one.
import { createHash } from 'node:crypto';

/** Characters that render as nothing or act on the terminal (beyond the Unicode classes). */
const BLANK_LOOKALIKES = new Set([0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0x180e]);
const HIDDEN = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]$/u;
const SPACE_OTHER_THAN_SPACE = /^\p{Zs}$/u;

function isHidden(ch: string, cp: number): boolean {
  if (HIDDEN.test(ch) || BLANK_LOOKALIKES.has(cp)) return true;
  return cp !== 0x20 && SPACE_OTHER_THAN_SPACE.test(ch);
}

const escapeOf = (cp: number) => `\\u{${cp.toString(16)}}`;

/**
 * One string made safe to print: `\` -> `\\`, tab -> `\t`, CR -> `\r`, newline -> `\n` (kept as
 * a real line break with `keepNewlines`), every other hidden character -> `\u{hex}`.
 */
export function inert(text: string, options: { keepNewlines?: boolean } = {}): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += options.keepNewlines ? '\n' : '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (isHidden(ch, cp)) out += escapeOf(cp);
    else out += ch;
  }
  return out;
}

/** A multi-line text as a framed block: every line starts with the frame, so none can pose as
 * a line of the screen around it. */
export function framed(text: string, frame = '  | '): string {
  return inert(text, { keepNewlines: true })
    .split('\n')
    .map((line) => `${frame}${line}`)
    .join('\n');
}

/** JSON whose strings carry no raw hidden character (they become `\uXXXX` escapes): still
 * valid JSON, safe to print on a terminal. */
export function inertJson(value: unknown, space?: number): string {
  const json = JSON.stringify(value, null, space) ?? 'null';
  let out = '';
  for (const ch of json) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x7e && isHidden(ch, cp)) {
      for (let i = 0; i < ch.length; i++)
        out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

/** What identifies a text beside its rendering: its length and a content hash. */
export function textFacts(text: string): { length: number; sha256: string; line: string } {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const length = text.length;
  return { length, sha256, line: `${length} characters, sha256 ${sha256.slice(0, 16)}` };
}

/**
 * The first character an outgoing text may not contain: C0 controls other than newline and tab,
 * DEL, C1 controls, and the bidi embeddings, overrides and isolates that reorder what a reader
 * sees (U+202A-U+202E, U+2066-U+2069). Marks that RTL scripts and emoji need (LRM, RLM, ZWJ,
 * ZWNJ, variation selectors) are allowed; approval screens show them escaped.
 */
export function forbiddenCharacter(text: string): { index: number; codePoint: string } | null {
  let index = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const control = (cp < 0x20 && cp !== 0x0a && cp !== 0x09) || (cp >= 0x7f && cp <= 0x9f);
    const bidi = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    if (control || bidi)
      return { index, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
    index += ch.length;
  }
  return null;
}
