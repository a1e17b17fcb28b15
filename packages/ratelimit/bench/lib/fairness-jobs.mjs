// Bench children for the fairness and priority sections (run by worker.mjs). Each opens its
// subject on the shared store, warms up, says "ready", waits for the common start, runs its loop
// and returns what it saw: grant times, per-call waits (ms) and store operations.
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Our limiter (`ours`: dist/; `before`: the polling build) on a store whose calls are counted. */
async function openLimiterStore(job) {
  const base = job.impl === 'before' ? job.beforeDir : new URL('../../dist', import.meta.url).href;
  const lib = await import(`${base}/index.js`);
  const client = job.store === 'redis' ? new Redis(job.redisUrl) : undefined;
  const store = client
    ? (await import(`${base}/redis.js`)).redisStore({ client, prefix: `bench:fair:${job.key}:` })
    : lib.fileStore({ dir: job.dir });
  const counts = { ops: 0 };
  const counted = {
    ...store,
    take: (key, request, now) => {
      if (request.cost > 0) counts.ops++;
      return store.take(key, request, now);
    },
    refund: (key, request, now) => {
      counts.ops++;
      return store.refund(key, request, now);
    },
  };
  const warm = lib.createRateLimiter({ rate: 1e9, burst: 1e9, store, key: `${job.key}-warm` });
  for (let i = 0; i < 50; i++) await warm.acquire();
  const limiter = lib.createRateLimiter({
    rate: job.rate,
    burst: job.burst,
    store: counted,
    key: job.key,
  });
  return { limiter, counts, close: () => client?.disconnect() };
}

/** Something that grants one request when awaited, and what it counts. */
async function openSubject(job) {
  if (job.impl === 'ours' || job.impl === 'before') {
    const { limiter, counts, close } = await openLimiterStore(job);
    return { acquire: async () => (await limiter.acquire()).at, counts, close };
  }
  if (job.impl === 'rlf') {
    // rate-limiter-flexible has no wait of its own across processes: consume, and on a refusal
    // sleep msBeforeNext and try again (its documented pattern). A fixed window of 1 s.
    const client = new Redis(job.redisUrl);
    const rl = new RateLimiterRedis({
      storeClient: client,
      points: job.rate,
      duration: 1,
      keyPrefix: `bench:fair:rlf:${job.key}`,
    });
    const counts = { ops: 0 };
    const acquire = async () => {
      for (;;) {
        counts.ops++;
        try {
          await rl.consume('k');
          return Date.now();
        } catch (res) {
          if (res instanceof Error) throw res;
          await sleep(res.msBeforeNext);
        }
      }
    };
    return { acquire, counts, close: () => client.disconnect() };
  }
  if (job.impl === 'bottleneck') {
    // bottleneck's Redis cluster mode: minTime spaces jobs across every process; its own queue.
    const { hostname, port } = new URL(job.redisUrl);
    const b = new Bottleneck({
      minTime: 1000 / job.rate,
      datastore: 'ioredis',
      clientOptions: { host: hostname, port: Number(port) },
      id: `bench-fair-${job.key}`,
      clearDatastore: false,
      timeout: 60_000,
    });
    await b.ready();
    return {
      acquire: () => b.schedule(() => Promise.resolve(Date.now())),
      counts: { ops: undefined },
      close: () => b.disconnect(),
    };
  }
  throw new Error(`unknown impl ${job.impl}`);
}

/** Each process: acquire() in a loop until the end; every grant's time and wait. */
export async function fairness(job, started) {
  const subject = await openSubject(job);
  const startAt = await started();
  await sleep(startAt - Date.now());
  const lateMs = Date.now() - startAt;
  const end = startAt + job.durationMs;
  const grants = [];
  const waits = [];
  // How long after its grant time (the slot, on the store's clock) each call returned: the
  // part of a wait that is the store's round trip and timer lateness, not the queue.
  const after = [];
  while (Date.now() < end) {
    const t = performance.now();
    const at = await subject.acquire();
    waits.push(performance.now() - t);
    after.push(Date.now() - at);
    grants.push(at);
  }
  const ops = subject.counts.ops;
  await subject.close();
  return { grants, waits, after, ops, lateMs };
}

/**
 * Process 0 exports: 4 concurrent acquire() loops as bulk. Process 1 makes an interactive call
 * every 80-160 ms and times it, and one store round trip (`stats()`, one take of 0) before it.
 */
export async function priority(job, started) {
  const { limiter, close } = await openLimiterStore(job);
  const bulk = job.index === 0;
  const klass = job.impl === 'ours' ? (bulk ? 'bulk' : 'interactive') : bulk ? -1 : 1;
  const startAt = await started();
  await sleep(startAt - Date.now());
  const end = startAt + job.durationMs;
  const grants = [];
  const waits = [];
  const rtts = [];
  if (bulk) {
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < end) grants.push((await limiter.acquire({ priority: klass })).at);
      }),
    );
  } else {
    await sleep(300); // the exporter has spent the burst
    while (Date.now() < end - 200) {
      await sleep(80 + Math.random() * 80);
      let t = performance.now();
      await limiter.stats();
      rtts.push(performance.now() - t);
      t = performance.now();
      grants.push((await limiter.acquire({ priority: klass })).at);
      waits.push(performance.now() - t);
    }
  }
  await close();
  return { grants, waits, rtts };
}
