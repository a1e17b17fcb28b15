// The rest of the method list and limit rules, through real gramjs.
import { Api, TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../src/fake-telegram.js';
import { big } from '../src/rpc/convert.js';
import { writeTlBytes as tlBytes } from '../src/mtproto/tl.js';
import { gzipSync } from 'node:zlib';
import { createWorld } from '../src/world/world.js';
import { connect } from './helpers.js';

const t0 = 1_700_000_000;

function world() {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_myself', phone: '+15550001' },
    users: [
      { id: 2, firstName: 'Bob', username: 'bob_b', mutualContact: true },
      { id: 3, firstName: 'Eve', username: 'eve_e' },
    ],
    chats: [
      {
        id: 70,
        kind: 'group',
        title: 'Basic',
        date: t0,
        myRole: 'creator',
        participants: [{ userId: 2 }],
        messages: [{ date: t0, from: 2, text: 'basic hello' }],
      },
      {
        id: 71,
        kind: 'supergroup',
        title: 'Files',
        username: 'files_group',
        date: t0,
        myRole: 'member',
        messages: [
          {
            date: t0,
            from: 2,
            text: 'doc',
            media: { kind: 'document', name: 'a.bin', size: 300_000 },
          },
          { date: t0 + 1, from: 2, text: 'second' },
        ],
      },
    ],
    privateChats: [{ userId: 2, messages: [{ date: t0 + 5, from: 2, text: 'dm one' }] }],
  });
}

function moreChats() {
  const w = world();
  w.addChat({
    id: 72,
    kind: 'supergroup',
    title: 'Archive',
    username: 'archive_ro',
    date: t0,
    myRole: 'member',
    readOnly: true,
  });
  w.addChat({
    id: 73,
    kind: 'supergroup',
    title: 'Banned here',
    username: 'banned_here',
    date: t0,
    myRole: 'banned',
  });
  return w;
}

