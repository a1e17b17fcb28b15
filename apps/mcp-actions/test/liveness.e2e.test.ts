// Shutdown of the actions server with a Telegram call stuck in flight (security review issue 16,
// item 12): stdin EOF or SIGTERM ends the process within 5 s, exit code 0.
import type { ChildProcess } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { startActions } from './harness.js';

function child(client: Client): ChildProcess {
  const p = (client.transport as unknown as { _process?: ChildProcess })._process;
  if (!p) throw new Error('no server process');
  return p;
}

describe('actions server liveness', { timeout: 30_000 }, () => {
  for (const how of ['stdin EOF', 'SIGTERM'] as const) {
    it(`${how} stops the server within 5 s with a call that Telegram never answers`, async () => {
      const a = await startActions({ env: { TG_REQUEST_TIMEOUT_SEC: '120' } });
      a.fake.limits.add({ kind: 'stall', method: 'messages.GetDialogs' });
      // Either the process is gone before the answer, or the answer is the cancellation.
      const pending = a.client.callTool({ name: 'tg_get_my_dialogs', arguments: {} }).then(
        (r) =>
          r.isError && /CANCELLED/.test(JSON.stringify(r.content)) ? 'cancelled' : 'answered',
        () => 'closed',
      );
      const t0 = Date.now();
      while (a.fake.requests.count('messages.GetDialogs') === 0) {
        if (Date.now() - t0 > 10_000) throw new Error('the call never reached the DC');
        await new Promise((r) => setTimeout(r, 25));
      }
      const proc = child(a.client);
      const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
      const t1 = Date.now();
      if (how === 'stdin EOF') proc.stdin!.end();
      else proc.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'alive'>((r) => setTimeout(() => r('alive'), 8000)),
      ]);
      expect(code).toBe(0);
      expect(Date.now() - t1).toBeLessThan(5000);
      expect(await pending).not.toBe('answered');
    });
  }
});
