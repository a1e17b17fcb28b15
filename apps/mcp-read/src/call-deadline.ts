// Every tool call ends by its deadline (TG_CALL_TIMEOUT_SEC): a call that would wait past it
// (a DC that went silent, reconnects that keep failing, long limiter waits) answers TIMEOUT with
// what is known about the connection instead of hanging until the client gives up.
import { type Clock, systemClock } from '@tgmcp/ratelimit';
import type { ConnectionState } from '@tgmcp/telegram';
import { ReadToolError } from './tools/errors.js';

export interface DeadlineOptions {
  timeoutMs: number;
  /** The connection's state when the deadline passes (undefined: no session open). */
  connection: () => Promise<ConnectionState | undefined>;
  /** One sentence on what became of the call's work (the actions server: writes in doubt). */
  note?: string;
  clock?: Clock;
}

function known(c: ConnectionState | undefined): string {
  if (!c) return 'Telegram was not connected yet.';
  const error = c.last_error ? `; last error: ${c.last_error.message}` : '';
  return `The connection to Telegram was ${c.state} (since ${c.since}; ${c.reconnects} reconnect(s)${error}).`;
}

export async function withDeadline<T>(work: () => Promise<T>, o: DeadlineOptions): Promise<T> {
  const clock = o.clock ?? systemClock;
  const stop = new AbortController();
  const seconds = Math.round(o.timeoutMs / 1000);
  const deadline = clock.sleep(o.timeoutMs, stop.signal).then(
    async () => {
      const state = await o.connection().catch(() => undefined);
      const note = o.note ? ` ${o.note}` : '';
      throw new ReadToolError(
        'TIMEOUT',
        `no result within the call deadline of ${seconds}s (TG_CALL_TIMEOUT_SEC). ${known(state)}${note} Try again later.`,
      );
    },
    () => undefined as never,
  );
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    stop.abort();
  }
}
