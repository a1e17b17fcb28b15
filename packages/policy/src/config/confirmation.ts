// The confirmation-phrase rule. The phrase lives in a private field: it never shows up in
// JSON.stringify, util.inspect, describePolicy, errors or logs (D22).
import { timingSafeEqual, createHash } from 'node:crypto';

export type ConfirmationVerdict = 'ok' | 'too_short' | 'mismatch';

export class ConfirmationRule {
  readonly #phrase: string | null;
  constructor(
    readonly required: boolean,
    phrase: string | null,
    readonly minLength: number,
  ) {
    this.#phrase = phrase;
  }

  /** True when a phrase is configured (the phrase itself is never exposed). */
  get phraseSet(): boolean {
    return this.#phrase !== null;
  }

  /** Checks a confirmation text: trimmed length first, then the phrase (case-insensitive). */
  check(text: string | undefined): ConfirmationVerdict {
    const t = (text ?? '').trim();
    if ([...t].length < this.minLength) return 'too_short';
    if (this.#phrase === null) return 'ok';
    // Constant-time compare of digests, so timing tells nothing about the phrase.
    const a = createHash('sha256').update(t.toLowerCase()).digest();
    const b = createHash('sha256').update(this.#phrase).digest();
    return timingSafeEqual(a, b) ? 'ok' : 'mismatch';
  }

  toJSON() {
    return { required: this.required, phraseSet: this.phraseSet, minLength: this.minLength };
  }
}
