// Where the phone number, the login code and the 2FA password come from: a fixed string, a
// function asked lazily (and again after a wrong code), a terminal prompt or an env variable.
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { LoginError } from './errors.js';

export interface AskContext {
  /** 1 for the first ask, 2 after the first wrong answer... */
  attempt: number;
  /** Telegram refused the previous answer. */
  retry: boolean;
  /** The 2FA password hint the account owner set, when asking for the password. */
  hint?: string;
  signal?: AbortSignal;
}

/** A value, or a function asked when the value is needed (again after a wrong answer). */
export type SecretProvider = string | ((context: AskContext) => Promise<string> | string);

/** Asks a provider; an empty answer is refused with `what` named. Passwords are kept as typed. */
export async function ask(
  provider: SecretProvider,
  what: string,
  context: AskContext,
  { trim = true }: { trim?: boolean } = {},
): Promise<string> {
  context.signal?.throwIfAborted();
  const value = typeof provider === 'string' ? provider : await provider(context);
  const answer = typeof value === 'string' ? (trim ? value.trim() : value) : '';
  if (!answer.trim()) throw new LoginError('LOGIN_INPUT_UNAVAILABLE', `no ${what} was given`);
  return answer;
}

export interface PromptOptions {
  /** Do not echo what is typed (codes, passwords). */
  hidden?: boolean;
  /** Default process.stdin; must be a terminal. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Default process.stderr (stdout may be a protocol stream). */
  output?: NodeJS.WritableStream;
}

/** Asks on the terminal: the question on stderr, the answer from stdin, hidden if asked. */
export function promptProvider(question: string, options: PromptOptions = {}): SecretProvider {
  return async (context) => {
    const input = options.input ?? process.stdin;
    const output = options.output ?? process.stderr;
    if (!input.isTTY) {
      throw new LoginError(
        'LOGIN_INPUT_UNAVAILABLE',
        `cannot ask "${question.trim()}": stdin is not a terminal; pass the value as an option or environment variable instead`,
      );
    }
    let muted = false;
    // readline echoes typed characters through its output: mute it while a secret is typed.
    const echo = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        if (!muted) output.write(chunk);
        callback();
      },
    });
    const rl = createInterface({ input, output: echo, terminal: true });
    try {
      const prefix = context.retry ? 'That was not accepted. ' : '';
      const hint = context.hint ? ` (hint: ${context.hint})` : '';
      output.write(`${prefix}${question}${hint} `);
      muted = options.hidden === true;
      const answer = context.signal
        ? await rl.question('', { signal: context.signal })
        : await rl.question('');
      if (muted) output.write('\n');
      return answer;
    } finally {
      muted = false;
      rl.close();
    }
  };
}

/** Reads an environment variable (e.g. `TG_LOGIN_CODE`); asking again gives the same value. */
export function envProvider(name: string, env: NodeJS.ProcessEnv = process.env): SecretProvider {
  return () => {
    const value = env[name];
    if (!value?.trim()) {
      throw new LoginError('LOGIN_INPUT_UNAVAILABLE', `environment variable ${name} is not set`);
    }
    return value;
  };
}
