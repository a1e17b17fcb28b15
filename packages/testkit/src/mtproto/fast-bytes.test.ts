import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import { apiChat, apiMessage, apiUser, big } from '../rpc/convert.js';
import { apiParticipant } from '../rpc/participants.js';
import { config } from '../rpc/system.js';
import { HANDLERS } from '../fake-telegram.js';
import { demoWorld } from '../world/demo.js';
import { fastBytes } from './fast-bytes.js';

const same = (obj: { getBytes(): Buffer }) =>
  expect(fastBytes(obj).equals(obj.getBytes())).toBe(true);

describe('fastBytes', () => {
  it('matches gramjs getBytes() for every record of the demo world', () => {
    const world = demoWorld();
    for (const u of world.allExplicitUsers()) same(apiUser(u, world));
    for (const c of world.allChats()) {
      same(apiChat(c, world));
      for (const p of world.members(c.id).list('recent', 0, 50).items)
        same(apiParticipant(p, c, world));
      const h = world.history(world.peerOfChat(c));
      for (const id of h.page({
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit: 100,
        maxId: 0,
        minId: 0,
      }))
        same(apiMessage(h.get(id)!, world));
    }
    same(config(1_700_000_000, 2));
  });

  it('matches for whole answers: dialogs, history pages, full channel, participants', async () => {
    const world = demoWorld();
    const channel = world.chat(1_600_000_001)!;
    const group = world.chat(1_500_000_001)!;
    const ctx = { world } as never;
    const inputChannel = (c: typeof channel) =>
      new Api.InputChannel({ channelId: big(c.id), accessHash: big(c.accessHash) });
    const inputPeer = (c: typeof channel) =>
      new Api.InputPeerChannel({ channelId: big(c.id), accessHash: big(c.accessHash) });
    const answers = [
      await HANDLERS['messages.GetDialogs']!(
        new Api.messages.GetDialogs({
          offsetDate: 0,
          offsetId: 0,
          offsetPeer: new Api.InputPeerEmpty(),
          limit: 100,
          hash: big(0),
        }),
        ctx,
      ),
      await HANDLERS['messages.GetHistory']!(
        new Api.messages.GetHistory({
          peer: inputPeer(channel),
          offsetId: 0,
          offsetDate: 0,
          addOffset: 0,
          limit: 100,
          maxId: 0,
          minId: 0,
          hash: big(0),
        }),
        ctx,
      ),
      await HANDLERS['messages.GetHistory']!(
        new Api.messages.GetHistory({
          peer: inputPeer(group),
          offsetId: 0,
          offsetDate: 0,
          addOffset: 0,
          limit: 100,
          maxId: 0,
          minId: 0,
          hash: big(0),
        }),
        ctx,
      ),
      await HANDLERS['channels.GetFullChannel']!(
        new Api.channels.GetFullChannel({ channel: inputChannel(group) }),
        ctx,
      ),
      await HANDLERS['channels.GetParticipants']!(
        new Api.channels.GetParticipants({
          channel: inputChannel(group),
          filter: new Api.ChannelParticipantsRecent(),
          offset: 0,
          limit: 200,
          hash: big(0),
        }),
        ctx,
      ),
    ];
    for (const a of answers) same(a as never);
    // Longs at the edges of their range, and large byte strings.
    same(
      new Api.User({
        id: big(2n ** 63n - 1n),
        accessHash: big(-(2n ** 63n)),
        firstName: 'x'.repeat(300),
      }),
    );
    same(
      new Api.upload.File({
        type: new Api.storage.FileUnknown(),
        mtime: 0,
        bytes: Buffer.alloc(70_000, 7),
      }),
    );
  });
});
