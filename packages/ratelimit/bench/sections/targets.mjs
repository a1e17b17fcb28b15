// The Redis round-trip line (section 4) and the targets block, each target marked from the
// figures measured in this run.
import { ms, pct, us } from '../lib/format.mjs';

const mark = (ok) => (ok === undefined ? 'skipped' : ok ? 'met' : 'NOT met');

export function redisRoundTrip({ single, say }) {
  const x = single['ours-redis']?.p50;
  const y = single['redis-ping']?.p50;
  say('\n4. Redis round trip (uncontended, same ioredis connection, interleaved blocks)');
  if (x === undefined) return say('skipped (no Redis)');
  say(
    `Redis p50 = ${ms(x)} vs PING p50 = ${ms(y)} (target: X <= Y + 0.1 ms; X - Y = ${us(x - y)})`,
  );
}

export function targets({ single, contended, envelope, fairness, say }) {
  const memP50 = single['ours-memory']?.p50;
  const fileP99 = contended['ours-file']?.p99;
  const redisP50 = single['ours-redis']?.p50;
  const pingP50 = single['redis-ping']?.p50;
  const stores = Object.entries(envelope);
  const violations = stores.reduce((s, [, e]) => s + e.violations, 0);
  const lowUse = stores.filter(([, e]) => e.utilization < 0.95);
  const envelopeRan = stores.length > 0 ? true : undefined;
  const list = [
    {
      name: 'memory acquire p50 under 2 µs',
      ok: memP50 === undefined ? undefined : memP50 < 2,
      detail: `p50 ${us(memP50)}, harness included`,
    },
    {
      name: 'file store contended p99 under 3 ms with 8 processes',
      ok: fileP99 === undefined ? undefined : fileP99 < 3000,
      detail: `p99 ${us(fileP99)}, p50 ${us(contended['ours-file']?.p50)}`,
    },
    {
      name: 'Redis p50 under one loopback round trip + 0.1 ms',
      ok: redisP50 === undefined ? undefined : redisP50 <= pingP50 + 100,
      detail:
        redisP50 === undefined
          ? 'no Redis'
          : `p50 ${ms(redisP50)} vs PING p50 ${ms(pingP50)} + 0.100 ms = ${ms(pingP50 + 100)}`,
    },
    {
      name: 'zero envelope violations',
      ok: envelopeRan && violations === 0,
      detail: stores.map(([s, e]) => `${s} ${e.violations}`).join(', '),
    },
    {
      name: 'envelope utilization >= 95%',
      ok: envelopeRan && lowUse.length === 0,
      detail: stores.map(([s, e]) => `${s} ${pct(e.utilization)}`).join(', '),
    },
    ...fairTargets(contended, fairness),
  ];
  say('\nTargets');
  for (const t of list) say(`- ${t.name}: ${mark(t.ok)} (${t.detail})`);
  return list.map(({ name, ok, detail }) => ({ name, met: ok ?? null, detail }));
}

const x = (v) => (v === undefined ? 'n/a' : `${v.toFixed(2)}x`);
const m1 = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)} ms`);

// Issue 14: fair waits across processes, store calls per grant, priorities across processes.
function fairTargets(contended, fairness) {
  const out = [];
  const { fair, priority, fairShareMs } = fairness;
  for (const store of ['file', 'redis']) {
    const r = fair[`${store}/ours`];
    const b = fair[`${store}/before`];
    if (!r) {
      out.push({ name: `fair waits, 8 processes, ${store}`, ok: undefined, detail: 'no Redis' });
      continue;
    }
    const p99 = r.p99 / fairShareMs;
    const max = r.max / fairShareMs;
    out.push(
      {
        name: `${store}, 8 processes at 50/s: 0 violations and utilization >= 99%`,
        ok: r.violations === 0 && r.utilization >= 0.99,
        detail: `${r.violations} violations, ${pct(r.utilization)} (before: ${b.violations}, ${pct(b.utilization)})`,
      },
      {
        name: `${store}: longest wait <= 2x fair share (${fairShareMs} ms)`,
        ok: max <= 2,
        detail: `max ${m1(r.max)} = ${x(max)} (before: ${m1(b.max)} = ${x(b.max / fairShareMs)})`,
      },
      {
        name: `${store}: p99 wait <= 1.5x fair share`,
        ok: p99 <= 1.5,
        detail: `p99 ${m1(r.p99)} = ${x(p99)} (before: ${m1(b.p99)} = ${x(b.p99 / fairShareMs)})`,
      },
      {
        name: `${store}: store operations per grant <= 1.1`,
        ok: r.opsPerGrant <= 1.1,
        detail: `${r.opsPerGrant.toFixed(2)} (before: ${b.opsPerGrant.toFixed(2)})`,
      },
    );
  }
  const after = contended['ours-file'];
  const before = contended['before-file'];
  out.push({
    name: 'saturated file store (8 processes, tight loops): p99 per call, before/after (reported)',
    ok: after && before ? true : undefined,
    detail: after && before ? `after ${us(after.p99)}, before ${us(before.p99)}` : 'not run',
  });
  for (const store of ['file', 'redis']) {
    const r = priority[`${store}/ours`];
    const b = priority[`${store}/before`];
    if (!r) continue;
    out.push({
      name: `${store}: interactive wait in A while B exports <= one interval + round trip`,
      ok: r.max <= r.bound,
      detail: `max ${m1(r.max)}, p99 ${m1(r.p99)} vs ${m1(r.bound)} (before: max ${m1(b.max)}, p99 ${m1(b.p99)})`,
    });
  }
  return out;
}
