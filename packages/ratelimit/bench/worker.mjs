// A bench child (forked by lib/children.mjs). It sets up, warms up, says "ready", waits for the
// parent's common start time, runs, and sends its figures back over IPC.
//   latency:  one subject's op in a tight loop for `durationMs`; sends per-op latencies (ns).
//   envelope: acquire() on a shared rate 50/s, burst 10 limiter; sends each grant's `at`.
//   fairness, priority: see lib/fairness-jobs.mjs.
import { Redis } from 'ioredis';
import { createRateLimiter, fileStore } from '../dist/index.js';
import { redisStore } from '../dist/redis.js';
import { collectGrants } from './lib/envelope.mjs';
import { fairness, priority } from './lib/fairness-jobs.mjs';
import { makeSubject } from './lib/subjects.mjs';
import { warmUp } from './lib/stats.mjs';

const job = JSON.parse(process.argv[2]);
const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
const go = new Promise((resolve) => process.once('message', (m) => resolve(m.startAt)));
// The parent is gone (killed or failed): stop rather than run on unobserved.
process.once('disconnect', () => process.exit(1));

async function latency() {
  const subject = await makeSubject(job.subject, job.ctx);
  await warmUp(subject.op, job.warmup);
  process.send({ type: 'ready' });
  const startAt = await go;
  await sleepUntil(startAt);
  const lateMs = Date.now() - startAt;
  const end = startAt + job.durationMs;
  const lat = [];
  while (Date.now() < end) {
    const t = process.hrtime.bigint();
    await subject.op();
    lat.push(Number(process.hrtime.bigint() - t));
  }
  await subject.close();
  return { lat, lateMs };
}

async function envelope() {
  const client = job.store === 'redis' ? new Redis(job.redisUrl) : undefined;
  const store = client
    ? redisStore({ client, prefix: 'bench:envelope:' })
    : fileStore({ dir: job.dir });
  // Warm the connection / directory and the JIT on another key, so the shared bucket is full.
  const warm = createRateLimiter({ rate: 1e9, burst: 1e9, store, key: `${job.key}-warm` });
  await warmUp(() => warm.acquire(), 50);
  const limiter = createRateLimiter({ rate: job.rate, burst: job.burst, store, key: job.key });
  process.send({ type: 'ready' });
  const startAt = await go;
  await sleepUntil(startAt);
  const lateMs = Date.now() - startAt;
  const grants = await collectGrants(limiter, startAt + job.durationMs);
  client?.disconnect();
  return { grants, lateMs };
}

const started = async () => {
  process.send({ type: 'ready' });
  return go;
};
const modes = {
  latency,
  envelope,
  fairness: () => fairness(job, started),
  priority: () => priority(job, started),
};
const result = await modes[job.mode]();
process.send({ type: 'result', ...result }, () => process.exit(0));
