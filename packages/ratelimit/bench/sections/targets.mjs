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

export function targets({ single, contended, envelope, say }) {
  const memP50 = single['ours-memory']?.p50;
  const fileP99 = contended['ours-file']?.p99;
  const redisP50 = single['ours-redis']?.p50;
  const pingP50 = single['redis-ping']?.p50;
  const stores = Object.entries(envelope);
  const violations = stores.reduce((s, [, e]) => s + e.violations, 0);
  const lowUse = stores.filter(([, e]) => e.utilization < 0.95);
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
      ok: violations === 0,
      detail: stores.map(([s, e]) => `${s} ${e.violations}`).join(', '),
    },
    {
      name: 'envelope utilization >= 95%',
      ok: lowUse.length === 0,
      detail: stores.map(([s, e]) => `${s} ${pct(e.utilization)}`).join(', '),
    },
  ];
  say('\nTargets');
  for (const t of list) say(`- ${t.name}: ${mark(t.ok)} (${t.detail})`);
  return list.map(({ name, ok, detail }) => ({ name, met: ok ?? null, detail }));
}
