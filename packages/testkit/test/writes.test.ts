// Writes, files, limits and connection faults, through real gramjs.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { CustomFile } from 'telegram/client/uploads.js';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/world/world.js';
import { connect } from './helpers.js';

const t0 = 1_700_000_000;

function world() {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_myself' },
    users: [
      { id: 2, firstName: 'Bob', username: 'bob_b', mutualContact: true, contact: true },
      { id: 3, firstName: 'Private', username: 'private_pat', forbidsInvites: true },
      { id: 4, firstName: 'Busy', username: 'busy_bee', tooManyChannels: true },
      { id: 5, firstName: 'Gone', username: 'gone_guy' },
    ],
    chats: [
      {
        id: 900,
        kind: 'supergroup',
        title: 'Team',
        username: 'team_chat',
        date: t0,
        myRole: 'admin',
        myAdminRights: { inviteUsers: true, banUsers: true },
        participants: [{ userId: 2 }, { userId: 5, role: 'left' }],
      },
      {
        id: 901,
        kind: 'supergroup',
        title: 'Slow',
        username: 'slow_chat',
        date: t0,
        myRole: 'member',
        slowmodeSeconds: 60,
      },
      {
        id: 902,
        kind: 'channel',
        title: 'News',
        username: 'news_only',
        date: t0,
        myRole: 'member',
      },
      {
        id: 903,
        kind: 'supergroup',
        title: 'Not mine',
        username: 'not_mine',
        date: t0,
        myRole: 'member',
      },
      {
        id: 904,
        kind: 'supergroup',
        title: 'Outside',
        username: 'outside_grp',
        date: t0,
        myRole: 'left',
      },
    ],
  });
}

