// Two real gramjs clients on one account share the seed's 4 requests/s (burst 8) through a file
// store: over 200 requests no window of W seconds sees more than 8 + 4W. Takes ~50 s.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileStore } from '@tgmcp/ratelimit';
import { Api } from 'telegram';
import { expect, it } from 'vitest';
import { setup } from './setup.js';

function violations(times: number[], rate: number, burst: number, slackMs = 0): number {
  const t = [...times].sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    for (let j = i; j < t.length; j++)
      if (j - i + 1 > burst + (rate * (t[j]! - t[i]! + slackMs)) / 1000 + 1e-9) n++;
  }
  return n;
}

it(
  'holds a 4 req/s envelope over 200 requests from two clients on one account',
  { timeout: 120_000 },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tgmcp-envelope-'));
    try {
      const store = fileStore({ dir });
      const a = await setup({ role: 'read', store, rate: 4, burst: 8 });
      const b = await setup({ role: 'read', store, rate: 4, burst: 8, fake: a.fake });
      a.fake.requests.clear();
      const started = Date.now();
      const run = async (client: typeof a.client) => {
        for (let i = 0; i < 100; i++)
          await client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
      };
      await Promise.all([run(a.client), run(b.client)]);
      const seconds = (Date.now() - started) / 1000;
      const granted = [...a.sent(), ...b.sent()]
        .filter((e) => e.method === 'users.GetFullUser')
        .map((e) => e.at);
      const arrived = a.fake.requests
        .all()
        .filter((r) => r.method === 'users.GetFullUser')
        .map((r) => r.at);
      expect(granted).toHaveLength(200);
      expect(arrived).toHaveLength(200);
      // At the chokepoint the envelope is exact; at the DC, loopback jitter of a few ms is allowed.
      expect(violations(granted, 4, 8)).toBe(0);
      expect(violations(arrived, 4, 8, 25)).toBe(0);
      // And the budget is used: 200 requests need at least (200 - 8) / 4 = 48 s, and took little more.
      expect(seconds).toBeGreaterThanOrEqual(47);
      expect(seconds).toBeLessThan(55);
      console.error(
        `[envelope] 200 requests from 2 clients in ${seconds.toFixed(1)} s, max in any 1 s: ${a.fake.requests.maxInWindow(1000, 'users.GetFullUser')}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
