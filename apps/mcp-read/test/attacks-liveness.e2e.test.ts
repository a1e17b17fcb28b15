// Liveness attacks over stdio (security review issue 16, items 12 and 14): a DC that never
// answers file parts, another DC that never completes its connect, a server asked to stop with a
// call stuck in flight, and a damaged session. Nothing may hang past TG_REQUEST_TIMEOUT_SEC, and
// stdin EOF or SIGTERM stops the process within 5 s whatever is in flight.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createSessionStore } from '@tgmcp/telegram';
import { buildSessionString, filesWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { type Started, errorOf, startServer } from './harness.js';

const TIMEOUT_SEC = 3;
/** Connect, resolve and the message lookup come before the stuck part: allow for them. */
const SLACK_MS = 2500;

const world = () =>
  filesWorld([
    { name: 'home.bin', size: 300 * 1024 },
    { name: 'far.bin', size: 300 * 1024, dcId: 4 },
  ]);

const start = (env: Record<string, string> = {}) =>
  startServer({
    world: world(),
    env: { TG_REQUEST_TIMEOUT_SEC: String(TIMEOUT_SEC), ...env },
  });

function child(client: Client): ChildProcess {
  const p = (client.transport as unknown as { _process?: ChildProcess })._process;
  if (!p) throw new Error('no server process');
  return p;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - t0 };
}

const download = (s: Started, messageId: number) =>
  s.client.callTool({
    name: 'tg_download_media',
    arguments: { group: '@files_here', message_id: messageId },
  });

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const partFiles = (dataDir: string) => {
  try {
    return readdirSync(path.join(dataDir, 'media')).filter((f) => f.endsWith('.part'));
  } catch {
    return [];
  }
};

