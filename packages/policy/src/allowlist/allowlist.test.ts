import { describe, expect, it } from 'vitest';
import {
  type RepinEvent,
  type ResolvedPeer,
  type StateStore,
  createAllowlist,
  memoryStateStore,
} from '../index.js';

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

  it('a stored record that is not a pin is reported as corrupt and allows nothing', async () => {
    const store = memoryStateStore();
    await store.update('allowlist-pin:1:@club', () => ({ id: '-1001111' })); // no type, no entry
    const list = createAllowlist({
      entries: ['@club'],
      resolve: resolver(new Map([['@club', { id: '-1001111' }]]), []),
      account: '1',
      store,
      onWarning: () => {},
    });
    const report = await list.ensurePinned();
    expect(report.pins).toEqual([]);
    expect(report.failed).toEqual([
      { entry: '@club', error: expect.stringContaining('not an allowlist pin') as unknown },
    ]);
    expect(await list.match({ id: '-1001111', type: 'supergroup', title: null })).toBeUndefined();
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

  // Issue 16 item 15: deleting a pin must not let a moved username pin itself elsewhere.
  describe('a pin that went missing', () => {
    const CLUB = { id: '-1001111', type: 'channel' as const, title: null };
    const OTHER = { id: '-1009999', type: 'channel' as const, title: null };
    function setup(store: StateStore = memoryStateStore()) {
      const names = new Map<string, ResolvedPeer>([['@club', { id: CLUB.id }]]);
      const warnings: string[] = [];
      const repins: RepinEvent[] = [];
      const make = (onRepin?: (e: RepinEvent) => Promise<void>) =>
        createAllowlist({
          entries: ['@club'],
          resolve: resolver(names, []),
          account: '1',
          store,
          onWarning: (m) => warnings.push(m),
          onRepin:
            onRepin ??
            ((e) => {
              repins.push(e);
              return Promise.resolve();
            }),
        });
      return { store, names, warnings, repins, make };
    }

    it('is refused when its name now resolves elsewhere, until the operator unpins', async () => {
      const { store, names, warnings, repins, make } = setup();
      await make().ensurePinned();
      expect(await store.delete('allowlist-pin:1:@club')).toBe(true);
      names.set('@club', { id: OTHER.id });
      const restarted = make();
      expect(await restarted.match(OTHER)).toBeUndefined();
      expect(await restarted.match(CLUB)).toBeUndefined();
      const report = await restarted.ensurePinned();
      expect(report.refused).toEqual([{ entry: '@club', pinnedId: CLUB.id, nowId: OTHER.id }]);
      expect(repins).toMatchObject([
        { entry: '@club', previousId: CLUB.id, peer: { id: OTHER.id }, outcome: 'refused' },
      ]);
      expect(warnings.filter((w) => w.includes('@club'))).toHaveLength(1);
      // Another process gets the same answer; reported once per process, not per write.
      expect(await make().match(OTHER)).toBeUndefined();
      expect(await restarted.match(OTHER)).toBeUndefined();
      expect(repins).toHaveLength(2);
      // The operator confirms the new chat by unpinning: it pins afresh.
      await restarted.unpin('@club');
      expect(await restarted.match(OTHER)).toMatchObject({ entry: '@club', id: OTHER.id });
      expect(await make().match(OTHER)).toMatchObject({ entry: '@club' });
    });

    it('is pinned again, with a warning and a repin event, when its name still names the same chat', async () => {
      const { store, warnings, repins, make } = setup();
      await make().ensurePinned();
      expect(repins).toEqual([]);
      await store.delete('allowlist-pin:1:@club');
      expect(await make().match(CLUB)).toMatchObject({ entry: '@club', id: CLUB.id });
      expect(repins).toMatchObject([{ entry: '@club', previousId: CLUB.id, outcome: 'repinned' }]);
      expect(warnings.join('\n')).toMatch(/@club.*pin/);
      expect(await store.get('allowlist-pin:1:@club')).toMatchObject({ id: CLUB.id });
    });

    it('is not pinned again when the repin cannot be recorded', async () => {
      const { store, make } = setup();
      await make().ensurePinned();
      await store.delete('allowlist-pin:1:@club');
      const list = make(() => Promise.reject(new Error('audit disk full')));
      expect(await list.match(CLUB)).toBeUndefined();
      expect((await list.ensurePinned()).failed).toMatchObject([{ entry: '@club' }]);
      expect(await store.get('allowlist-pin:1:@club')).toBeUndefined();
    });

    it('pins made before the manifest existed are recorded in it on start', async () => {
      const { store, names, repins, make } = setup();
      // A pin as an earlier version wrote it: no manifest entry.
      await store.update('allowlist-pin:1:@club', () => ({
        entry: '@club',
        ...CLUB,
        pinnedAt: 1,
      }));
      await make().ensurePinned();
      await store.delete('allowlist-pin:1:@club');
      names.set('@club', { id: OTHER.id });
      expect(await make().match(OTHER)).toBeUndefined();
      expect(repins).toMatchObject([{ outcome: 'refused', previousId: CLUB.id }]);
    });
  });
});
