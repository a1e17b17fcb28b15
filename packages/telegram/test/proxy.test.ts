// TG_PROXY / TG_MTPROXY end to end: real gramjs through openTelegram, with no socket override
// (the code path a user gets), through a real SOCKS5 server and the fake DC's MTProxy front;
// traffic counted at the proxy and at the DC; a proxy down or refusing is a typed error in time.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatWithOptions } from 'node:util';
import { demoWorld, startFakeTelegram, startSocks5Proxy } from '@tgmcp/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ProxyConfig,
  ProxyError,
  loadProxyConfig,
  openTelegram,
  probeProxy,
} from '../src/index.js';

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const fn of cleanup.splice(0).reverse()) await Promise.resolve(fn()).catch(() => undefined);
});

const PASSWORD = 'pr0xy-Pa55word';
const SECRET = 'dd00112233445566778899aabbccddeeff';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** What gramjs prints while the test runs: its logger on stderr, and errors with console. */
function captureStderr(): () => string {
  let text = '';
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest) => {
    text += chunk.toString();
    return write(chunk, ...(rest as []));
  });
  for (const method of ['error', 'log'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      text += `${formatWithOptions({ depth: 10 }, ...args)}\n`;
    });
  return () => text;
}

async function world(mtproxy?: { secret: string }) {
  const fake = await startFakeTelegram({ world: demoWorld(), mtproxy });
  cleanup.push(() => fake.close());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-proxy-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { fake, dataDir };
}

function open(
  fake: { sessionString: string },
  dataDir: string,
  proxy: ProxyConfig,
  requestTimeoutSec = 20,
) {
  return openTelegram({
    apiId: 12345,
    apiHash: 'feedfacefeedfacefeedfacefeedface',
    session: { string: fake.sessionString, name: 'proxied' },
    role: 'read',
    dataDir,
    limits: { mode: 'off' },
    requestTimeoutSec,
    // No `connect` override: gramjs's default socket and its own proxy support.
    proxy,
  });
}

async function socksFor(fake: { host: string; port: number }) {
  const socks = await startSocks5Proxy({
    auth: { username: 'alice', password: PASSWORD },
    // gramjs dials the session's DC address on port 80; behind this proxy, that is the fake DC.
    routes: { '127.0.0.1:80': { host: fake.host, port: fake.port } },
  });
  cleanup.push(() => socks.close());
  return socks;
}

