// The policy's records: files under the state dir without Redis, the Redis store with a client.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateStoreFor } from './for-policy.js';
import type { RedisStateClientLike } from './redis.js';

describe('stateStoreFor', () => {
  it('keeps records in files under the state dir when there is no Redis client', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tgmcp-state-for-'));
    try {
      const state = await stateStoreFor({ stateDir: path.join(dir, 'state', 'actions') });
      await state.update('approvals/x', () => ({ ok: true }));
      expect(await state.get('approvals/x')).toEqual({ ok: true });
      expect((await readdir(path.join(dir, 'state', 'actions'))).length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses the Redis store on the client it is given', async () => {
    const asked: string[] = [];
    const client: RedisStateClientLike = {
      get: (key) => {
        asked.push(key);
        return Promise.resolve(null);
      },
      mget: () => Promise.resolve([]),
      del: () => Promise.resolve(0),
      evalsha: () => Promise.resolve(0),
      eval: () => Promise.resolve(0),
      scan: () => Promise.resolve(['0', []]),
    };
    const state = await stateStoreFor({ stateDir: '/nonexistent' }, client);
    expect(state).toMatchObject({ kind: 'redis' });
    expect(await state.get('approvals/x')).toBeUndefined();
    expect(asked).toEqual(['tgmcp:policy:approvals/x']);
  });
});