describe('more methods through real gramjs', () => {
  it('messages by id: private/basic (shared ids) and channel', async () => {
    const { client, fake } = await connect(world());
    const basicTop = fake.world.history({ type: 'chat', id: 70 }).topId();
    const common = (await client.invoke(
      new Api.messages.GetMessages({ id: [new Api.InputMessageID({ id: basicTop })] }),
    )) as Api.messages.Messages;
    expect((common.messages[0] as Api.Message).message).toBe('basic hello');
    const inChannel = (await client.invoke(
      new Api.channels.GetMessages({
        channel: 'files_group',
        id: [new Api.InputMessageID({ id: 2 })],
      }),
    )) as Api.messages.ChannelMessages;
    expect((inChannel.messages[0] as Api.Message).message).toBe('second');
    const chans = await client.invoke(new Api.channels.GetChannels({ id: ['files_group'] }));
    expect((chans.chats[0] as Api.Channel).title).toBe('Files');
    const state = await client.invoke(new Api.updates.GetState());
    expect(state.date).toBeGreaterThan(0);
  });

  it('basic group members: add and remove', async () => {
    const { client, fake } = await connect(world());
    await client.invoke(
      new Api.messages.AddChatUser({ chatId: 70 as never, userId: 'eve_e', fwdLimit: 0 }),
    );
    expect(fake.world.members(70).get(3)?.role).toBe('member');
    await expect(
      client.invoke(
        new Api.messages.AddChatUser({ chatId: 70 as never, userId: 'eve_e', fwdLimit: 0 }),
      ),
    ).rejects.toMatchObject({ errorMessage: 'USER_ALREADY_PARTICIPANT' });
    await client.invoke(new Api.messages.DeleteChatUser({ chatId: 70 as never, userId: 'eve_e' }));
    expect(fake.world.members(70).get(3)?.role).toBe('left');
  });

  it('cross-DC authorization: export then import', async () => {
    const { client } = await connect(world());
    const exported = await client.invoke(new Api.auth.ExportAuthorization({ dcId: 4 }));
    const imported = await client.invoke(
      new Api.auth.ImportAuthorization({ id: exported.id, bytes: exported.bytes }),
    );
    expect(((imported as Api.auth.Authorization).user as Api.User).username).toBe('me_myself');
    await expect(
      client.invoke(new Api.auth.ImportAuthorization({ id: exported.id, bytes: exported.bytes })),
    ).rejects.toMatchObject({ errorMessage: 'AUTH_BYTES_INVALID' });
  });

  it('FLOOD_PREMIUM_WAIT on downloads, latency, AUTH_KEY_DUPLICATED', async () => {
    const { client, fake } = await connect(world());
    const [doc] = await client.getMessages('files_group', { ids: [1] });
    fake.limits.add({ kind: 'premiumWait', waitSec: 5, everyNth: 1 });
    const err = await client.downloadMedia(doc!, {}).catch((e: unknown) => e);
    expect((err as { seconds?: number }).seconds).toBe(5);
    expect(
      fake.requests
        .all()
        .filter((r) => r.method === 'upload.GetFile')
        .map((r) => r.result),
    ).toContain('FLOOD_PREMIUM_WAIT_5');
    fake.limits.clear();
    fake.limits.add({ kind: 'latency', method: 'users.GetFullUser', ms: 150 });
    const started = Date.now();
    await client.invoke(new Api.users.GetFullUser({ id: 'bob_b' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.limits.clear();
    fake.limits.add({ kind: 'authKey', error: 'AUTH_KEY_DUPLICATED' });
    await expect(client.invoke(new Api.help.GetNearestDc())).rejects.toMatchObject({
      code: 406,
      errorMessage: 'AUTH_KEY_DUPLICATED',
    });
  });

  it('QR tokens expire: an expired token cannot be accepted, a refreshed one can', async () => {
    const { client, fake } = await connect(world(), { authorized: false });
    const first = (await client.invoke(
      new Api.auth.ExportLoginToken({ apiId: 1, apiHash: 'x', exceptIds: [] }),
    )) as Api.auth.LoginToken;
    fake.world.advanceClock(31);
    expect(() => fake.login.acceptQrLogin(Buffer.from(first.token))).toThrow(
      /no live QR login token/,
    );
    const second = (await client.invoke(
      new Api.auth.ExportLoginToken({ apiId: 1, apiHash: 'x', exceptIds: [] }),
    )) as Api.auth.LoginToken;
    expect(Buffer.from(second.token).equals(Buffer.from(first.token))).toBe(false);
    fake.login.acceptQrLogin(Buffer.from(second.token));
    const done = await client.invoke(
      new Api.auth.ExportLoginToken({ apiId: 1, apiHash: 'x', exceptIds: [] }),
    );
    expect(done.className).toBe('auth.LoginTokenSuccess');
  });

  it('invite links: a chat we are in, one we are not, and an unknown hash', async () => {
    const w = moreChats();
    w.addChat({
      id: 74,
      kind: 'supergroup',
      title: 'Private club',
      date: t0,
      myRole: 'member',
      inviteHash: 'AbCdEfGh12345678',
    });
    w.addChat({
      id: 75,
      kind: 'channel',
      title: 'Elsewhere',
      date: t0,
      myRole: 'left',
      inviteHash: 'ZyXwVuTs87654321',
    });
    const { client } = await connect(w);
    const already = await client.invoke(
      new Api.messages.CheckChatInvite({ hash: 'AbCdEfGh12345678' }),
    );
    expect(already.className).toBe('ChatInviteAlready');
    const other = await client.invoke(
      new Api.messages.CheckChatInvite({ hash: 'ZyXwVuTs87654321' }),
    );
    expect(other).toMatchObject({ className: 'ChatInvite', title: 'Elsewhere', broadcast: true });
    await expect(
      client.invoke(new Api.messages.CheckChatInvite({ hash: 'nope-nope-nope' })),
    ).rejects.toMatchObject({ errorMessage: 'INVITE_HASH_INVALID' });
  });

  it('read-only and banned chats refuse writes with Telegram errors', async () => {
    const { client, fake } = await connect(moreChats());
    await expect(client.sendMessage('archive_ro', { message: 'x' })).rejects.toMatchObject({
      errorMessage: 'CHAT_WRITE_FORBIDDEN',
    });
    const banned = fake.world.chat(73)!;
    const peer = new Api.InputPeerChannel({
      channelId: big(73),
      accessHash: big(banned.accessHash),
    });
    await expect(
      client.invoke(new Api.messages.SendMessage({ peer, message: 'x' })),
    ).rejects.toMatchObject({ errorMessage: 'USER_BANNED_IN_CHANNEL' });
  });

  it('answers pings, reads gzip-packed requests, and the log counts requests per window', async () => {
    const { client, fake } = await connect(world());
    const pongAnswer = await client.invoke(new Api.Ping({ pingId: big(4242) }));
    expect(String(pongAnswer.pingId)).toBe('4242');
    // A real request sent inside gzip_packed (Telegram clients may compress any request).
    class GzippedGetFullUser extends Api.users.GetFullUser {
      override getBytes(): Buffer {
        return Buffer.concat([Buffer.from('a1cf7230', 'hex'), tlBytes(gzipSync(super.getBytes()))]);
      }
    }
    const full = await client.invoke(new GzippedGetFullUser({ id: 'bob_b' }));
    expect(String(full.fullUser.id)).toBe('2');
    for (let i = 0; i < 5; i++) await client.invoke(new Api.help.GetNearestDc());
    expect(fake.requests.maxInWindow(1000, 'help.GetNearestDc')).toBe(5);
    expect(fake.requests.maxInWindow(1000)).toBeGreaterThanOrEqual(5);
  });

  it('starts in well under a second, and many run in parallel', async () => {
    const started = Date.now();
    const fakes = await Promise.all(
      Array.from({ length: 8 }, () => startFakeTelegram({ world: world() })),
    );
    const clients = fakes.map(
      (f) => new TelegramClient(new StringSession(f.sessionString), 1, 'x', f.connectOptions),
    );
    await Promise.all(clients.map((c) => c.connect()));
    const names = await Promise.all(clients.map(async (c) => (await c.getMe()).username));
    const elapsed = Date.now() - started;
    expect(names).toEqual(Array(8).fill('me_myself'));
    expect(elapsed).toBeLessThan(3000);
    console.error(`[testkit] 8 fake DCs started and answered getMe in ${elapsed} ms`);
    await Promise.all(clients.map((c) => c.destroy()));
    await Promise.all(fakes.map((f) => f.close()));
  });
});
