// A real Redis for tests: REDIS_URL if set, else a private redis-server on a free loopback port.
// In CI the Redis tests must run: without a server there, this throws instead of skipping.
// The readiness check speaks RESP over a plain socket, so no Redis client is needed here.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function pingOnce(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 6379), hostname || '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pingOnce(url))) {
    if (Date.now() > deadline) throw new Error(`Redis at ${url} did not answer PING`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `label` names the suite in the "skipped" warning (`ratelimit tests`). */
export async function startTestRedis(label = 'tests'): Promise<TestRedis | null> {
  if (process.env.REDIS_URL) {
    await waitForPing(process.env.REDIS_URL, 5000);
    return { url: process.env.REDIS_URL, stop: async () => {} };
  }
  const binary = process.env.TGMCP_REDIS_SERVER ?? 'redis-server';
  const found = spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found) {
    if (process.env.CI === 'true') {
      throw new Error(
        'Redis tests must run in CI: install redis-server (apt-get install -y redis-server) or set REDIS_URL',
      );
    }
    console.warn(`[${label}] redis-server not found and REDIS_URL unset: Redis tests are skipped`);
    return null;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, 10_000);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
