// Real gramjs against the fake DC: every read method the product needs.
import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/world/world.js';
import { demoWorld } from '../src/world/demo.js';
import { connect } from './helpers.js';

const day = 86_400;
const t0 = 1_700_000_000;

function smallWorld() {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_myself' },
    users: [
      { id: 2, firstName: 'Bob', username: 'bob_b', contact: true, mutualContact: true },
      { id: 3, firstName: 'Carol', contact: true },
    ],
    chats: [
      {
        id: 777,
        kind: 'supergroup',
        title: 'Big Group',
        username: 'big_group',
        date: t0,
        myRole: 'admin',
        myAdminRights: { inviteUsers: true, banUsers: true },
        participants: [
          { userId: 2, role: 'creator' },
          { userId: 3, role: 'admin' },
        ],
        generatedMembers: { count: 1000, baseUserId: 5_000_000 },
        messages: [
          { date: t0, from: 2, text: 'first' },
          { date: t0 + 60, from: 'anonymous', text: 'anon', pinned: true },
        ],
      },
      {
        id: 888,
        kind: 'channel',
        title: 'Huge Channel',
        username: 'huge_channel',
        date: t0,
        generatedHistory: { count: 1050, from: t0, to: t0 + 100 * day },
      },
      {
        id: 55,
        kind: 'group',
        title: 'Basic',
        date: t0,
        myRole: 'creator',
        participants: [{ userId: 2 }],
        messages: [{ date: t0 + 5, from: 2, text: 'hello basic' }],
      },
    ],
    privateChats: [
      {
        userId: 2,
        messages: [
          { date: t0 + 10, from: 2, text: 'hi me' },
          { date: t0 + 20, from: 1, text: 'hi bob' },
        ],
      },
    ],
  });
}

