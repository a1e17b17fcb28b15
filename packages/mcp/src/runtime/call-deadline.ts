// Every tool call ends by its deadline (TG_CALL_TIMEOUT_SEC): a call that would wait past it
// (a DC that went silent, reconnects that keep failing, long limiter waits) answers TIMEOUT with
// what is known about the connection instead of hanging until the client gives up. Time a
// person spends deciding (an elicitation) does not count; work not yet started when the deadline
// passed must not start (`expired`): a write never goes out after its call answered TIMEOUT.
import { type Clock, systemClock } from '@tgmcp/ratelimit';
import type { ConnectionState } from '@tgmcp/telegram';
import { ToolError } from '../tool/errors.js';

export interface DeadlineOptions {
  timeoutMs: number;
  /** The connection's state when the deadline passes (undefined: no session open). */
  connection: () => Promise<ConnectionState | undefined>;
  /** One sentence on what became of the call's work (the actions server: writes in doubt). */
  note?: string;
  clock?: Clock;
}

/** The running call's deadline, for work deep inside it. */
export interface CallDeadline {
  /** Aborted once the deadline has passed. */
  readonly expired: AbortSignal;
  /** Runs `fn` with the deadline stopped (a person deciding); it resumes with what was left. */
  hold<T>(fn: () => Promise<T>): Promise<T>;
}

function known(c: ConnectionState | undefined): string {
  if (!c) return 'Telegram was not connected yet.';
  const error = c.last_error ? `; last error: ${c.last_error.message}` : '';
  return `The connection to Telegram was ${c.state} (since ${c.since}; ${c.reconnects} reconnect(s)${error}).`;
}

export async function withDeadline<T>(
  work: (deadline: CallDeadline) => Promise<T>,
  o: DeadlineOptions,
): Promise<T> {
  const clock = o.clock ?? systemClock;
  const expired = new AbortController();
  let remaining = o.timeoutMs;
  let armedAt = 0;
  let holds = 0;
  let timer: AbortController | undefined;
  let fire!: () => void;
  const passed = new Promise<void>((resolve) => (fire = resolve));
  const arm = () => {
    const t = (timer = new AbortController());
    armedAt = clock.now();
    clock.sleep(Math.max(0, remaining), t.signal).then(
      () => {
        expired.abort();
        fire();
      },
      () => undefined,
    );
  };
  const deadline: CallDeadline = {
    expired: expired.signal,
    async hold(fn) {
      if (holds++ === 0 && !expired.signal.aborted) {
        timer?.abort();
        remaining -= clock.now() - armedAt;
      }
      try {
        return await fn();
      } finally {
        holds -= 1;
        if (holds === 0 && !expired.signal.aborted) arm();
      }
    },
  };
  const seconds = Math.round(o.timeoutMs / 1000);
  const timeout = passed.then(async () => {
    const state = await o.connection().catch(() => undefined);
    const note = o.note ? ` ${o.note}` : '';
    throw new ToolError(
      'TIMEOUT',
      `no result within the call deadline of ${seconds}s (TG_CALL_TIMEOUT_SEC). ${known(state)}${note} Try again later.`,
    );
  });
  arm();
  try {
    return await Promise.race([work(deadline), timeout]);
  } finally {
    timer?.abort();
    timeout.catch(() => undefined);
  }
}
