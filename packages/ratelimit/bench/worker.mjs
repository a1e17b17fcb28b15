// A bench child: `latency` mode runs N asks and prints their latencies; `envelope` mode shares
// a 50 req/s, burst 10 limiter for a few seconds and prints the grant times.
import { Redis } from 'ioredis';
import { createRateLimiter, fileStore } from '../dist/index.js';
import { redisStore } from '../dist/redis.js';
import { makeSubject } from './lib/subjects.mjs';

const job = JSON.parse(process.argv[2]);
const until = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

if (job.mode === 'latency') {
  const subject = await makeSubject(job.subject, job.ctx);
  for (let i = 0; i < 200; i++) await subject.op();
  await until(job.startAt);
  const lat = [];
  for (let i = 0; i < job.count; i++) {
    const t = process.hrtime.bigint();
    await subject.op();
    lat.push(Number(process.hrtime.bigint() - t));
  }
  await subject.close();
  process.stdout.write(JSON.stringify({ lat }));
} else if (job.mode === 'paced') {
  // One ask every `intervalMs` (tryAcquire: never waits for a token), timing the store's work.
  let client;
  const store =
    job.store === 'redis'
      ? redisStore({ client: (client = new Redis(job.redisUrl)), prefix: `paced:${job.key}:` })
      : fileStore({ dir: job.dir });
  const limiter = createRateLimiter({ rate: job.rate, burst: job.burst, store, key: job.key });
  // Warm up (directory checks, JIT) before the clock starts, as a long-running process would be.
  for (let i = 0; i < 20; i++) await limiter.tryAcquire();
  await until(job.startAt + Math.random() * job.intervalMs);
  const lat = [];
  while (Date.now() < job.startAt + job.durationMs) {
    const t = process.hrtime.bigint();
    await limiter.tryAcquire();
    lat.push(Number(process.hrtime.bigint() - t));
    await new Promise((r) => setTimeout(r, job.intervalMs * (0.5 + Math.random())));
  }
  client?.disconnect();
  process.stdout.write(JSON.stringify({ lat }));
} else {
  let client;
  const store =
    job.store === 'redis'
      ? redisStore({ client: (client = new Redis(job.redisUrl)), prefix: `env:${job.key}:` })
      : fileStore({ dir: job.dir });
  const limiter = createRateLimiter({ rate: job.rate, burst: job.burst, store, key: job.key });
  await until(job.startAt);
  const grants = [];
  const signal = AbortSignal.timeout(job.startAt + job.durationMs - Date.now());
  try {
    for (;;) grants.push((await limiter.acquire({ signal })).at);
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  client?.disconnect();
  process.stdout.write(JSON.stringify({ grants }));
}
