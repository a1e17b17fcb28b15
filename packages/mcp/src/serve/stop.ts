// Stopping a stdio server (stdin EOF, SIGTERM, SIGINT): the steps run in order within one
// deadline, then the process exits whatever is still open. gramjs leaves timers and sockets
// behind, and an MCP client that closed stdin waits for the process to go.
export interface StopStep {
  name: string;
  run: () => Promise<unknown>;
}

/** Runs `steps` (each failure is logged, none stops the rest) for at most `withinMs`, then exits. */
export async function stopAndExit(
  server: string,
  steps: StopStep[],
  o: { withinMs?: number; code?: number } = {},
): Promise<never> {
  const withinMs = o.withinMs ?? 4000;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), withinMs);
  });
  const all = (async () => {
    for (const step of steps)
      await step.run().catch((err: unknown) => {
        process.stderr.write(
          `[${server}] shutdown: ${step.name} failed: ${(err as Error)?.message ?? String(err)}\n`,
        );
      });
    return 'done' as const;
  })();
  if ((await Promise.race([all, late])) === 'late')
    process.stderr.write(`[${server}] shutdown took over ${withinMs / 1000}s; exiting anyway\n`);
  clearTimeout(timer);
  process.exit(o.code ?? 0);
}
