// Attacks through where tg_download_media writes (security review issue 16, item 4): a media
// dir that contains the data dir, or reaches its state through a symlink, and output_dir through
// dot-directories. Judged by the files on disk and the downloads the fake DC served.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type Started, errorOf, startServer } from './harness.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const later: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of later.splice(0).reverse()) await fn();
});

/** Every file below `dir` (relative), or [] when it does not exist. */
function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** A home with the default data dir under it, a session for `fake` in it. */
function homeWithDataDir(fake: FakeTelegram) {
  const home = mkdtempSync(path.join(tmpdir(), 'tgmcp-read-home-'));
  later.push(() => rmSync(home, { recursive: true, force: true }));
  const dataDir = path.join(home, '.local', 'share', 'tgmcp');
  createSessionStore({ dataDir }).save('main', {
    session: fake.sessionString,
    source: 'test',
    account: { id: String(fake.world.self.id) },
  });
  mkdirSync(path.join(dataDir, 'state', 'actions'), { recursive: true });
  return { home, dataDir, state: path.join(dataDir, 'state') };
}

async function mediaMessageId(s: Started): Promise<number> {
  const r = await s.client.callTool({
    name: 'tg_get_messages',
    arguments: { group: '@oss_hackers', limit: 200, fields: ['has_media'] },
  });
  const messages = (r.structuredContent as { messages: Array<{ id: number; has_media: boolean }> })
    .messages;
  return messages.find((m) => m.has_media)!.id;
}

function startupOf(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI], {
    env: { PATH: process.env.PATH ?? '', ...env },
    input: '',
    timeout: 20_000,
  });
  return { status: r.status, stderr: r.stderr.toString() };
}

describe('path attacks on the read server', { timeout: 60_000 }, () => {
  it('TG_MEDIA_DIR containing the data dir: nothing lands in the state dir; the server refuses to start', async () => {
    const fake = await startFakeTelegram({ world: demoWorld() });
    later.push(() => fake.close());
    const { home, dataDir, state } = homeWithDataDir(fake);
    const env = { HOME: home, TG_DATA_DIR: dataDir, TG_MEDIA_DIR: home };
    const s = await startServer({ fake, env }).catch(() => undefined);
    if (s) {
      await s.client.callTool({
        name: 'tg_download_media',
        arguments: {
          group: '@oss_hackers',
          message_id: await mediaMessageId(s),
          output_dir: '.local/share/tgmcp/state/actions',
        },
      });
    }
    expect(filesIn(state)).toEqual([]);
    expect(fake.requests.count('upload.GetFile')).toBe(0);
    const start = startupOf({ ...env, TG_API_ID: '12345', TG_API_HASH: 'f'.repeat(32) });
    expect(start.status).toBe(1);
    expect(start.stderr).toContain('TG_MEDIA_DIR');
  });

  it('TG_MEDIA_DIR through a symlink into the state dir, or equal to the data dir: refused at start', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'tgmcp-read-media-'));
    later.push(() => rmSync(base, { recursive: true, force: true }));
    const dataDir = path.join(base, 'data');
    mkdirSync(path.join(dataDir, 'state', 'actions'), { recursive: true });
    mkdirSync(path.join(dataDir, 'sessions'), { recursive: true });
    symlinkSync(path.join(dataDir, 'state', 'actions'), path.join(base, 'pictures'));
    symlinkSync(dataDir, path.join(base, 'data-link'));
    const env = { HOME: path.join(base, 'home'), TG_DATA_DIR: dataDir };
    for (const media of [
      path.join(base, 'pictures'),
      path.join(base, 'data-link'),
      path.join(dataDir, 'sessions', 'x'),
      base,
    ]) {
      const start = startupOf({ ...env, TG_MEDIA_DIR: media });
      expect(start.status, media).toBe(1);
      expect(start.stderr).toContain('TG_MEDIA_DIR');
    }
    // The default (<dataDir>/media, a sibling of state and sessions) and an unrelated dir start.
    expect(startupOf(env).status).toBe(0);
    expect(startupOf({ ...env, TG_MEDIA_DIR: path.join(base, 'downloads') }).status).toBe(0);
  });

  it('output_dir through a dot-directory is refused and nothing is downloaded', async () => {
    const s = await startServer();
    const media = path.join(s.dataDir, 'media');
    mkdirSync(path.join(media, '.hidden'), { recursive: true });
    symlinkSync(path.join(media, '.hidden'), path.join(media, 'pictures'));
    const id = await mediaMessageId(s);
    for (const output_dir of ['.git/hooks', 'a/.ssh', 'pictures', 'pictures/x', '.']) {
      const r = await s.client.callTool({
        name: 'tg_download_media',
        arguments: { group: '@oss_hackers', message_id: id, output_dir },
      });
      if (output_dir === '.') {
        expect(r.isError).toBeFalsy();
        continue;
      }
      expect(errorOf(r)).toMatchObject({ code: 'INVALID_INPUT', field: 'output_dir' });
    }
    // Only the one download into the media dir itself reached the DC and the disk.
    expect(filesIn(media).filter((f) => !f.startsWith('.hidden'))).toHaveLength(1);
    expect(filesIn(path.join(media, '.hidden'))).toEqual([]);
    expect(existsSync(path.join(media, '.git'))).toBe(false);
    expect(existsSync(path.join(media, 'a'))).toBe(false);
    const served = s.fake.requests.count('upload.GetFile');
    expect(served).toBeGreaterThan(0);
    // A second download of the same file costs as many requests: the refused ones cost none.
    await s.client.callTool({
      name: 'tg_download_media',
      arguments: { group: '@oss_hackers', message_id: id, output_dir: 'ok' },
    });
    expect(s.fake.requests.count('upload.GetFile')).toBe(2 * served);
  });
});
