// Section 2: contention. File and Redis: 8 processes on the same dir / Redis key, each calling
// op() in a tight loop for a fixed time from a common start. Memory cannot be shared between
// processes, so its contention is 8 async callers on one limiter in this process; the Redis
// subjects get that in-process case too.
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { runChildren } from '../lib/children.mjs';
import { ops, ratio, table, us } from '../lib/format.mjs';
import { makeSubject } from '../lib/subjects.mjs';
import { summarize, timeConcurrent, warmUp } from '../lib/stats.mjs';

const PROCS = 8;
const IN_PROCESS_MS = 2000;
const SHARED_MS = 3000;

// [row group, subject, where the callers run, warm-up ops per caller]. The last group puts the
// Redis subjects under in-process concurrency too (concurrent tool calls in one server).
const PLAN = [
  ['memory', 'ours-memory', 'async', 20_000],
  ['memory', 'rlf-memory', 'async', 20_000],
  ['memory', 'bottleneck-memory', 'async', 50],
  ['file', 'ours-file', 'processes', 100],
  ['file', 'before-file', 'processes', 100],
  ['redis', 'ours-redis', 'processes', 500],
  ['redis', 'rlf-redis', 'processes', 500],
  ['redis', 'bottleneck-redis', 'processes', 50],
  ['redis, 1 process', 'ours-redis', 'async', 500],
  ['redis, 1 process', 'rlf-redis', 'async', 500],
  ['redis, 1 process', 'bottleneck-redis', 'async', 50],
];
const GROUP_SUFFIX = { 'redis, 1 process': '@1process' };
const LABEL = {
  ours: 'ours',
  before: 'before (polling)',
  rlf: 'rate-limiter-flexible',
  bottleneck: 'bottleneck',
};

async function inProcess(name, ctx, warmup) {
  const subject = await makeSubject(name, ctx);
  try {
    await warmUp(subject.op, warmup);
    const { lat, perCaller, durationMs } = await timeConcurrent(subject.op, PROCS, IN_PROCESS_MS);
    return { ...summarize(lat), rate: lat.length / (durationMs / 1000), perProcess: perCaller };
  } finally {
    await subject.close();
  }
}

async function multiProcess(name, ctx, warmup) {
  const job = { mode: 'latency', subject: name, ctx, durationMs: SHARED_MS, warmup };
  const { results } = await runChildren(job, PROCS);
  const lat = results.flatMap((r) => r.lat);
  return {
    ...summarize(lat),
    rate: lat.length / (SHARED_MS / 1000),
    perProcess: results.map((r) => r.lat.length),
    maxLateMs: Math.max(...results.map((r) => r.lateMs)),
  };
}

export async function contended({ root, redisUrl, runId, beforeDir, say }) {
  const out = {};
  for (const [group, name, where, warmup] of PLAN) {
    if (group.startsWith('redis') && !redisUrl) continue;
    const id = `${name}${GROUP_SUFFIX[group] ?? ''}`;
    const key = `contended-${runId}-${id}`;
    const dir = group === 'file' ? await mkdtemp(path.join(root, 'contended-')) : undefined;
    // Bottleneck: a fresh id per run, so nothing to clear; a clear by a late process would
    // wipe the state of the others.
    const ctx = { dir, redisUrl, key, clear: false, beforeDir };
    out[id] =
      where === 'async'
        ? await inProcess(name, ctx, warmup)
        : await multiProcess(name, ctx, warmup);
  }

  say(
    `\n2. Contended: ${PROCS} callers, each awaiting op() in a tight loop. file, redis: ${PROCS} processes on one dir /` +
      ` one Redis, ${SHARED_MS / 1000} s from a common start; memory and "redis, 1 process": ${PROCS} async callers` +
      ` sharing one limiter (one client) in this process, ${IN_PROCESS_MS / 1000} s`,
  );
  const rows = [];
  for (const group of [...new Set(PLAN.map((p) => p[0]))]) {
    if (group.startsWith('redis') && !redisUrl) {
      rows.push([group, 'skipped (no Redis)', '', '', '', '', '', '', '']);
      continue;
    }
    const suffix = GROUP_SUFFIX[group] ?? '';
    const o = out[`${PLAN.find((p) => p[0] === group)[1]}${suffix}`];
    for (const [, name] of PLAN.filter((p) => p[0] === group)) {
      const r = out[`${name}${suffix}`];
      const isOurs = name.startsWith('ours-');
      rows.push([
        group,
        LABEL[name.split('-')[0]],
        us(r.p50),
        us(r.p99),
        us(r.max),
        ops(r.rate),
        `${Math.min(...r.perProcess)}..${Math.max(...r.perProcess)}`,
        isOurs ? '' : ratio(o?.p99, r.p99),
        isOurs ? '' : ratio(o?.rate, r.rate),
      ]);
    }
  }
  say(
    table(
      [
        'store',
        'subject',
        'p50',
        'p99',
        'max',
        'total ops/s',
        'ops per caller',
        'ours p99 / this p99',
        'ours ops/s / this ops/s',
      ],
      rows,
    ),
  );
  const late = Object.entries(out).filter(([, r]) => r.maxLateMs > 5);
  if (late.length)
    say(`(late start: ${late.map(([n, r]) => `${n} ${r.maxLateMs} ms`).join(', ')})`);
  return out;
}
