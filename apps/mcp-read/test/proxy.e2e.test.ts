// TG_PROXY / TG_MTPROXY over stdio with the real MCP SDK client: the server runs with no
// testkit socket override (TGMCP_TESTKIT_DC unset), exactly as a user runs it; the proxy and the
// fake DC count the traffic. A proxy down or refusing is a typed error and the server stays up.
import { createServer } from 'node:net';
import { createSessionStore } from '@tgmcp/telegram';
import { demoWorld, startFakeTelegram, startSocks5Proxy } from '@tgmcp/testkit';
import { Cleanup, cliRunner, serverEnv } from '@tgmcp/testkit/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, errorOf, startServer } from './harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const USER = { username: 'alice', password: 'S0cks-Pa55' };
const SECRET = 'dd0f1e2d3c4b5a69788796a5b4c3d2e1f0';
// No socket override: gramjs dials the DC itself, through the proxy.
const DIRECT = { TGMCP_TESTKIT_DC: '', TG_REQUEST_TIMEOUT_SEC: '15' };

async function fakeDc(mtproxy?: { secret: string }) {
  const fake = await startFakeTelegram({ world: demoWorld(), mtproxy });
  cleanup.add(() => fake.close());
  return fake;
}

async function socksTo(fake: { host: string; port: number }, port?: number) {
  const socks = await startSocks5Proxy({
    auth: USER,
    port,
    // gramjs dials the session's DC address on port 80: behind this proxy that is the fake DC.
    routes: { '127.0.0.1:80': { host: fake.host, port: fake.port } },
  });
  cleanup.add(() => socks.close());
  return socks;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

const text = (r: unknown) => JSON.stringify(r);

describe('read server through a proxy', { timeout: 60_000 }, () => {
  it('TG_PROXY: a tool call answered through a real SOCKS5 server, counted there and at the DC', async () => {
    const fake = await fakeDc();
    const socks = await socksTo(fake);
    const s = await startServer({ fake, env: { ...DIRECT, TG_PROXY: socks.url(USER) } });
    const r = await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    expect(r.isError, text(r.content)).toBeFalsy();
    expect((r.structuredContent as { dialogs: unknown[] }).dialogs).toHaveLength(3);
    expect(socks.log).toEqual([
      { event: 'connect', destination: '127.0.0.1:80', username: 'alice' },
    ]);
    expect(socks.stats().bytesUp).toBeGreaterThan(300);
    expect(socks.stats().bytesDown).toBeGreaterThan(300);
    expect(fake.requests.count('messages.GetDialogs')).toBeGreaterThan(0);
    expect(s.protocolErrors).toEqual([]);
    expect(s.stderr()).not.toContain(USER.password);
  });

  it('TG_MTPROXY: a tool call answered through the fake DC’s MTProxy front (dd secret)', async () => {
    const fake = await fakeDc({ secret: SECRET });
    const s = await startServer({ fake, env: { ...DIRECT, TG_MTPROXY: fake.mtproxy!.address } });
    const r = await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    expect(r.isError, text(r.content)).toBeFalsy();
    const stats = fake.mtproxy!.stats();
    expect(stats.relayed).toBeGreaterThan(0);
    expect(stats.bytesIn).toBeGreaterThan(300);
    expect(stats.bytesOut).toBeGreaterThan(300);
    expect(fake.requests.count('messages.GetDialogs')).toBeGreaterThan(0);
  });

  it('proxy down: PROXY_UNREACHABLE within the request timeout, the server stays up and recovers', async () => {
    const fake = await fakeDc();
    const port = await freePort();
    const s = await startServer({
      fake,
      env: { ...DIRECT, TG_PROXY: `socks5://alice:${USER.password}@127.0.0.1:${port}` },
    });
    const started = Date.now();
    const r = await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    expect(Date.now() - started).toBeLessThan(15_000);
    const err = errorOf(r);
    expect(err.code).toBe('PROXY_UNREACHABLE');
    expect(err.message).toMatch(
      /TG_PROXY \(socks5:\/\/alice:\*\*\*@127\.0\.0\.1:\d+\): connection refused/,
    );
    expect(text(r) + s.stderr()).not.toContain(USER.password);
    // Still serving: a tool that needs no connection answers, and once the proxy is up, reads do.
    expect(
      (await s.client.callTool({ name: 'tg_list_sessions', arguments: {} })).isError,
    ).toBeFalsy();
    const socks = await socksTo(fake, port);
    const again = await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    expect(again.isError, text(again.content)).toBeFalsy();
    expect(socks.stats().connections).toBe(1);
  });

  it('a wrong proxy password: PROXY_AUTH_FAILED, the password nowhere', async () => {
    const fake = await fakeDc();
    const socks = await socksTo(fake);
    const wrong = 'Wr0ng-S0cks';
    const s = await startServer({
      fake,
      env: { ...DIRECT, TG_PROXY: socks.url({ username: 'alice', password: wrong }) },
    });
    const r = await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    expect(errorOf(r).code).toBe('PROXY_AUTH_FAILED');
    expect(socks.stats().authFailures).toBeGreaterThan(0);
    expect(text(r) + s.stderr()).not.toContain(wrong);
  });
});

describe('startup and doctor', { timeout: 60_000 }, () => {
  function dataDirWith(fake: { sessionString: string; world: { self: { id: number } } }) {
    const dataDir = cleanup.tempDir('tgmcp-proxy-e2e-');
    createSessionStore({ dataDir }).save('main', {
      session: fake.sessionString,
      source: 'test',
      account: { id: String(fake.world.self.id) },
    });
    // No fake DC override: gramjs dials through the proxy as for a user.
    return serverEnv({ dataDir });
  }

  const cli = cliRunner(CLI, { timeoutMs: 30_000 }).run;

  it('refuses an http:// TG_PROXY at startup, naming the variable, without echoing it', async () => {
    const env = { PATH: process.env.PATH ?? '', TG_PROXY: 'http://bob:hunter2@proxy:3128' };
    const r = await cli(['doctor'], env);
    expect(r.stdout).toMatch(/fail\s+config\s+TG_PROXY: HTTP proxies are not supported/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    const serve = await cli([], env);
    expect(serve.code).not.toBe(0);
    expect(serve.stderr).toMatch(/TG_PROXY: HTTP proxies are not supported/);
    expect(serve.stderr).not.toContain('hunter2');
  });

  it('doctor checks the proxy and connects to Telegram through it', async () => {
    const fake = await fakeDc({ secret: SECRET });
    const socks = await socksTo(fake);
    const env = dataDirWith(fake);
    const ok = await cli(['doctor'], { ...env, TG_PROXY: socks.url(USER) });
    expect(ok.stdout).toMatch(
      /ok\s+proxy\s+socks5:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(TG_PROXY\): reachable, credentials accepted/,
    );
    expect(ok.stdout).toMatch(/ok\s+session\s+main: @demo_user/);
    expect(ok.stdout).not.toContain(USER.password);
    // `status` connects through it too.
    const before = socks.stats().connections;
    const status = await cli(['status'], { ...env, TG_PROXY: socks.url(USER) });
    expect(status.stdout).toMatch(/session main: logged in as @demo_user/);
    expect(socks.stats().connections).toBe(before + 1);

    const bad = await cli(['doctor'], {
      ...env,
      TG_PROXY: socks.url({ username: 'alice', password: 'nope-nope' }),
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/fail\s+proxy\s+PROXY_AUTH_FAILED: .*TG_PROXY/);
    expect(bad.stdout).toMatch(/fix: set the proxy's user name and password in TG_PROXY/);
    expect(bad.stdout + bad.stderr).not.toContain('nope-nope');

    const mt = await cli(['doctor'], { ...env, TG_MTPROXY: fake.mtproxy!.address });
    expect(mt.stdout).toMatch(/ok\s+proxy\s+MTProxy 127\.0\.0\.1:\d+ \(dd secret hidden\)/);
    expect(mt.stdout).toMatch(/ok\s+session\s+main: @demo_user/);
    expect(mt.stdout + mt.stderr).not.toContain(SECRET.slice(2));
  });
});