describe('liveness attacks over stdio', { timeout: 70_000 }, () => {
  it('(a) a download whose file parts never answer is a REQUEST_TIMEOUT within the timeout', async () => {
    const s = await start();
    s.fake.limits.add({ kind: 'stall', method: 'upload.GetFile' });
    const { value, ms } = await timed(() => download(s, 1));
    const err = errorOf(value);
    expect(err.code).toBe('REQUEST_TIMEOUT');
    expect(err.message).toMatch(/upload\.GetFile/);
    expect(ms).toBeLessThan(TIMEOUT_SEC * 1000 + SLACK_MS);
    expect(s.fake.requests.count('upload.GetFile')).toBeGreaterThanOrEqual(1);
    // gramjs releases a download sender after 30 s idle and, when a request on it is still
    // pending, says so on stdout: the timed-out part must not be left pending there.
    await new Promise((r) => setTimeout(r, 31_000));
    // The server is still usable, left no half file, and stdout stayed protocol-only.
    const stats = await s.client.callTool({ name: 'tg_get_stats', arguments: {} });
    expect(stats.isError).toBeFalsy();
    expect(partFiles(s.dataDir)).toEqual([]);
    expect(s.protocolErrors).toEqual([]);
  });

  it('(a) a file on another DC that never completes its connect is a REQUEST_TIMEOUT within the timeout', async () => {
    // The session holds no key for DC 4: its sender must make one, and this DC never answers.
    const s = await start();
    s.fake.limits.add({ kind: 'stallKeyExchange' });
    const { value, ms } = await timed(() => download(s, 2));
    const err = errorOf(value);
    expect(err.code).toBe('REQUEST_TIMEOUT');
    expect(ms).toBeLessThan(TIMEOUT_SEC * 1000 + SLACK_MS);
    // A second try is bounded the same way (no sender left half-connected from the first).
    const again = await timed(() => download(s, 2));
    expect(errorOf(again.value).code).toBe('REQUEST_TIMEOUT');
    expect(again.ms).toBeLessThan(TIMEOUT_SEC * 1000 + SLACK_MS);
    const ok = await s.client.callTool({
      name: 'tg_get_messages',
      arguments: { group: '@files_here', limit: 5 },
    });
    expect(ok.isError).toBeFalsy();
    expect(s.protocolErrors).toEqual([]);
  });

  for (const how of ['stdin EOF', 'SIGTERM'] as const) {
    for (const stuck of ['file part', 'other DC connect'] as const) {
      it(`(b) ${how} stops the server within 5 s with a ${stuck} in flight`, async () => {
        // A long timeout: the call is surely still in flight when the server is told to stop.
        const s = await start({ TG_REQUEST_TIMEOUT_SEC: '120' });
        s.fake.limits.add(
          stuck === 'file part'
            ? { kind: 'stall', method: 'upload.GetFile' }
            : { kind: 'stallKeyExchange' },
        );
        // Either the process is gone before the answer, or the answer is the cancellation: the
        // download never completes.
        const pending = download(s, stuck === 'file part' ? 1 : 2).then(
          (r) => {
            return r.isError && /CANCELLED/.test(JSON.stringify(r.content))
              ? 'cancelled'
              : 'answered';
          },
          () => 'closed',
        );
        if (stuck === 'file part') await until(() => s.fake.requests.count('upload.GetFile') > 0);
        else await until(() => s.fake.requests.count('channels.GetMessages') > 0);
        // Past the message lookup: the part request, or DC 4's connect, is what is pending now.
        await new Promise((r) => setTimeout(r, 700));
        const proc = child(s.client);
        const exited = new Promise<number | null>((resolve) =>
          proc.once('exit', (code) => resolve(code)),
        );
        const t0 = Date.now();
        if (how === 'stdin EOF') proc.stdin!.end();
        else proc.kill('SIGTERM');
        const code = await Promise.race([
          exited,
          new Promise<'alive'>((r) => setTimeout(() => r('alive'), 8000)),
        ]);
        const ms = Date.now() - t0;
        expect(code).toBe(0);
        expect(ms).toBeLessThan(5000);
        expect(await pending).not.toBe('answered');
        // The cancelled download cleaned up after itself before the process went away.
        expect(partFiles(s.dataDir)).toEqual([]);
        expect(s.stderr()).not.toMatch(/unhandled|TypeError/i);
      });
    }
  }

  for (const damage of [
    'wrong auth key',
    'wrong auth key, silent DC',
    'truncated string',
  ] as const) {
    it(`(c) a damaged session (${damage}) is SESSION_INVALID naming it; stats and auth status still answer`, async () => {
      const s = await start();
      // Telegram answers an unknown key with -404; a DC may also just never answer it.
      if (damage === 'wrong auth key, silent DC') s.fake.limits.add({ kind: 'stallKeyExchange' });
      const broken =
        damage !== 'truncated string'
          ? buildSessionString({
              dcId: 2,
              address: '127.0.0.1',
              port: s.fake.port,
              authKey: randomBytes(256),
            })
          : s.fake.sessionString.slice(0, 200);
      createSessionStore({ dataDir: s.dataDir }).save('main', {
        session: broken,
        source: 'test',
        account: { id: String(s.fake.world.self.id) },
      });
      const limit = TIMEOUT_SEC * 1000 + SLACK_MS;

      const read = await timed(() =>
        s.client.callTool({
          name: 'tg_get_messages',
          arguments: { group: '@files_here', limit: 5 },
        }),
      );
      const err = errorOf(read.value);
      expect(err.code).toBe('SESSION_INVALID');
      expect(err.message).toContain("'main'");
      expect(read.ms).toBeLessThan(limit);

      const stats = await timed(() => s.client.callTool({ name: 'tg_get_stats', arguments: {} }));
      expect(stats.value.isError).toBeFalsy();
      expect(stats.value.structuredContent).toMatchObject({ current_session: 'main' });
      expect(stats.ms).toBeLessThan(1500);

      const status = await timed(() =>
        s.client.callTool({ name: 'tg_auth_status', arguments: {} }),
      );
      expect(status.value.isError).toBeFalsy();
      expect(status.value.structuredContent).toMatchObject({
        authorized: false,
        session_name: 'main',
        error: { code: 'SESSION_INVALID' },
      });
      expect(status.ms).toBeLessThan(limit);

      // Never the session's contents: not the string, not its key.
      const everything = JSON.stringify([read.value, stats.value, status.value]) + s.stderr();
      expect(everything).not.toContain(broken.slice(1, 40));
      expect(everything).not.toContain(broken.slice(-40));
      expect(s.protocolErrors).toEqual([]);
    });
  }
});