describe('reads through real gramjs', () => {
  it('getMe, getEntity by username, getFullUser, contacts', async () => {
    const { client } = await connect(smallWorld());
    const me = await client.getMe();
    expect(me.username).toBe('me_myself');
    const bob = (await client.getEntity('bob_b')) as Api.User;
    expect(bob.firstName).toBe('Bob');
    const full = await client.invoke(new Api.users.GetFullUser({ id: bob }));
    expect(String(full.fullUser.id)).toBe('2');
    const contacts = (await client.invoke(
      new Api.contacts.GetContacts({ hash: 0 as never }),
    )) as Api.contacts.Contacts;
    expect(contacts.contacts.map((c) => String(c.userId)).sort()).toEqual(['2', '3']);
  });

  it('unknown usernames and wrong access hashes fail like Telegram', async () => {
    const { client } = await connect(smallWorld());
    await expect(
      client.invoke(new Api.contacts.ResolveUsername({ username: 'nobody_here' })),
    ).rejects.toMatchObject({ errorMessage: 'USERNAME_NOT_OCCUPIED' });
    const bad = new Api.InputChannel({ channelId: 888 as never, accessHash: 12345 as never });
    await expect(
      client.invoke(new Api.channels.GetFullChannel({ channel: bad })),
    ).rejects.toMatchObject({ errorMessage: 'CHANNEL_INVALID' });
    await expect(client.invoke(new Api.help.GetNearestDc())).resolves.toBeTruthy();
    await expect(client.invoke(new Api.account.GetAuthorizations())).rejects.toMatchObject({
      code: 400,
      errorMessage: 'INPUT_METHOD_INVALID',
    });
  });

  it('dialogs page through getDialogs in order', async () => {
    const { client, fake } = await connect(demoWorld());
    const dialogs = await client.getDialogs({ limit: 100 });
    expect(dialogs.length).toBe(fake.world.dialogs().length);
    expect(dialogs[0]!.title).toBe('Family'); // pinned first
    expect(dialogs.map((d) => d.title)).toContain('Tech News Daily');
    const peerDialogs = await client.invoke(
      new Api.messages.GetPeerDialogs({
        peers: [new Api.InputDialogPeer({ peer: await client.getInputEntity('oss_hackers') })],
      }),
    );
    expect(peerDialogs.dialogs).toHaveLength(1);
  });

  it('history pages are 100 messages, newest first, and iterate the whole channel', async () => {
    const { client, fake } = await connect(smallWorld());
    const all = [];
    for await (const m of client.iterMessages('huge_channel', { limit: undefined })) all.push(m.id);
    expect(all.length).toBe(1050);
    expect(all[0]).toBe(1050);
    expect(all.at(-1)).toBe(1);
    expect(fake.requests.count('messages.GetHistory')).toBe(11);
    const reversed = await client.getMessages('huge_channel', {
      limit: 5,
      reverse: true,
      offsetId: 0,
    });
    expect(Array.from(reversed, (m) => m.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('messages carry senders: users, anonymous admins, pinned flags; private and basic chats work', async () => {
    const { client } = await connect(smallWorld());
    const msgs = await client.getMessages('big_group', { limit: 10 });
    const anon = msgs.find((m) => m.message === 'anon')!;
    expect(anon.pinned).toBe(true);
    expect(anon.fromId?.className).toBe('PeerChannel');
    const first = msgs.find((m) => m.message === 'first')!;
    expect(String((first.fromId as Api.PeerUser).userId)).toBe('2');
    const privateMsgs = await client.getMessages('bob_b', { limit: 10 });
    expect(Array.from(privateMsgs, (m) => m.message)).toEqual(['hi bob', 'hi me']);
    const basic = await client.getMessages(new Api.PeerChat({ chatId: 55 as never }), {
      limit: 10,
    });
    expect(Array.from(basic, (m) => m.message)).toEqual(['hello basic']);
  });

  it('search counts with limit 0 and filters by text', async () => {
    const { client } = await connect(smallWorld());
    const count = (await client.invoke(
      new Api.messages.Search({
        peer: 'huge_channel',
        q: '',
        filter: new Api.InputMessagesFilterEmpty(),
        limit: 0,
        minDate: 0,
        maxDate: 0,
        offsetId: 0,
        addOffset: 0,
        maxId: 0,
        minId: 0,
        hash: 0 as never,
      }),
    )) as Api.messages.ChannelMessages;
    expect(count.count).toBe(1050);
    const found = await client.getMessages('big_group', { search: 'first', limit: 10 });
    expect(Array.from(found, (m) => m.message)).toEqual(['first']);
  });

  it('participants: 200 per page, search, admins, single participant', async () => {
    const { client, fake } = await connect(smallWorld());
    const everyone = await client.getParticipants('big_group', { limit: 5000 });
    expect(everyone.length).toBe(1003);
    expect(
      fake.requests.all().filter((r) => r.method === 'channels.GetParticipants').length,
    ).toBeGreaterThanOrEqual(6);
    const admins = await client.getParticipants('big_group', {
      filter: new Api.ChannelParticipantsAdmins(),
    });
    expect(Array.from(admins, (u) => String(u.id)).sort()).toEqual(['1', '2', '3']);
    const search = await client.getParticipants('big_group', { search: 'Carol' });
    expect(Array.from(search, (u) => u.firstName)).toEqual(['Carol']);
    const one = await client.invoke(
      new Api.channels.GetParticipant({ channel: 'big_group', participant: 'bob_b' }),
    );
    expect(one.participant.className).toBe('ChannelParticipantCreator');
  });

  it('full chat and channel info', async () => {
    const { client } = await connect(smallWorld());
    const full = await client.invoke(new Api.channels.GetFullChannel({ channel: 'big_group' }));
    expect((full.fullChat as Api.ChannelFull).participantsCount).toBe(1003);
    const basic = await client.invoke(new Api.messages.GetFullChat({ chatId: 55 as never }));
    expect((basic.fullChat as Api.ChatFull).participants.className).toBe('ChatParticipants');
    const chats = await client.invoke(new Api.messages.GetChats({ id: [55 as never] }));
    expect(chats.chats[0]!.className).toBe('Chat');
  });
});
