// resolvePeer through a protected client against the fake DC.
import { createWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { PeerNotFoundError } from '../src/errors.js';
import { PeerResolver } from '../src/peers/resolve.js';
import { setup } from './setup.js';

describe('PeerResolver', () => {
  it('resolves every kind of reference to one peer with its marked id', async () => {
    const { client } = await setup({ role: 'read' });
    const r = new PeerResolver(client);
    const brief = async (input: unknown) => {
      const { id, type, title, username } = await r.resolve(input);
      return { id, type, title, username };
    };
    expect(await brief('me')).toEqual({
      id: '100000',
      type: 'user',
      title: 'Demo User',
      username: 'demo_user',
    });
    expect(await brief('@oss_hackers')).toEqual({
      id: '-1001500000001',
      type: 'supergroup',
      title: 'Open Source Hackers',
      username: 'oss_hackers',
    });
    expect((await brief('https://t.me/tech_news_daily/5')).type).toBe('channel');
    expect((await brief('-1001500000001')).title).toBe('Open Source Hackers');
    expect(await brief('-3001')).toMatchObject({ id: '-3001', type: 'group', title: 'Family' });
    expect(await brief(200002)).toMatchObject({
      id: '200002',
      type: 'user',
      title: 'Boris Ivanov',
    });
    expect(await brief('1600000002')).toMatchObject({ id: '-1001600000002', type: 'channel' });
  });

  it('resolves invite links of chats the account is in, and refuses the others', async () => {
    const world = createWorld({
      self: { id: 1, firstName: 'Me' },
      chats: [
        {
          id: 50,
          kind: 'supergroup',
          title: 'Club',
          date: 1_700_000_000,
          myRole: 'member',
          inviteHash: 'AbCdEfGh12345678',
        },
        {
          id: 51,
          kind: 'supergroup',
          title: 'Not mine',
          date: 1_700_000_000,
          myRole: 'left',
          inviteHash: 'ZyXwVuTs87654321',
        },
      ],
    });
    const { client } = await setup({ role: 'read', world });
    const r = new PeerResolver(client);
    expect((await r.resolve('https://t.me/+AbCdEfGh12345678')).id).toBe('-10050');
    await expect(r.resolve('t.me/joinchat/ZyXwVuTs87654321')).rejects.toThrow(/not a member/);
    await expect(r.resolve('https://t.me/+Unknown123456789')).rejects.toMatchObject({
      code: 'PEER_NOT_FOUND',
    });
  });

  it('unknown and ambiguous references give PEER_NOT_FOUND naming the input', async () => {
    const world = createWorld({
      self: { id: 1, firstName: 'Me' },
      users: [{ id: 777, firstName: 'Seven' }],
      chats: [
        {
          id: 777,
          kind: 'supergroup',
          title: 'Also seven',
          date: 1_700_000_000,
          messages: [{ date: 1_700_000_000, text: 'x' }],
        },
      ],
      privateChats: [{ userId: 777, messages: [{ date: 1_700_000_001, from: 777, text: 'hi' }] }],
    });
    const { client } = await setup({ role: 'read', world });
    const r = new PeerResolver(client);
    await expect(r.resolve('@nobody_here')).rejects.toMatchObject({
      code: 'PEER_NOT_FOUND',
      input: '@nobody_here',
    });
    await expect(r.resolve('-1009999999')).rejects.toBeInstanceOf(PeerNotFoundError);
    const ambiguous: Error = await r.resolve('777').then(
      () => new Error('resolved, but should be ambiguous'),
      (e: unknown) => e as Error,
    );
    expect(ambiguous).toMatchObject({ code: 'PEER_NOT_FOUND' });
    expect(ambiguous.message).toMatch(/ambiguous: 777 and -100777/);
    expect((await r.resolve('-100777')).title).toBe('Also seven');
    await expect(r.resolve('Family chat')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'chat',
    });
  });
});
