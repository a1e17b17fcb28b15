// A child process for the Redis cross-process tests. Reads a JSON job from argv, runs it against
// the BUILT package (dist/) with a Redis state store, prints one JSON line on stdout.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createApprovalStore, createIdempotencyStore } from '../../dist/index.js';
import { redisStateStore } from '../../dist/redis.js';

const job = JSON.parse(process.argv[2]);
const client = new Redis(job.url);
const state = redisStateStore({ client, prefix: job.prefix, onWarning: () => {} });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (t) => sleep(Math.max(0, t - Date.now()));
const out = (x) => process.stdout.write(`${JSON.stringify(x)}\n`);

try {
  await client.ping();
  if (job.kind === 'increment') {
    await sleepUntil(job.startAt);
    for (let i = 0; i < job.times; i++) await state.update('counter', (n) => (n ?? 0) + 1);
    out({ done: job.times });
  } else if (job.kind === 'idem-race') {
    const idem = createIdempotencyStore({
      store: state,
      enabled: true,
      windowSec: 3600,
      leaseSec: 60,
    });
    await sleepUntil(job.startAt);
    let outcome;
    try {
      const claim = await idem.claim(job.hash);
      if (claim.kind === 'claimed') {
        appendFileSync(path.join(job.dir, 'executions.log'), `${process.pid}\n`);
        await sleep(job.holdMs);
        await idem.complete(job.hash, claim.token, { by: process.pid });
        outcome = 'executed';
      } else outcome = `duplicate-of-${claim.result.by}`;
    } catch (err) {
      outcome = err.code;
    }
    out({ outcome });
  } else if (job.kind === 'idem-many') {
    // Every process claims all the hashes at once, so most claims collide with another's.
    const idem = createIdempotencyStore({
      store: state,
      enabled: true,
      windowSec: 3600,
      leaseSec: 60,
    });
    await sleepUntil(job.startAt);
    const outcomes = await Promise.all(
      job.hashes.map(async (hash) => {
        try {
          const claim = await idem.claim(hash);
          if (claim.kind !== 'claimed') return 'duplicate';
          appendFileSync(path.join(job.dir, 'executions.log'), `${hash} ${process.pid}\n`);
          await idem.complete(hash, claim.token, { by: process.pid });
          return 'executed';
        } catch (err) {
          return err.code;
        }
      }),
    );
    out({ outcomes });
  } else if (job.kind === 'consume-race') {
    const approvals = createApprovalStore({ store: state, ttlSec: 600, minAgeSec: 0 });
    await sleepUntil(job.startAt);
    try {
      await approvals.consume(job.requestId, job.binding);
      out({ outcome: 'consumed' });
    } catch (err) {
      out({ outcome: err.code });
    }
  } else throw new Error(`unknown job ${job.kind}`);
} finally {
  await client.quit();
}
