// A real Redis for tests: REDIS_URL if set, else a private redis-server on a free loopback port.
// In CI the Redis tests must run: without a server there, this throws instead of skipping.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

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

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startTestRedis(): Promise<TestRedis | null> {
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
    console.warn(
      '[actions tests] redis-server not found and REDIS_URL unset: Redis tests are skipped',
    );
    return null;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
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

/** Deletes every key under `prefix`, so runs against a shared REDIS_URL leave nothing behind. */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  const escaped = prefix.replace(/[*?[\]\\]/g, '\\$&');
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${escaped}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}
