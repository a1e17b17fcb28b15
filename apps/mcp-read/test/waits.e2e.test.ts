// Long work over stdio: progress notifications, cancellation, and FLOOD_WAIT handled as a
// reported wait (short) or a typed error with retry_after (longer than the wait budget).
import { createWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { errorOf, startServer } from './harness.js';

const T0 = 1_700_000_000;
const bigWorld = () =>
  createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user' },
    chats: [
      {
        id: 77,
        kind: 'supergroup',
        title: 'Busy',
        username: 'busy_group',
        date: T0,
        myRole: 'member',
        generatedHistory: { count: 5000, from: T0, to: T0 + 5_000_000 },
      },
    ],
  });

describe('long work over stdio', { timeout: 60_000 }, () => {
  it('sends progress while paging and stops promptly on cancellation', async () => {
    const s = await startServer({ world: bigWorld(), env: { TG_READ_MAX_ITEMS: '5000' } });
    const progress: number[] = [];
    const r = await s.client.callTool(
      { name: 'tg_get_messages', arguments: { group: '@busy_group', limit: 1000 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect((r.structuredContent as { count: number }).count).toBe(1000);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // Slow the DC down, start a long read, cancel it: the server stops paging.
    s.fake.limits.add({ kind: 'latency', method: 'messages.GetHistory', ms: 200 });
    const before = s.fake.requests.count('messages.GetHistory');
    const controller = new AbortController();
    const pending = s.client.callTool(
      { name: 'tg_get_messages', arguments: { group: '@busy_group', limit: 5000 } },
      undefined,
      { signal: controller.signal },
    );
    await new Promise((r) => setTimeout(r, 700));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 1000));
    const pages = s.fake.requests.count('messages.GetHistory') - before;
    expect(pages).toBeLessThan(10); // 50 pages would be needed without cancellation
    s.fake.limits.clear();
    expect(
      (
        await s.client.callTool({
          name: 'tg_get_message_count',
          arguments: { group: '@busy_group' },
        })
      ).isError,
    ).toBeFalsy();
  });

  it('a short FLOOD_WAIT is waited and reported as progress; a long one is a typed error with retry_after', async () => {
    const s = await startServer({ world: bigWorld(), env: { TG_MAX_WAIT_SEC: '5' } });
    const nth = () => s.fake.requests.count('messages.GetHistory') + 1;
    s.fake.limits.add({
      kind: 'script',
      method: 'messages.GetHistory',
      nth: nth(),
      error: 'FLOOD_WAIT_2',
      code: 420,
    });
    const messages: string[] = [];
    const started = Date.now();
    const ok = await s.client.callTool(
      { name: 'tg_get_messages', arguments: { group: '@busy_group', limit: 10 } },
      undefined,
      { onprogress: (p) => p.message && messages.push(p.message) },
    );
    expect(ok.isError).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(s.stderr()).toMatch(/waiting [23]s \(flood_wait\)/);
    expect(messages.some((m) => /waiting [23]s \(flood_wait\)/.test(m))).toBe(true);

    s.fake.limits.add({
      kind: 'script',
      method: 'messages.GetHistory',
      nth: nth(),
      error: 'FLOOD_WAIT_120',
      code: 420,
    });
    const t1 = Date.now();
    const err = errorOf(
      await s.client.callTool({
        name: 'tg_get_messages',
        arguments: { group: '@busy_group', limit: 10 },
      }),
    );
    expect(Date.now() - t1).toBeLessThan(5000);
    expect(err.code).toBe('FLOOD_WAIT');
    expect(err.retry_after).toBeGreaterThanOrEqual(100);
    expect(s.stderr()).toMatch(/waiting [23]s \(flood_wait\)/);
  });
});