describe('writes through real gramjs', () => {
  it('a sent message appears in history and the request log', async () => {
    const { client, fake } = await connect(world());
    const sent = await client.sendMessage('team_chat', { message: 'hello team' });
    expect(sent.message).toBe('hello team');
    const [latest] = await client.getMessages('team_chat', { limit: 1 });
    expect(latest!.message).toBe('hello team');
    expect(latest!.out).toBe(true);
    expect(fake.requests.writes().map((r) => r.method)).toEqual(['messages.SendMessage']);
  });

  it('a resent request with the same random_id does not send twice', async () => {
    const { client, fake } = await connect(world());
    const peer = await client.getInputEntity('team_chat');
    const request = () =>
      new Api.messages.SendMessage({ peer, message: 'once', randomId: 424242n as never });
    await client.invoke(request());
    await client.invoke(request());
    expect(fake.requests.count('messages.SendMessage')).toBe(2);
    const history = await client.getMessages('team_chat', { limit: 10 });
    expect(Array.from(history).filter((m) => m.message === 'once')).toHaveLength(1);
  });

  it('permission errors: read-only channel, slowmode, not a member', async () => {
    const { client } = await connect(world());
    await expect(client.sendMessage('news_only', { message: 'x' })).rejects.toMatchObject({
      errorMessage: 'CHAT_ADMIN_REQUIRED',
    });
    await client.sendMessage('slow_chat', { message: 'first' });
    const err = await client
      .sendMessage('slow_chat', { message: 'second' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 420 });
    expect((err as { seconds?: number }).seconds).toBeGreaterThan(55);
    await expect(client.sendMessage('outside_grp', { message: 'x' })).rejects.toMatchObject({
      errorMessage: 'CHANNEL_PRIVATE',
    });
  });

  it('adding members changes participants, with Telegram errors for the real cases', async () => {
    const { client, fake } = await connect(world());
    const invite = (user: string, channel = 'team_chat') =>
      client.invoke(new Api.channels.InviteToChannel({ channel, users: [user] }));
    await expect(invite('bob_b')).rejects.toMatchObject({
      errorMessage: 'USER_ALREADY_PARTICIPANT',
    });
    await expect(invite('private_pat')).rejects.toMatchObject({
      errorMessage: 'USER_PRIVACY_RESTRICTED',
    });
    await expect(invite('busy_bee')).rejects.toMatchObject({
      errorMessage: 'USER_CHANNELS_TOO_MUCH',
    });
    await expect(invite('gone_guy')).rejects.toMatchObject({
      errorMessage: 'USER_NOT_MUTUAL_CONTACT',
    });
    await expect(invite('bob_b', 'not_mine')).rejects.toMatchObject({
      errorMessage: 'CHAT_ADMIN_REQUIRED',
    });
    fake.world.addUser({ id: 6, firstName: 'New', username: 'new_person' });
    await invite('new_person');
    expect(fake.world.members(900).get(6)?.role).toBe('member');
    await client.invoke(
      new Api.channels.EditBanned({
        channel: 'team_chat',
        participant: 'new_person',
        bannedRights: new Api.ChatBannedRights({ untilDate: 0, viewMessages: true }),
      }),
    );
    expect(fake.world.members(900).get(6)?.role).toBe('banned');
    await client.invoke(new Api.channels.JoinChannel({ channel: 'outside_grp' }));
    expect(fake.world.chat(904)?.myRole).toBe('member');
  });

  it('uploads and downloads a 5 MB file in parts', async () => {
    const { client, fake } = await connect(world());
    const content = randomBytes(5 * 1024 * 1024);
    const file = new CustomFile('big.bin', content.length, '', content);
    const sent = await client.sendFile('team_chat', {
      file,
      forceDocument: true,
      caption: 'five megs',
    });
    expect(sent.media?.className).toBe('MessageMediaDocument');
    // gramjs uses saveBigFilePart only above 10 MB; it sends 5 MB as 40 parts of 128 KB.
    expect(fake.requests.count('upload.SaveFilePart')).toBe(40);
    const [message] = await client.getMessages('team_chat', { limit: 1 });
    const downloaded = (await client.downloadMedia(message!, {})) as Buffer;
    expect(downloaded.length).toBe(content.length);
    expect(downloaded.equals(content)).toBe(true);
    expect(fake.requests.count('upload.GetFile')).toBeGreaterThanOrEqual(5);
  });

  it('a FLOOD_WAIT surfaces as gramjs FloodWaitError with the right seconds', async () => {
    const { client, fake } = await connect(world());
    fake.limits.add({
      kind: 'script',
      method: 'messages.SendMessage',
      nth: 3,
      error: 'FLOOD_WAIT_40',
    });
    await client.sendMessage('team_chat', { message: '1' });
    await client.sendMessage('team_chat', { message: '2' });
    const err = await client.sendMessage('team_chat', { message: '3' }).catch((e: unknown) => e);
    expect((err as Error).constructor.name).toBe('FloodWaitError');
    expect((err as { seconds: number }).seconds).toBe(40);
    fake.limits.add({
      kind: 'flood',
      method: 'messages.GetHistory',
      calls: 2,
      windowSec: 60,
      waitSec: 7,
    });
    await client.getMessages('team_chat', { limit: 1 });
    await client.getMessages('team_chat', { limit: 1 });
    await expect(client.getMessages('team_chat', { limit: 1 })).rejects.toMatchObject({
      seconds: 7,
    });
  });

  it('PEER_FLOOD and revoked keys on demand', async () => {
    const { client, fake } = await connect(world());
    fake.limits.add({ kind: 'peerFlood', method: 'channels.InviteToChannel' });
    await expect(
      client.invoke(
        new Api.channels.InviteToChannel({ channel: 'team_chat', users: ['private_pat'] }),
      ),
    ).rejects.toMatchObject({ errorMessage: 'PEER_FLOOD' });
    fake.limits.add({ kind: 'authKey', error: 'AUTH_KEY_UNREGISTERED' });
    await expect(client.invoke(new Api.help.GetNearestDc())).rejects.toMatchObject({
      code: 401,
      errorMessage: 'AUTH_KEY_UNREGISTERED',
    });
  });

  it('gramjs recovers from a connection dropped mid-request', async () => {
    const { client, fake } = await connect(world());
    fake.limits.add({ kind: 'drop', method: 'users.GetFullUser', nth: 1 });
    const full = await client.invoke(new Api.users.GetFullUser({ id: 'bob_b' }));
    expect(String(full.fullUser.id)).toBe('2');
    const results = fake.requests
      .all()
      .filter((r) => r.method === 'users.GetFullUser')
      .map((r) => r.result);
    expect(results).toEqual(['dropped', 'ok']);
  });

  it('pushes incoming messages as updates', async () => {
    const { client, fake } = await connect(world());
    const received = new Promise<string>((resolve) => {
      client.addEventHandler((update: Api.TypeUpdate) => {
        if (update instanceof Api.UpdateNewChannelMessage)
          resolve((update.message as Api.Message).message);
      });
    });
    await client.getMe();
    fake.receiveMessage({ type: 'channel', id: 900 }, { from: 2, text: 'ping from bob' });
    await expect(received).resolves.toBe('ping from bob');
  });
});
