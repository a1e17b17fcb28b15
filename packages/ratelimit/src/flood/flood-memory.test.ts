import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { memoryStore } from '../stores/memory.js';
import { classifyTelegramError } from './classify.js';
import { createFloodMemory } from './flood-memory.js';

const c = (message: string) => classifyTelegramError(message)!;

describe('createFloodMemory', () => {
  it('remembers a method wait for that method only, until it ends', async () => {
    const clock = createManualClock();
    const flood = createFloodMemory({ store: memoryStore(), clock });
    await flood.record(c('FLOOD_WAIT_30'), { method: 'messages.sendMessage', chat: '-1001' });
    expect(await flood.check({ method: 'messages.sendMessage' })).toEqual({
      scope: 'method',
      target: 'messages.sendMessage',
      remainingMs: 30_000,
    });
    expect(await flood.check({ method: 'messages.getHistory', chat: '-1001' })).toBeNull();
    await clock.advance(29_000);
    expect((await flood.check({ method: 'messages.sendMessage' }))?.remainingMs).toBe(1000);
    await clock.advance(1000);
    expect(await flood.check({ method: 'messages.sendMessage' })).toBeNull();
  });

  it('remembers slowmode per chat, for every method sending there', async () => {
    const flood = createFloodMemory({ store: memoryStore(), clock: createManualClock() });
    await flood.record(c('SLOWMODE_WAIT_10'), { method: 'messages.sendMessage', chat: '-1001' });
    expect(await flood.check({ method: 'messages.sendMedia', chat: '-1001' })).toMatchObject({
      scope: 'chat',
      target: '-1001',
    });
    expect(await flood.check({ method: 'messages.sendMessage', chat: '-1002' })).toBeNull();
  });

  it('returns the longest applicable wait and keeps the longer of two records', async () => {
    const flood = createFloodMemory({ store: memoryStore(), clock: createManualClock() });
    await flood.record(c('FLOOD_WAIT_40'), { method: 'm' });
    await flood.record(c('FLOOD_WAIT_5'), { method: 'm' });
    await flood.record(c('SLOWMODE_WAIT_60'), { method: 'm', chat: 'x' });
    expect((await flood.check({ method: 'm' }))?.remainingMs).toBe(40_000);
    expect(await flood.check({ method: 'm', chat: 'x' })).toMatchObject({
      scope: 'chat',
      remainingMs: 60_000,
    });
  });

  it('is shared by instances on one store and separated by key', async () => {
    const store = memoryStore();
    const clock = createManualClock();
    const a = createFloodMemory({ store, clock, key: 'acct' });
    const b = createFloodMemory({ store, clock, key: 'acct' });
    const other = createFloodMemory({ store, clock, key: 'other' });
    await a.record(c('FLOOD_WAIT_3'), { method: 'm' });
    expect(await b.check({ method: 'm' })).not.toBeNull();
    expect(await other.check({ method: 'm' })).toBeNull();
  });

  it('does not remember PEER_FLOOD (no duration) and falls back to account scope without a target', async () => {
    const flood = createFloodMemory({ store: memoryStore(), clock: createManualClock() });
    await flood.record(c('PEER_FLOOD'), { method: 'm' });
    expect(await flood.check({ method: 'm' })).toBeNull();
    await flood.record(c('SLOWMODE_WAIT_5'), { method: 'm' });
    expect(await flood.check({ method: 'other' })).toMatchObject({
      scope: 'account',
      remainingMs: 5000,
    });
  });

  it('lists active waits and clears them', async () => {
    const clock = createManualClock();
    const flood = createFloodMemory({ store: memoryStore(), clock });
    await flood.record(c('FLOOD_WAIT_30'), { method: 'messages.getHistory' });
    await flood.record(c('SLOWMODE_WAIT_10'), { chat: '@group' });
    const active = await flood.active();
    expect(active).toEqual(
      expect.arrayContaining([
        { scope: 'method', target: 'messages.getHistory', remainingMs: 30_000 },
        { scope: 'chat', target: '@group', remainingMs: 10_000 },
      ]),
    );
    await flood.clear('method', 'messages.getHistory');
    expect(await flood.active()).toHaveLength(1);
  });
});
