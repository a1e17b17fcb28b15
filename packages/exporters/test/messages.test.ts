// exportMessages against the fake DC: order, page cost, progress and resume from a checkpoint.
import { describe, expect, it } from 'vitest';
import { exportMessages } from '../src/index.js';
import type { ProgressEvent } from '../src/index.js';
import { HISTORY, collect, manualClock, setup } from './setup.js';

describe('exportMessages', () => {
  it("walks a history oldest first or newest first, one request per 100 messages (Telegram's maximum)", async () => {
    const { fake, tg } = await setup();
    await tg.resolvePeer('@big_group');
    const before = fake.requests.count('messages.GetHistory');
    const up = await collect(exportMessages(tg, '@big_group'));
    expect(up).toHaveLength(HISTORY);
    expect(up.map((m) => m.id)).toEqual(up.map((m) => m.id).sort((a, b) => a - b));
    expect(new Set(up.map((m) => m.id)).size).toBe(HISTORY);
    expect(fake.requests.count('messages.GetHistory') - before).toBe(Math.ceil(HISTORY / 100));

    const mid = fake.requests.count('messages.GetHistory');
    const down = await collect(exportMessages(tg, '@big_group', { order: 'newest-first' }));
    expect(down.map((m) => m.id)).toEqual(up.map((m) => m.id).reverse());
    expect(fake.requests.count('messages.GetHistory') - mid).toBe(Math.ceil(HISTORY / 100));
  });

  it('reports progress against countMessages, with the rate of this run', async () => {
    const { tg } = await setup();
    const clock = manualClock();
    const events: ProgressEvent[] = [];
    const source = exportMessages(tg, '@big_group', {
      clock,
      onProgress: (e) => events.push(e),
      progressEvery: 500,
    });
    for await (const m of source) clock.advance(m.id > 0 ? 1 : 0); // 1 ms per message: 1,000 messages/s
    expect(events.map((e) => e.done)).toEqual([500, 1000, HISTORY]);
    expect(events.every((e) => e.total === HISTORY)).toBe(true);
    expect(events[0]!.rate).toBeCloseTo(1000, 0);
    expect(events.at(-1)!.rate).toBeCloseTo(1000, 0);
  });

  it.each(['oldest-first', 'newest-first'] as const)(
    'resumes %s after the last id written: no gap, no duplicate',
    async (order) => {
      const { tg } = await setup();
      const all = await collect(exportMessages(tg, '@big_group', { order, limit: 1000 }));
      const first = exportMessages(tg, '@big_group', { order, limit: 1000 });
      const head: number[] = [];
      for await (const m of first) {
        head.push(m.id);
        if (head.length === 437) break;
      }
      const cp = first.checkpoint();
      expect(cp).toEqual({ last_id: head.at(-1), done: 437 });
      const rest = await collect(
        exportMessages(tg, '@big_group', { order, limit: 1000, resumeFrom: cp }),
      );
      expect([...head, ...rest.map((m) => m.id)]).toEqual(all.map((m) => m.id));
    },
  );

  it('stops at the abort signal', async () => {
    const { tg } = await setup();
    const ac = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const m of exportMessages(tg, '@big_group', { signal: ac.signal })) {
        seen.push(m.id);
        if (seen.length === 150) ac.abort();
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(seen).toHaveLength(150);
  });

  it('refuses bad options with typed errors', () => {
    expect(() => exportMessages({} as never, 'x', { limit: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'limit' }),
    );
    expect(() => exportMessages({} as never, 'x', { order: 'sideways' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'order' }),
    );
  });
});
