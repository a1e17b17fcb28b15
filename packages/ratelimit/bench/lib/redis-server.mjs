// A Redis for the bench: REDIS_URL if set, else a private redis-server on a free loopback port,
// killed on stop() and, failing that, when this process exits or is interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function waitForPing(url, timeoutMs, exited) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`redis-server exited before answering PING on ${url}`);
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

/**
 * Returns { url, source, stop } or null when there is no Redis to use. Throws when CI=true and
 * there is none: the Redis figures are part of the bench there.
 */
export async function startRedis() {
  if (process.env.REDIS_URL) {
    await waitForPing(process.env.REDIS_URL, 5000, () => false);
    return { url: process.env.REDIS_URL, source: 'REDIS_URL', stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    if (process.env.CI === 'true') {
      throw new Error('CI=true but no redis-server binary and no REDIS_URL: cannot bench Redis');
    }
    return null;
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  child.on('error', () => (exited = true));
  const killNow = () => {
    if (!exited) child.kill('SIGKILL');
  };
  const onSignal = (signal) => {
    killNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const url = `redis://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      process.off('exit', killNow);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitForPing(url, 10_000, () => exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, source: `redis-server (pid ${child.pid}) on port ${port}`, stop };
}

/** Version of the server at `url`, e.g. "7.0.15". */
export async function redisVersion(url) {
  const client = new Redis(url);
  try {
    const info = await client.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
}
