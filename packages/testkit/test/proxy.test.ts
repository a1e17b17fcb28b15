// Real gramjs through the testkit's proxies: the MTProxy front (obfuscated2, plain and dd
// secrets) and the SOCKS5 relay, each proving by its counters that the traffic went through it.
import { TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/client-options.js';
import { type FakeTelegram, startFakeTelegram } from '../src/fake-telegram.js';
import { startSocks5Proxy } from '../src/proxy/socks5.js';
import { demoWorld } from '../src/world/demo.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

function client(fake: FakeTelegram, proxy: ProxyInterface, redirect: boolean): TelegramClient {
  const c = new TelegramClient(new StringSession(fake.sessionString), 1, 'x', {
    ...(redirect ? fake.connectOptions : {}),
    connectionRetries: 1,
    retryDelay: 10,
    autoReconnect: false,
    baseLogger: silentLogger(),
    proxy,
  });
  cleanup.push(() => c.destroy());
  return c;
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, j) => setTimeout(() => j(new Error('timeout')), ms))]);

describe('MTProxy front', () => {
  for (const [name, secret] of [
    ['plain secret', '0123456789abcdef0123456789abcdef'],
    ['dd secret', 'dd0123456789abcdef0123456789abcdef'],
  ] as const)
    it(`relays gramjs to the DC (${name}), also with the DC's redirecting socket`, async () => {
      const fake = await startFakeTelegram({ world: demoWorld(), mtproxy: { secret } });
      cleanup.push(() => fake.close());
      const front = fake.mtproxy!;
      for (const redirect of [false, true]) {
        const c = client(
          fake,
          { ip: front.host, port: front.port, secret, MTProxy: true },
          redirect,
        );
        expect(await within(c.connect(), 10_000)).toBe(true);
        const me = await within(c.getMe(), 10_000);
        expect((me as { username?: string }).username).toBe('demo_user');
        await c.destroy();
      }
      const stats = front.stats();
      expect(stats.relayed).toBe(2);
      expect(stats.seen).toEqual([
        { protocol: 'abridged', dcId: 2 },
        { protocol: 'abridged', dcId: 2 },
      ]);
      expect(stats.bytesIn).toBeGreaterThan(100);
      expect(stats.bytesOut).toBeGreaterThan(100);
      expect(fake.requests.count('users.GetUsers')).toBe(2);
    });

  it('hangs up on a client with the wrong secret', async () => {
    const fake = await startFakeTelegram({ world: demoWorld(), mtproxy: {} });
    cleanup.push(() => fake.close());
    const front = fake.mtproxy!;
    const c = client(
      fake,
      { ip: front.host, port: front.port, secret: 'ff'.repeat(16), MTProxy: true },
      false,
    );
    void c.connect().catch(() => undefined);
    await expect.poll(() => front.stats().rejected, { timeout: 5000 }).toBeGreaterThan(0);
    expect(front.stats().relayed).toBe(0);
    expect(fake.requests.count('help.GetConfig')).toBe(0);
  });
});

describe('SOCKS5 relay', () => {
  it('relays gramjs (its own SOCKS client, no socket override) and logs it', async () => {
    const fake = await startFakeTelegram({ world: demoWorld() });
    cleanup.push(() => fake.close());
    const auth = { username: 'alice', password: 'p@ss word' };
    const socks = await startSocks5Proxy({
      auth,
      routes: { '127.0.0.1:80': { host: fake.host, port: fake.port } },
    });
    cleanup.push(() => socks.close());
    const c = client(
      fake,
      { ip: socks.host, port: socks.port, socksType: 5, ...auth, timeout: 5 },
      false,
    );
    expect(await within(c.connect(), 10_000)).toBe(true);
    await within(c.getMe(), 10_000);
    expect(socks.log).toEqual([
      { event: 'connect', destination: '127.0.0.1:80', username: 'alice' },
    ]);
    expect(socks.stats().bytesUp).toBeGreaterThan(100);
    expect(socks.stats().bytesDown).toBeGreaterThan(100);
    expect(socks.url(auth)).toBe(`socks5://alice:p%40ss%20word@127.0.0.1:${socks.port}`);
  });

  it('never relays outside loopback', async () => {
    const socks = await startSocks5Proxy({});
    cleanup.push(() => socks.close());
    const { SocksClient } = await import('telegram/extensions/socks.js');
    await expect(
      SocksClient.createConnection({
        proxy: { host: socks.host, port: socks.port, type: 5 },
        command: 'connect',
        destination: { host: '192.0.2.1', port: 443 },
        timeout: 3000,
      }),
    ).rejects.toThrow(/rejected|not allowed/i);
    expect(socks.log).toEqual([{ event: 'denied', destination: '192.0.2.1:443' }]);
  });
});
