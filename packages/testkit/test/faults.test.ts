// Fault injection against the real gramjs client: drops, half-open stalls, a DC restart on the
// same port, delayed answers and a reset mid-upload / mid-download.
import { randomBytes } from 'node:crypto';
import { CustomFile } from 'telegram/client/uploads.js';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/world/world.js';
import { connect } from './helpers.js';

function world() {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_myself' },
    users: [{ id: 2, firstName: 'Bob', username: 'bob_b' }],
    chats: [
      {
        id: 900,
        kind: 'supergroup',
        title: 'Team',
        username: 'team_chat',
        date: 1_700_000_000,
        myRole: 'admin',
        participants: [{ userId: 2 }],
      },
    ],
  });
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p.then((v) => ({ settled: true as const, v })),
    new Promise<{ settled: false }>((r) => setTimeout(() => r({ settled: false }), ms)),
  ]);

function sentTexts(fake: Awaited<ReturnType<typeof connect>>['fake'], text: string): number {
  const history = fake.world.history({ type: 'channel', id: 900 });
  return [...history.idsNewestFirst()].filter((id) => history.get(id)?.text === text).length;
}

describe('fault injection through real gramjs', () => {
  it('drop(): gramjs reconnects on its own and the DC counts the drop and the new connection', async () => {
    const { client, fake } = await connect(world());
    await client.getMe();
    expect(fake.faults.drop()).toBe(1);
    expect((await client.getMe()).username).toBe('me_myself');
    expect(fake.faults.counts()).toMatchObject({
      drops: 1,
      droppedConnections: 1,
      connectionsAccepted: 2,
    });
  });

  it('stall(): a half-open connection answers nothing; a stalled write with process is done once', async () => {
    const { client, fake } = await connect(world());
    await client.getEntity('team_chat');
    expect(fake.faults.stall({ process: true })).toBe(1);
    const send = client.sendMessage('team_chat', { message: 'once' });
    expect((await within(send, 700)).settled).toBe(false);
    // Carried out, unanswered: the world has it, the client does not know.
    expect(sentTexts(fake, 'once')).toBe(1);
    // A new connection answers; gramjs resends the same random_id and the DC dedupes it.
    fake.faults.drop();
    expect((await send).message).toBe('once');
    expect(sentTexts(fake, 'once')).toBe(1);
    expect(fake.requests.count('messages.SendMessage')).toBe(2);
    expect(fake.faults.counts()).toMatchObject({ stalls: 1, stalledConnections: 1 });
  });

  it('stall() without process ignores requests; resume() answers again', async () => {
    const { client, fake } = await connect(world());
    await client.getMe();
    fake.faults.stall();
    const me = client.getMe();
    expect((await within(me, 500)).settled).toBe(false);
    expect(fake.requests.count('users.GetUsers')).toBe(1);
    fake.faults.resume();
    // The ignored request is answered only once it is sent again (here: after a reconnect).
    fake.faults.drop();
    expect((await me).username).toBe('me_myself');
  });

  it('restart(): the DC goes away and comes back on the same port; the client carries on', async () => {
    const { client, fake } = await connect(world());
    await client.getMe();
    const port = fake.port;
    await fake.faults.down();
    expect(fake.faults.reachable).toBe(false);
    expect(fake.openConnections()).toBe(0);
    await fake.faults.up();
    expect(fake.port).toBe(port);
    expect((await client.getMe()).username).toBe('me_myself');
    expect(fake.faults.counts()).toMatchObject({ restarts: 1, connectionsAccepted: 2 });
  });

  it('delay(): answers wait; clearDelays() ends it', async () => {
    const { client, fake } = await connect(world());
    await client.getMe();
    fake.faults.delay(300, 'users.GetUsers');
    let t = Date.now();
    await client.getMe();
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    fake.faults.clearDelays();
    t = Date.now();
    await client.getMe();
    expect(Date.now() - t).toBeLessThan(250);
  });

  it('resetDuring(): a reset mid-upload and mid-download; gramjs resends the part', async () => {
    const { client, fake } = await connect(world());
    const content = randomBytes(600 * 1024);
    fake.faults.resetDuring('upload.SaveFilePart', 2);
    await client.sendFile('team_chat', {
      file: new CustomFile('f.bin', content.length, '', content),
      forceDocument: true,
    });
    expect(fake.requests.all().filter((r) => r.result === 'dropped')).toHaveLength(1);
    fake.faults.resetDuring('upload.GetFile', 2);
    const [message] = await client.getMessages('team_chat', { limit: 1 });
    const downloaded = (await client.downloadMedia(message!, {})) as Buffer;
    expect(downloaded.equals(content)).toBe(true);
    expect(fake.requests.all().filter((r) => r.result === 'dropped')).toHaveLength(2);
    expect(fake.faults.counts()).toMatchObject({ resets: 2 });
  });
});
