// The secrets a process must never print (api hash, session string, session key, proxy password,
// login code, 2FA password): registered once where they are read, replaced by `[redacted]` in
// every line the logger writes. Shorter values are not registered: they would mangle ordinary
// words and numbers and are too short to be worth guessing at anyway.

export const REDACTED = '[redacted]';
/** Values shorter than this (not counting surrounding blanks) are ignored by `add`. */
export const MIN_SECRET_LENGTH = 6;

export interface SecretRegistry {
  /** Remembers a secret (and its trimmed form); blank or short values are ignored. */
  add(value: string | null | undefined): void;
  /** `text` with every registered secret replaced by `[redacted]`. */
  redact(text: string): string;
  /** How many distinct values are registered. */
  readonly size: number;
}

export function createSecretRegistry(): SecretRegistry {
  const values = new Set<string>();
  // Longest first, so a secret that contains another is replaced whole.
  let ordered: string[] = [];
  const remember = (v: string) => {
    if (v.trim().length < MIN_SECRET_LENGTH || values.has(v)) return;
    values.add(v);
    ordered = [...values].sort((a, b) => b.length - a.length);
  };
  return {
    add(value) {
      if (typeof value !== 'string') return;
      remember(value);
      remember(value.trim());
    },
    redact(text) {
      let out = text;
      for (const v of ordered) if (out.includes(v)) out = out.split(v).join(REDACTED);
      return out;
    },
    get size() {
      return values.size;
    },
  };
}

/** The registry every logger uses unless given another: one per process. */
export const processSecrets: SecretRegistry = createSecretRegistry();

/** Registers a secret with the process registry: no logger of this process will print it. */
export function registerSecret(value: string | null | undefined): void {
  processSecrets.add(value);
}
