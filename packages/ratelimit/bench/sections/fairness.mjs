// Sections 5 and 6 (issue 14): fair waits across processes, and priorities across processes.
// 5. 8 processes share rate 50/s, burst 10 for 3 s, each calling acquire() in a loop: the polling
//    limiter (before), ours (reservations), and on Redis rate-limiter-flexible and bottleneck;
//    every grant's time, every call's wait, store operations per grant.
// 6. Process A makes an interactive call every 80-160 ms while process B exports (4 loops as
//    bulk): A's waits against one slot interval + one store round trip measured in A.
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { runChildren } from '../lib/children.mjs';
import { envelopeSummary } from '../lib/envelope.mjs';
import { pct, ratio, table } from '../lib/format.mjs';

const PROCS = 8;
const RATE = 50;
const BURST = 10;
const DURATION_MS = 3000;
const INTERVAL_MS = 1000 / RATE;
const FAIR_MS = (PROCS * 1000) / RATE;
const LABEL = {
  before: 'before (polling)',
  ours: 'ours (reservations)',
  rlf: 'rate-limiter-flexible',
  bottleneck: 'bottleneck',
};

const quantile = (values, q) => {
  const s = Float64Array.from(values).sort();
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : undefined;
};
const msf = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)} ms`);

async function fairRun(ctx, store, impl) {
  const dir = store === 'file' ? await mkdtemp(path.join(ctx.root, 'fair-')) : undefined;
  const spec = { rate: RATE, burst: BURST, durationMs: DURATION_MS };
  const job = {
    mode: 'fairness',
    impl,
    store,
    dir,
    redisUrl: ctx.redisUrl,
    beforeDir: ctx.beforeDir,
    key: `fair-${ctx.runId}-${store}-${impl}`,
    ...spec,
  };
  const { startAt, results } = await runChildren(job, PROCS);
  const grants = results.flatMap((r) => r.grants);
  const waits = results.flatMap((r) => r.waits);
  const after = results.flatMap((r) => r.after);
  const ops = results.every((r) => r.ops !== undefined)
    ? results.reduce((s, r) => s + r.ops, 0)
    : undefined;
  return {
    ...envelopeSummary(grants, { ...spec, startAt }),
    p50: quantile(waits, 0.5),
    p99: quantile(waits, 0.99),
    max: Math.max(...waits),
    afterP99: quantile(after, 0.99),
    opsPerGrant: ops === undefined ? undefined : ops / grants.length,
    perProcess: results.map((r) => r.grants.length),
    maxLateMs: Math.max(...results.map((r) => r.lateMs)),
  };
}

async function priorityRun(ctx, store, impl) {
  const dir = store === 'file' ? await mkdtemp(path.join(ctx.root, 'prio-')) : undefined;
  const spec = { rate: RATE, burst: BURST, durationMs: DURATION_MS };
  const job = {
    mode: 'priority',
    impl,
    store,
    dir,
    redisUrl: ctx.redisUrl,
    beforeDir: ctx.beforeDir,
    key: `prio-${ctx.runId}-${store}-${impl}`,
    ...spec,
  };
  const { startAt, results } = await runChildren(job, 2);
  const [bulk, interactive] = results;
  const rttP99 = quantile(interactive.rtts, 0.99);
  return {
    ...envelopeSummary([...bulk.grants, ...interactive.grants], { ...spec, startAt }),
    calls: interactive.waits.length,
    p50: quantile(interactive.waits, 0.5),
    p99: quantile(interactive.waits, 0.99),
    max: Math.max(...interactive.waits),
    rttP50: quantile(interactive.rtts, 0.5),
    rttP99,
    bound: INTERVAL_MS + rttP99,
    bulkGrants: bulk.grants.length,
  };
}

export async function fairnessSections(ctx) {
  const { say, redisUrl } = ctx;
  const stores = redisUrl ? ['file', 'redis'] : ['file'];
  const fair = {};
  for (const store of stores) {
    for (const impl of store === 'redis'
      ? ['before', 'ours', 'rlf', 'bottleneck']
      : ['before', 'ours']) {
      fair[`${store}/${impl}`] = await fairRun(ctx, store, impl);
    }
  }
  say(
    `\n5. Fair waits: ${PROCS} processes share rate ${RATE}/s, burst ${BURST}, ${DURATION_MS / 1000} s, each calling` +
      ` acquire() in a loop; fair share = ${PROCS} / ${RATE}/s = ${FAIR_MS} ms. Wait = time in acquire().` +
      ' rate-limiter-flexible: consume(), on refusal sleep msBeforeNext and retry (1 s fixed window of 50);' +
      ` bottleneck: Redis cluster mode, minTime ${INTERVAL_MS} ms, schedule().` +
      ' "Returned after grant time": how long after its grant time (ours: its slot) a call returned,' +
      ' i.e. store round trip and timer lateness rather than the queue.',
  );
  const rows = Object.entries(fair).map(([id, r]) => {
    const [store, impl] = id.split('/');
    return [
      store,
      LABEL[impl],
      r.grants,
      pct(r.utilization),
      r.violations,
      msf(r.p50),
      msf(r.p99),
      msf(r.max),
      ratio(r.p99, FAIR_MS),
      ratio(r.max, FAIR_MS),
      msf(r.afterP99),
      r.opsPerGrant === undefined ? 'n/a' : r.opsPerGrant.toFixed(2),
      `${Math.min(...r.perProcess)}..${Math.max(...r.perProcess)}`,
    ];
  });
  if (!redisUrl)
    rows.push(['redis', 'skipped (no Redis)', '', '', '', '', '', '', '', '', '', '', '']);
  say(
    table(
      [
        'store',
        'subject',
        'grants',
        'utilization',
        'violations',
        'wait p50',
        'wait p99',
        'wait max',
        'p99 / fair',
        'max / fair',
        'returned after grant time, p99',
        'store ops per grant',
        'grants per process',
      ],
      rows,
    ),
  );
  const late = Object.entries(fair).filter(([, r]) => r.maxLateMs > 5);
  if (late.length)
    say(`(late start: ${late.map(([n, r]) => `${n} ${r.maxLateMs} ms`).join(', ')})`);

  const prio = {};
  for (const store of stores) {
    for (const impl of ['before', 'ours'])
      prio[`${store}/${impl}`] = await priorityRun(ctx, store, impl);
  }
  say(
    `\n6. Priority across processes: process B exports (4 acquire() loops, priority bulk; before: -1)` +
      ` while process A makes an interactive call (before: priority 1) every 80-160 ms, ${DURATION_MS / 1000} s,` +
      ` rate ${RATE}/s, burst ${BURST}. Bound = one slot interval (${INTERVAL_MS} ms) + A's store round trip p99.`,
  );
  say(
    table(
      [
        'store',
        'subject',
        'A calls',
        'A wait p50',
        'A wait p99',
        'A wait max',
        'bound',
        'A round trip p50 / p99',
        'B grants',
        'utilization',
        'violations',
      ],
      Object.entries(prio).map(([id, r]) => {
        const [store, impl] = id.split('/');
        return [
          store,
          LABEL[impl],
          r.calls,
          msf(r.p50),
          msf(r.p99),
          msf(r.max),
          msf(r.bound),
          `${msf(r.rttP50)} / ${msf(r.rttP99)}`,
          r.bulkGrants,
          pct(r.utilization),
          r.violations,
        ];
      }),
    ),
  );
  return { fair, priority: prio, fairShareMs: FAIR_MS, intervalMs: INTERVAL_MS };
}