describe('TG_PROXY (SOCKS5)', () => {
  it('reads through a real SOCKS5 server; its log and byte counters show the traffic', async () => {
    const { fake, dataDir } = await world();
    const socks = await socksFor(fake);
    const proxy = loadProxyConfig({
      TG_PROXY: socks.url({ username: 'alice', password: PASSWORD }),
    })!;
    const tg = await open(fake, dataDir, proxy);
    cleanup.push(() => tg.close());
    const { dialogs } = await tg.getDialogs({ limit: 5 });
    expect(dialogs.length).toBeGreaterThan(0);
    expect(socks.log).toEqual([
      { event: 'connect', destination: '127.0.0.1:80', username: 'alice' },
    ]);
    const { bytesUp, bytesDown, connections } = socks.stats();
    expect(connections).toBe(1);
    expect(bytesUp).toBeGreaterThan(300);
    expect(bytesDown).toBeGreaterThan(300);
    expect(fake.requests.count('messages.GetDialogs')).toBeGreaterThan(0);
  });

  it('a wrong password is PROXY_AUTH_FAILED naming TG_PROXY, the password nowhere', async () => {
    const { fake, dataDir } = await world();
    const socks = await socksFor(fake);
    const stderr = captureStderr();
    const wrong = 'Wr0ng-pa55word';
    const proxy = loadProxyConfig({
      TG_PROXY: socks.url({ username: 'alice', password: wrong }),
    })!;
    const started = Date.now();
    const err = (await open(fake, dataDir, proxy).catch((e: unknown) => e)) as ProxyError;
    expect(err).toBeInstanceOf(ProxyError);
    expect(err.code).toBe('PROXY_AUTH_FAILED');
    expect(err.variable).toBe('TG_PROXY');
    expect(err.message).toMatch(/TG_PROXY \(socks5:\/\/alice:\*\*\*@127\.0\.0\.1:\d+\)/);
    expect(err.message).toMatch(/refused the user name or password/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(socks.stats().authFailures).toBeGreaterThan(0);
    expect(fake.requests.all().length).toBe(0);
    for (const text of [err.message, JSON.stringify(err), stderr()]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(PASSWORD);
    }
    // gramjs printed its error, scrubbed.
    expect(stderr()).toMatch(/Authentication failed/);
  });

  it('a proxy that is down is PROXY_UNREACHABLE within the request timeout', async () => {
    const { fake, dataDir } = await world();
    const port = await freePort();
    const proxy = loadProxyConfig({ TG_PROXY: `socks5://alice:${PASSWORD}@127.0.0.1:${port}` })!;
    captureStderr();
    const started = Date.now();
    const err = (await open(fake, dataDir, proxy, 15).catch((e: unknown) => e)) as ProxyError;
    expect(err).toBeInstanceOf(ProxyError);
    expect(err.code).toBe('PROXY_UNREACHABLE');
    expect(err.reason).toBe('refused');
    expect(err.message).toMatch(/connection refused/);
    expect(err.message).not.toContain(PASSWORD);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('TG_MTPROXY (the fake DC’s obfuscated2 front)', () => {
  it('reads through the MTProxy with a dd secret; the front counts the traffic', async () => {
    const { fake, dataDir } = await world({ secret: SECRET });
    const proxy = loadProxyConfig({ TG_MTPROXY: fake.mtproxy!.address })!;
    expect(proxy).toMatchObject({ kind: 'mtproxy', padding: true });
    const tg = await open(fake, dataDir, proxy);
    cleanup.push(() => tg.close());
    expect((await tg.getDialogs({ limit: 5 })).dialogs.length).toBeGreaterThan(0);
    const stats = fake.mtproxy!.stats();
    expect(stats.relayed).toBe(1);
    expect(stats.seen).toEqual([{ protocol: 'abridged', dcId: 2 }]);
    expect(stats.bytesIn).toBeGreaterThan(300);
    expect(stats.bytesOut).toBeGreaterThan(300);
    expect(fake.requests.count('messages.GetDialogs')).toBeGreaterThan(0);
  });

  it('an MTProxy that is down is PROXY_UNREACHABLE naming TG_MTPROXY, secret hidden', async () => {
    const { fake, dataDir } = await world({ secret: SECRET });
    await fake.mtproxy!.close();
    const proxy = loadProxyConfig({ TG_MTPROXY: fake.mtproxy!.address })!;
    const stderr = captureStderr();
    const err = (await open(fake, dataDir, proxy, 15).catch((e: unknown) => e)) as ProxyError;
    expect(err).toBeInstanceOf(ProxyError);
    expect(err.code).toBe('PROXY_UNREACHABLE');
    expect(err.message).toMatch(/TG_MTPROXY \(MTProxy 127\.0\.0\.1:\d+ \(dd secret hidden\)\)/);
    for (const text of [err.message, stderr()]) expect(text).not.toContain(SECRET.slice(2));
  });

  it('a wrong secret is a typed error within the request timeout', async () => {
    const { fake, dataDir } = await world({ secret: SECRET });
    const proxy = loadProxyConfig({
      TG_MTPROXY: `${fake.mtproxy!.host}:${fake.mtproxy!.port}:${'ab'.repeat(16)}`,
    })!;
    captureStderr();
    const started = Date.now();
    const err = (await open(fake, dataDir, proxy, 5).catch((e: unknown) => e)) as Error & {
      code?: string;
    };
    expect(err).toBeInstanceOf(ProxyError);
    expect(err.code).toBe('PROXY_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(fake.mtproxy!.stats().rejected).toBeGreaterThan(0);
  });
});

describe('probeProxy (doctor)', () => {
  it('checks SOCKS5 credentials and reachability without Telegram', async () => {
    const socks = await startSocks5Proxy({ auth: { username: 'alice', password: PASSWORD } });
    cleanup.push(() => socks.close());
    const good = await probeProxy(
      loadProxyConfig({ TG_PROXY: socks.url({ username: 'alice', password: PASSWORD }) })!,
    );
    expect(good).toMatchObject({ ok: true, detail: 'reachable, credentials accepted' });
    const bad = await probeProxy(
      loadProxyConfig({ TG_PROXY: socks.url({ username: 'alice', password: 'nope-nope' }) })!,
    );
    expect(bad.ok || bad.error.code).toBe('PROXY_AUTH_FAILED');
    const none = await probeProxy(loadProxyConfig({ TG_PROXY: socks.url() })!);
    expect(none.ok || none.error.code).toBe('PROXY_AUTH_FAILED');
    const down = await probeProxy(
      loadProxyConfig({ TG_PROXY: `socks5://127.0.0.1:${await freePort()}` })!,
    );
    expect(down.ok || down.error.reason).toBe('refused');
  });
});
