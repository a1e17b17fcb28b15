// A local HTTP server that answers like the Bot API (POST /bot<token>/<method>, JSON), records
// every call with the (manual) clock's time, and can be scripted to answer 429.
import { type Server, createServer } from 'node:http';
import type { Clock } from '../../src/clock.js';

export interface BotApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

export interface FakeBotApi {
  apiRoot: string;
  calls: BotApiCall[];
  /** The next `times` calls of `method` answer 429 with this retry_after. */
  tooManyRequests(method: string, retryAfter: number, times?: number): void;
  close(): Promise<void>;
}

export async function startFakeBotApi(clock: Clock): Promise<FakeBotApi> {
  const calls: BotApiCall[] = [];
  const scripted: Array<{ method: string; retryAfter: number; times: number }> = [];
  let messageId = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      const payload = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      calls.push({ method, payload, at: clock.now() });
      res.setHeader('content-type', 'application/json');
      const rule = scripted.find((r) => r.method === method && r.times > 0);
      if (rule) {
        rule.times--;
        res.statusCode = 429;
        res.end(
          JSON.stringify({
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${rule.retryAfter}`,
            parameters: { retry_after: rule.retryAfter },
          }),
        );
        return;
      }
      const result =
        method === 'getMe'
          ? { id: 1, is_bot: true, first_name: 'Test', username: 'test_bot' }
          : {
              message_id: ++messageId,
              date: Math.floor(clock.now() / 1000),
              chat: { id: Number(payload.chat_id), type: 'private' },
              text: payload.text,
            };
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    tooManyRequests: (method, retryAfter, times = 1) =>
      scripted.push({ method, retryAfter, times }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
