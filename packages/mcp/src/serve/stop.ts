// Stopping a stdio server (stdin EOF, SIGTERM, SIGINT): the steps run in order within one
// deadline, then the process exits whatever is still open. gramjs leaves timers and sockets
// behind, and an MCP client that closed stdin waits for the process to go.
import { type Clock, createLogger, systemClock } from '@tgmcp/core';

export interface StopStep {
  name: string;
  run: () => Promise<unknown>;
}

/** Runs `steps` (each failure is logged, none stops the rest) for at most `withinMs`, then exits. */
export async function stopAndExit(
  server: string,
  steps: StopStep[],
  o: { withinMs?: number; code?: number; clock?: Clock } = {},
): Promise<never> {
  const withinMs = o.withinMs ?? 4000;
  const log = createLogger({ name: server });
  const stop = new AbortController();
  const late = (o.clock ?? systemClock).sleep(withinMs, stop.signal).then(
    () => 'late' as const,
    () => 'done' as const,
  );
  const all = (async () => {
    for (const step of steps)
      await step.run().catch((err: unknown) => {
        log.error(`shutdown: ${step.name} failed: ${(err as Error)?.message ?? String(err)}`);
      });
    return 'done' as const;
  })();
  if ((await Promise.race([all, late])) === 'late')
    log.warn(`shutdown took over ${withinMs / 1000}s; exiting anyway`);
  stop.abort();
  process.exit(o.code ?? 0);
}
