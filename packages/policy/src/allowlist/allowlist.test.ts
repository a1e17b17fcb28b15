import { describe, expect, it } from 'vitest';
import { type ResolvedPeer, createAllowlist, memoryStateStore } from '../index.js';

function resolver(names: Map<string, ResolvedPeer>, calls: string[]) {
  return (ref: string) => {
    calls.push(ref);
    const p = names.get(ref);
    return p ? Promise.resolve(p) : Promise.reject(new Error(`unknown ${ref}`));
  };
}

describe('allowlist', () => {
  it('resolves each entry once and matches canonical ids', async () => {
    const names = new Map<string, ResolvedPeer>([
      ['@club', { id: '-1001111', type: 'supergroup', title: 'Club' }],
      ['https://t.me/news', { id: '-1002222' }],
    ]);
    const calls: string[] = [];
    const list = createAllowlist({
      entries: ['@club', 'https://t.me/news', '-1003333'],
      resolve: resolver(names, calls),
      account: '1',
      onWarning: () => {},
    });
    const report = await list.ensurePinned();
    expect(report.pins.map((p) => p.id).sort()).toEqual(['-1001111', '-1002222', '-1003333']);
    expect(await list.match({ id: '-1001111', type: 'supergroup', title: null })).toMatchObject({
      entry: '@club',
    });
    expect(await list.match({ id: '-1003333', type: 'channel', title: null })).toMatchObject({
      entry: '-1003333',
    });
    expect(await list.match({ id: '-1004444', type: 'channel', title: null })).toBeUndefined();
    await list.match({ id: '-1001111', type: 'supergroup', title: null });
    expect(calls).toEqual(['@club', 'https://t.me/news']); // the marked id needed no lookup
  });

  it('a username that moves to another chat stays pinned to the first one', async () => {
    const store = memoryStateStore();
    const names = new Map<string, ResolvedPeer>([['@club', { id: '-1001111' }]]);
    const warnings: string[] = [];
    const make = () =>
      createAllowlist({
        entries: ['@club'],
        resolve: resolver(names, []),
        account: '1',
        store,
        onWarning: (m) => warnings.push(m),
      });
    await make().ensurePinned();
    names.set('@club', { id: '-1009999' }); // the name was given to another chat
    const restarted = make(); // a new process: the pin comes from the store
    expect(await restarted.match({ id: '-1009999', type: 'channel', title: null })).toBeUndefined();
    expect(await restarted.match({ id: '-1001111', type: 'channel', title: null })).toBeDefined();
    // After an operator unpins, the entry follows the name again.
    await restarted.unpin('@club');
    expect(await restarted.match({ id: '-1009999', type: 'channel', title: null })).toBeDefined();
  });

  it('an entry that cannot be resolved allows nothing and is retried later', async () => {
    const names = new Map<string, ResolvedPeer>();
    const calls: string[] = [];
    let now = 0;
    const list = createAllowlist({
      entries: ['@ghost'],
      resolve: resolver(names, calls),
      account: '1',
      clock: { now: () => now, sleep: () => Promise.resolve() },
      onWarning: () => {},
    });
    expect((await list.ensurePinned()).failed).toEqual([
      { entry: '@ghost', error: 'unknown @ghost' },
    ]);
    await list.ensurePinned();
    expect(calls).toHaveLength(1);
    now = 61_000;
    names.set('@ghost', { id: '5' });
    expect(await list.match({ id: '5', type: 'user', title: null })).toBeDefined();
  });

  it('a user needs an entry for that user; a group id never allows a user and back', async () => {
    const list = createAllowlist({
      entries: ['@alice'],
      resolve: () => Promise.resolve({ id: '4242', type: 'user' }),
      account: '1',
    });
    expect(await list.match({ id: '4242', type: 'user', title: null })).toBeDefined();
    expect(await list.match({ id: '4343', type: 'user', title: null })).toBeUndefined();
    expect(await list.match({ id: '4242', type: 'channel', title: null })).toBeUndefined();
  });
});
