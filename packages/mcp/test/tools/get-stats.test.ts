// tg_get_stats in process: answers without connecting; afterwards its request counts are the
// requests the fake DC received, and the limiter shows the configured rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';

let s: InProcess;
beforeAll(async () => {
  s = await startInProcess({ env: { RATE_RPS: '37' } });
});
afterAll(() => s.close());

type Stats = {
  current_session: string;
  account_id: string;
  limiter: { rate?: number };
  requests: { sent: number; blocked: number; by_method: Record<string, number> };
  connection: { state?: string };
};

describe('tg_get_stats', () => {
  it('answers before any session is open, without connecting', async () => {
    const r = (await s.ok('tg_get_stats')) as Stats;
    expect(r.current_session).toBe('main');
    expect(r.requests).toEqual({ sent: 0, blocked: 0, by_method: {} });
    expect(s.fake.openConnections()).toBe(0);
    expect(s.fake.requests.count()).toBe(0);
  });

  it('counts every request the fake DC received, by method, and shows the account and rate', async () => {
    await s.ok('tg_get_group_info', { group: '@oss_hackers' });
    await s.ok('tg_get_messages', { group: '@oss_hackers', limit: 3 });
    const r = (await s.ok('tg_get_stats')) as Stats;
    const received: Record<string, number> = {};
    for (const q of s.fake.requests.all()) received[q.method] = (received[q.method] ?? 0) + 1;
    expect(r.requests.by_method).toEqual(received);
    expect(r.requests.sent).toBe(s.fake.requests.count());
    expect(r.requests.blocked).toBe(0);
    expect(r.account_id).toBe(String(s.fake.world.self.id));
    expect(r.limiter.rate).toBe(37);
    expect(r.connection.state).toBe('connected');
  });

  it('bad input: arguments that are not an object are INVALID_INPUT naming them', async () => {
    expect(await s.error('tg_get_stats', 'all')).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'arguments',
    });
  });
});
