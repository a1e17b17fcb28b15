// Section 1: one process, sequential awaits, each op timed with process.hrtime.bigint().
// Also measures the Redis PING baseline, interleaved with our acquire on the same connection.
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { ops, ratio, table, us } from '../lib/format.mjs';
import { makeSubject } from '../lib/subjects.mjs';
import { summarize, throughput, timeEach, timeInterleaved, warmUp } from '../lib/stats.mjs';

// [store, subject, timed ops, untimed ops for ops/s, warm-up ops]
const PLAN = [
  ['memory', 'ours-memory', 200_000, 200_000, 20_000],
  ['memory', 'rlf-memory', 200_000, 200_000, 20_000],
  ['memory', 'bottleneck-memory', 300, 200, 50],
  ['file', 'ours-file', 5_000, 2_000, 300],
  ['redis', 'ours-redis', 20_000, 5_000, 1_000],
  ['redis', 'rlf-redis', 20_000, 5_000, 1_000],
  ['redis', 'bottleneck-redis', 2_000, 500, 100],
];

export async function uncontended({ root, redisUrl, runId, say }) {
  const out = {};
  // What the harness itself adds to every timed op: two clock reads and one await.
  const noop = () => Promise.resolve();
  await warmUp(noop, 50_000);
  out.harness = summarize(await timeEach(noop, 200_000));

  for (const [store, name, count, tputCount, warm] of PLAN) {
    if (store === 'redis' && !redisUrl) continue;
    const dir = store === 'file' ? await mkdtemp(path.join(root, 'single-')) : undefined;
    const subject = await makeSubject(name, { dir, redisUrl, key: `single-${runId}` });
    try {
      await warmUp(subject.op, warm);
      if (name === 'ours-redis') {
        // PING over the very connection the store uses, alternating blocks with acquire().
        const ping = () => subject.client.ping();
        await warmUp(ping, warm);
        const { a, b } = await timeInterleaved(subject.op, ping, count);
        out[name] = summarize(a);
        out['redis-ping'] = { ...summarize(b), rate: await throughput(ping, tputCount) };
      } else {
        out[name] = summarize(await timeEach(subject.op, count));
      }
      out[name].rate = await throughput(subject.op, tputCount);
    } finally {
      await subject.close();
    }
  }

  say('\n1. Uncontended: one process, sequential `await op()`, after warm-up');
  const rows = [];
  const row = (store, label, name) => {
    const r = out[name];
    const o = out[`ours-${store}`];
    const isOurs = name.startsWith('ours-');
    rows.push([
      store,
      label,
      r ? ops(r.rate) : 'n/a',
      r ? us(r.p50) : 'n/a',
      r ? us(r.p99) : 'n/a',
      isOurs || !r ? '' : ratio(o?.p50, r.p50),
      isOurs || !r ? '' : ratio(o?.rate, r.rate),
    ]);
  };
  row('memory', 'ours (memoryStore)', 'ours-memory');
  row('memory', 'rate-limiter-flexible', 'rlf-memory');
  row('memory', 'bottleneck', 'bottleneck-memory');
  row('file', 'ours (fileStore)', 'ours-file');
  rows.push(['file', 'baseline', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
  if (redisUrl) {
    row('redis', 'ours (redisStore)', 'ours-redis');
    row('redis', 'rate-limiter-flexible', 'rlf-redis');
    row('redis', 'bottleneck', 'bottleneck-redis');
    row('redis', 'PING, same connection', 'redis-ping');
  } else {
    rows.push(['redis', 'skipped (no Redis)', '', '', '', '', '']);
  }
  say(
    table(
      ['store', 'subject', 'ops/s', 'p50', 'p99', 'ours p50 / this p50', 'ours ops/s / this ops/s'],
      rows,
    ),
  );
  say(
    `(p50/p99 include the harness: an awaited no-op measures p50 ${us(out.harness.p50)}, p99 ${us(out.harness.p99)};` +
      ' ops/s from a separate loop without clock reads. Latency ratio < 1 and ops/s ratio > 1 favour ours.)',
  );
  return out;
}
