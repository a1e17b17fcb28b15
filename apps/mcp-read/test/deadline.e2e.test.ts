// The call deadline over stdio: a DC that never answers makes a tool call return TIMEOUT, with
// the connection's state, by TG_CALL_TIMEOUT_SEC; the server keeps serving other calls.
import { describe, expect, it } from 'vitest';
import { errorOf, startServer } from './harness.js';

describe('call deadline', { timeout: 60_000 }, () => {
  it('a call the DC never answers returns TIMEOUT by TG_CALL_TIMEOUT_SEC, with what is known', async () => {
    const s = await startServer({ env: { TG_CALL_TIMEOUT_SEC: '2' } });
    await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    s.fake.limits.add({ kind: 'stall', method: 'messages.GetHistory' });
    const t = Date.now();
    const err = errorOf(
      await s.client.callTool({ name: 'tg_get_messages', arguments: { group: '@oss_hackers' } }),
    );
    expect(Date.now() - t).toBeLessThan(4000);
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('TG_CALL_TIMEOUT_SEC');
    expect(err.message).toMatch(/connection to Telegram was connected/);
    // Other calls still work.
    const ok = await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    expect(ok.isError).toBeFalsy();
  });
});
