// Downloads, writes, sessions by name, switching: openTelegram against the fake DC.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SessionSwitcher,
  WriteBlockedError,
  createSessionStore,
  newRandomId,
} from '../src/index.js';
import { open, opsWorld, startFake, tempDir } from './ops-setup.js';

describe('downloadMedia', () => {
  it('saves under a sanitized name inside the media root, never overwriting, with the exact bytes', async () => {
    const world = opsWorld();
    const fake = await startFake(world);
    const dataDir = tempDir();
    const tg = await open(fake, { dataDir });
    const a = await tg.downloadMedia('@club', 5);
    const mediaDir = path.join(dataDir, 'media');
    expect(path.dirname(a.path)).toBe(mediaDir);
    expect(a.file_name).toBe('evil.txt');
    const expected = world.message({ type: 'channel', id: 100 }, 5)!.media!.bytes();
    expect(readFileSync(a.path).equals(expected)).toBe(true);
    expect(a.size).toBe(3000);
    const b = await tg.downloadMedia('@club', 5, { dir: 'sub/dir' });
    expect(b.path).toBe(path.join(mediaDir, 'sub', 'dir', 'evil.txt'));
    const c = await tg.downloadMedia('@club', 5);
    expect(c.file_name).toBe('evil (1).txt');
    const photo = await tg.downloadMedia('@club', 6);
    expect(photo.file_name).toBe('photo_-100100_6.jpg');
    // No temp files left behind.
    expect(readdirSync(mediaDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses paths out of the root, oversized files and messages without media', async () => {
    const fake = await startFake();
    const dataDir = tempDir();
    const tg = await open(fake, { dataDir, maxDownloadMb: 1 });
    await expect(tg.downloadMedia('@club', 5, { dir: '../escape' })).rejects.toMatchObject({
      field: 'output_dir',
    });
    await expect(tg.downloadMedia('@club', 5, { dir: '/tmp' })).rejects.toMatchObject({
      field: 'output_dir',
    });
    mkdirSync(path.join(dataDir, 'media'), { recursive: true });
    symlinkSync(tempDir(), path.join(dataDir, 'media', 'link-out'));
    await expect(tg.downloadMedia('@club', 5, { dir: 'link-out' })).rejects.toMatchObject({
      field: 'output_dir',
    });
    await expect(tg.downloadMedia('@club', 5, { maxBytes: 100 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    await expect(tg.downloadMedia('@club', 2)).rejects.toMatchObject({ code: 'NO_MEDIA' });
    await expect(tg.downloadMedia('@club', 999)).rejects.toMatchObject({
      code: 'MESSAGE_NOT_FOUND',
    });
    await expect(tg.downloadMedia('@club', 0)).rejects.toMatchObject({ field: 'message_id' });
    expect(existsSync(path.join(dataDir, 'escape'))).toBe(false);
  });
});

describe('writes', () => {
  it('the read role cannot write through any operation: nothing reaches the DC', async () => {
    const fake = await startFake();
    const dataDir = tempDir();
    const tg = await open(fake, { dataDir });
    expect(tg.writeCapability).toBeUndefined();
    mkdirSync(path.join(dataDir, 'outbox'));
    writeFileSync(path.join(dataDir, 'outbox', 'a.txt'), 'hello');
    await expect(tg.sendMessage(await tg.pinPeer('@club'), 'hi')).rejects.toBeInstanceOf(
      WriteBlockedError,
    );
    await expect(tg.sendFile(await tg.pinPeer('@club'), 'a.txt')).rejects.toBeInstanceOf(
      WriteBlockedError,
    );
    await expect(
      tg.addMember(await tg.pinPeer('@club'), await tg.pinPeer('@david')),
    ).rejects.toBeInstanceOf(WriteBlockedError);
    await expect(
      tg.removeMember(await tg.pinPeer('@club'), await tg.pinPeer('@bobby')),
    ).rejects.toBeInstanceOf(WriteBlockedError);
    await expect(tg.joinChat('@public_chan')).rejects.toBeInstanceOf(WriteBlockedError);
    await expect(tg.joinChat('https://t.me/+JoinMe1234567890')).rejects.toBeInstanceOf(
      WriteBlockedError,
    );
    expect(fake.requests.writes()).toEqual([]);
    expect((await tg.stats()).requests.blocked).toBeGreaterThanOrEqual(6);
  });

  it('actions role: writes need the capability; a repeated random id is one send', async () => {
    const world = opsWorld();
    const fake = await startFake(world);
    const tg = await open(fake, { role: 'actions' });
    const cap = tg.writeCapability!;
    await expect(tg.sendMessage(await tg.pinPeer('@alice'), 'no capability')).rejects.toMatchObject(
      {
        code: 'WRITE_BLOCKED',
      },
    );
    const randomId = newRandomId();
    const first = await cap.run(async () =>
      tg.sendMessage(await tg.pinPeer('@alice'), 'hello', { randomId }),
    );
    const again = await cap.run(async () =>
      tg.sendMessage(await tg.pinPeer('@alice'), 'hello', { randomId }),
    );
    expect(again.message_id).toBe(first.message_id);
    expect(first).toMatchObject({ chat_id: '10', random_id: randomId });
    const texts = world.history({ type: 'user', id: 10 });
    expect(
      [...texts.idsNewestFirst()].filter((id) => texts.get(id)!.text === 'hello'),
    ).toHaveLength(1);
    await expect(
      cap.run(async () => tg.sendMessage(await tg.pinPeer('@alice'), ' ')),
    ).rejects.toMatchObject({
      field: 'message',
    });
    await expect(
      cap.run(async () => tg.sendMessage(await tg.pinPeer('@alice'), 'x'.repeat(4097))),
    ).rejects.toMatchObject({
      field: 'message',
    });
    await expect(
      cap.run(async () => tg.sendMessage(await tg.pinPeer('@alice'), 'x', { randomId: '1e5' })),
    ).rejects.toMatchObject({ field: 'random_id' });
    expect(fake.requests.count('messages.SendMessage')).toBe(2);
  });

  it('isFirstContact: one search; true until we wrote to them; true when the lookup fails (fail closed)', async () => {
    const world = opsWorld();
    const fake = await startFake(world);
    const tg = await open(fake, { role: 'actions' });
    const alice = await tg.pinPeer('@alice');
    const before = fake.requests.count('messages.Search');
    expect(await tg.isFirstContact(alice)).toBe(true);
    expect(fake.requests.count('messages.Search') - before).toBe(1);
    await tg.writeCapability!.run(() => tg.sendMessage(alice, 'hello'));
    expect(await tg.isFirstContact(alice)).toBe(false);
    expect(await tg.isFirstContact(await tg.pinPeer('@club'))).toBe(false);
    fake.limits.add({ kind: 'peerFlood', method: 'messages.Search' });
    expect(await tg.isFirstContact(alice)).toBe(true);
  });

  it('sendFile sends only regular files inside the roots, never dotfiles, sessions or links out', async () => {
    const world = opsWorld();
    const fake = await startFake(world);
    const dataDir = tempDir();
    const outbox = path.join(dataDir, 'outbox');
    mkdirSync(path.join(outbox, '.hidden'), { recursive: true });
    writeFileSync(path.join(outbox, 'report.csv'), 'a,b\n1,2\n');
    writeFileSync(path.join(outbox, '.env'), 'SECRET=1');
    writeFileSync(path.join(outbox, '.hidden', 'x.txt'), 'x');
    writeFileSync(path.join(outbox, 'big.bin'), Buffer.alloc(2 * 1024 * 1024));
    writeFileSync(path.join(outbox, 'old.session'), 'x');
    const outside = path.join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, path.join(outbox, 'link.txt'));
    const tg = await open(fake, { role: 'actions', dataDir, maxUploadMb: 1 });
    const cap = tg.writeCapability!;
    const sent = await cap.run(async () =>
      tg.sendFile(await tg.pinPeer('@alice'), 'report.csv', { caption: 'numbers' }),
    );
    expect(sent).toMatchObject({ chat_id: '10', file_name: 'report.csv', size: 8 });
    const msg = world.message({ type: 'user', id: 10 }, sent.message_id)!;
    expect(msg.media!.bytes().toString()).toBe('a,b\n1,2\n');
    expect(msg.text).toBe('numbers');
    const refused = async (p: string) => {
      await expect(
        cap.run(async () => tg.sendFile(await tg.pinPeer('@alice'), p)),
      ).rejects.toMatchObject({
        field: 'file_path',
      });
    };
    await refused('.env');
    await refused('.hidden/x.txt');
    await refused('old.session');
    await refused('link.txt');
    await refused(outside);
    await refused('../sessions/test.session');
    await refused('big.bin');
    await refused('missing.txt');
    await expect(
      cap.run(async () =>
        tg.sendFile(await tg.pinPeer('@alice'), 'report.csv', { sha256: '0'.repeat(64) }),
      ),
    ).rejects.toMatchObject({ field: 'file_path' });
    expect(fake.requests.count('messages.SendMedia')).toBe(1);
  });

  it('adds, removes and joins, saying when nothing had to change', async () => {
    const world = opsWorld();
    const fake = await startFake(world);
    const tg = await open(fake, { role: 'actions' });
    const cap = tg.writeCapability!;
    expect(await tg.isMember('@club', '@david')).toBe(false);
    expect(
      await cap.run(async () =>
        tg.addMember(await tg.pinPeer('@club'), await tg.pinPeer('@david')),
      ),
    ).toEqual({
      chat_id: '-100100',
      user_id: '14',
      changed: true,
    });
    expect(world.members(100).get(14)?.role).toBe('member');
    expect(await tg.isMember('@club', '@david')).toBe(true);
    expect(await tg.isMember('-300', '@alice')).toBe(true);
    expect(
      (
        await cap.run(async () =>
          tg.addMember(await tg.pinPeer('@club'), await tg.pinPeer('@david')),
        )
      ).changed,
    ).toBe(false);
    await expect(
      cap.run(async () => tg.addMember(await tg.pinPeer('@club'), await tg.pinPeer('@carol'))),
    ).rejects.toMatchObject({
      errorMessage: 'USER_PRIVACY_RESTRICTED',
    });
    await expect(
      cap.run(async () => tg.addMember(await tg.pinPeer('@club'), await tg.pinPeer('@news_chan'))),
    ).rejects.toMatchObject({
      field: 'user',
    });
    expect(
      (
        await cap.run(async () =>
          tg.removeMember(await tg.pinPeer('@club'), await tg.pinPeer('@bobby')),
        )
      ).changed,
    ).toBe(true);
    expect(world.members(100).get(11)?.role).toBe('left');
    // Bob has left now, Carol was never in, the bot was kicked: one membership read each, no
    // ban request, nothing changed.
    world.members(100).set({ userId: 12, role: 'banned', date: world.now() });
    const bans = fake.requests.count('channels.EditBanned');
    const looks = fake.requests.count('channels.GetParticipant');
    for (const [who, id] of [
      ['@bobby', '11'],
      ['@carol', '13'],
      ['@helper_bot', '12'],
    ] as const)
      expect(
        await cap.run(async () =>
          tg.removeMember(await tg.pinPeer('@club'), await tg.pinPeer(who)),
        ),
      ).toEqual({ chat_id: '-100100', user_id: id, changed: false, not_participant: true });
    expect(fake.requests.count('channels.EditBanned')).toBe(bans);
    expect(fake.requests.count('channels.GetParticipant')).toBe(looks + 3);
    expect(world.members(100).get(13)).toBeUndefined();
    expect(world.members(100).get(12)?.role).toBe('banned');
    await expect(
      cap.run(async () => tg.removeMember(await tg.pinPeer('-300'), await tg.pinPeer('@bobby'))),
    ).rejects.toMatchObject({
      errorMessage: 'CHAT_ADMIN_REQUIRED',
    });
    world.chat(300)!.myRole = 'creator';
    expect(
      (
        await cap.run(async () =>
          tg.removeMember(await tg.pinPeer('-300'), await tg.pinPeer('@bobby')),
        )
      ).changed,
    ).toBe(true);
    expect(
      await cap.run(async () =>
        tg.removeMember(await tg.pinPeer('-300'), await tg.pinPeer('@bobby')),
      ),
    ).toEqual({ chat_id: '-300', user_id: '11', changed: false, not_participant: true });
    expect(await cap.run(async () => tg.joinChat('@public_chan'))).toMatchObject({
      chat_id: '-100600',
      changed: true,
    });
    expect((await cap.run(async () => tg.joinChat('@public_chan'))).changed).toBe(false);
    expect(await cap.run(async () => tg.joinChat('https://t.me/+JoinMe1234567890'))).toMatchObject({
      chat_id: '-100500',
      changed: true,
    });
    expect((await cap.run(async () => tg.joinChat('t.me/+JoinMe1234567890'))).changed).toBe(false);
    expect(world.chat(500)!.myRole).toBe('member');
  });
});

describe('sessions', () => {
  it('opens a named session from the store, checks the expected account, and reports revoked keys', async () => {
    const fake = await startFake();
    const dataDir = tempDir();
    const store = createSessionStore({ dataDir });
    store.save('work', { session: fake.sessionString, source: 'test', account: { id: '1' } });
    const tg = await open(fake, { dataDir, session: 'work', expectedUsername: '@ME_USER' });
    expect(tg.sessionName).toBe('work');
    await expect(
      open(fake, { dataDir, session: 'work', expectedUsername: 'someone_else' }),
    ).rejects.toMatchObject({
      code: 'SESSION_MISMATCH',
    });
    await expect(open(fake, { dataDir, session: '../etc/passwd' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(open(fake, { dataDir, session: 'missing' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const loggedOut = await startFake(opsWorld(), false);
    await expect(open(loggedOut, { dataDir })).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });

  it('switches only when allowed, only to stored sessions, and only after the new one works', async () => {
    const fake = await startFake();
    const broken = await startFake(opsWorld(), false);
    const dataDir = tempDir();
    const store = createSessionStore({ dataDir });
    store.save('one', { session: fake.sessionString, source: 'test' });
    store.save('two', { session: fake.sessionString, source: 'test' });
    store.save('dead', { session: broken.sessionString, source: 'test' });
    const openByName = (name: string) =>
      open(name === 'dead' ? broken : fake, { dataDir, session: name });
    const off = new SessionSwitcher({ allow: false, store, open: openByName }, 'one');
    await expect(off.use('two')).rejects.toMatchObject({ code: 'SESSION_SWITCH_DISABLED' });
    const sw = new SessionSwitcher({ allow: true, store, open: openByName }, 'one');
    expect(sw.list()).toEqual({ sessions: ['dead', 'one', 'two'], current: 'one' });
    const first = await sw.current();
    await expect(sw.use('../one')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(sw.use('nope')).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(sw.use('dead')).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    // The failed switch kept the working session.
    expect(await sw.current()).toBe(first);
    expect((await first.getChatInfo('@club')).title).toBe('Club');
    expect(await sw.use('two')).toMatchObject({ switched_to: 'two', account: { id: '1' } });
    expect(sw.currentName).toBe('two');
    await expect(first.getChatInfo('@club')).rejects.toThrow();
    await sw.close();
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
  });
});
