// tg_get_stats: limiter, breaker, flood-wait, latency and connection state.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';

// Nested stats are described, not spelled out as schemas: tools/list stays small (issue 15).
const latency = z
  .record(z.string(), z.unknown())
  .describe(
    'ms since the server started. by_method: {count, p50_ms, p95_ms, max_ms, errors} per RPC method; throttle (waits for the rate limiter before a send) and flood_wait (waits after a FLOOD_WAIT): {count, p50_ms, p95_ms, max_ms, total_ms}',
  );
const connection = z
  .record(z.string(), z.unknown())
  .describe(
    'The connection to Telegram: state (connected, reconnecting, disconnected, closed), connected, since, reconnects, attempts, last_error {message, at}, ping_timeouts, interrupted {writes in doubt, reads}, max_recovery_ms, last_recovery_ms',
  );

export function registerGetStatsTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_stats',
    title: 'Limiter and request stats',
    description:
      'Rate limiter, circuit breaker and flood-wait state of the account (shared across processes through the state store), and request counts and latency of this process.',
    input: {},
    output: {
      current_session: z.string(),
      account_id: z.string(),
      limiter: z.record(z.string(), z.unknown()),
      breaker: z.record(z.string(), z.unknown()),
      flood_waits: z.array(z.record(z.string(), z.unknown())),
      requests: z.object({
        sent: z.number(),
        blocked: z.number(),
        by_method: z.record(z.string(), z.number()),
      }),
      latency,
      connection,
    },
    async run() {
      // Never connects: answers with a damaged session or Telegram down.
      const s = await runtime.stats();
      // Slowmode waits of chats outside the read scope are left out by @tgmcp/telegram.
      const flood_waits = s.flood_waits;
      const result = {
        current_session: s.session,
        account_id: s.account_id,
        limiter: { ...s.limiter },
        breaker: { ...s.breaker },
        flood_waits: flood_waits.map((w) => ({ ...w })),
        requests: s.requests,
        latency: { ...s.latency },
        connection: { ...s.connection },
      };
      return {
        result,
        summary: `${s.requests.sent} request(s) sent, ${s.requests.blocked} blocked; breaker ${s.breaker.open ? 'OPEN' : 'closed'}; ${flood_waits.length} active flood wait(s)`,
      };
    },
  });
}
