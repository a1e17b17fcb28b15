// Section 3: the shared envelope. 8 processes (memory: 8 async callers in one process) share
// createRateLimiter({ rate: 50, burst: 10 }) for 3 s from a common start and call acquire() in a
// loop; the parent merges every grant's `at` and checks every window.
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { runChildren } from '../lib/children.mjs';
import { envelopeSummary, memoryEnvelope } from '../lib/envelope.mjs';
import { pct, table } from '../lib/format.mjs';

const PROCS = 8;
const RATE = 50;
const BURST = 10;
const DURATION_MS = 3000;
const START_DELAY_MS = 700;

export async function envelope({ root, redisUrl, runId, say }) {
  const spec = { rate: RATE, burst: BURST, durationMs: DURATION_MS };
  const out = {};

  const mem = await memoryEnvelope({ ...spec, callers: PROCS, startDelayMs: START_DELAY_MS });
  out.memory = { ...envelopeSummary(mem.grants, { ...spec, startAt: mem.startAt }), maxLateMs: 0 };

  for (const store of redisUrl ? ['file', 'redis'] : ['file']) {
    const dir = store === 'file' ? await mkdtemp(path.join(root, 'envelope-')) : undefined;
    const job = { mode: 'envelope', store, dir, redisUrl, key: `envelope-${runId}`, ...spec };
    const { startAt, results } = await runChildren(job, PROCS, { startDelayMs: START_DELAY_MS });
    out[store] = {
      ...envelopeSummary(
        results.flatMap((r) => r.grants),
        { ...spec, startAt },
      ),
      perProcess: results.map((r) => r.grants.length),
      maxLateMs: Math.max(...results.map((r) => r.lateMs)),
    };
  }

  say(
    `\n3. Envelope: rate ${RATE}/s, burst ${BURST}, ${DURATION_MS / 1000} s, acquire() in a loop` +
      ` (file, redis: ${PROCS} processes; memory: ${PROCS} async callers in one process)`,
  );
  const rows = Object.entries(out).map(([store, e]) => [
    store,
    e.grants,
    `${e.budget.toFixed(1)} (${BURST} + ${RATE} x ${e.durationS.toFixed(3)} s)`,
    pct(e.utilization),
    e.violations,
    e.perProcess ? `${Math.min(...e.perProcess)}..${Math.max(...e.perProcess)}` : 'n/a',
    `${e.maxLateMs} ms`,
  ]);
  if (!redisUrl) rows.push(['redis', 'skipped (no Redis)', '', '', '', '', '']);
  say(
    table(
      [
        'store',
        'grants',
        'budget',
        'utilization',
        'violations (any window)',
        'grants per process',
        'latest start',
      ],
      rows,
    ),
  );
  return out;
}
