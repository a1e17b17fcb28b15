// Percentiles and formatting for the benchmark tables.
export function summarize(latenciesNs) {
  const sorted = Float64Array.from(latenciesNs).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] / 1000 };
}

export const us = (v) =>
  v === undefined
    ? 'n/a'
    : v < 10
      ? `${v.toFixed(2)} µs`
      : v < 1000
        ? `${v.toFixed(1)} µs`
        : `${(v / 1000).toFixed(2)} ms`;
export const ops = (v) => (v === undefined ? 'n/a' : `${Math.round(v).toLocaleString('en')}/s`);
export const ratio = (ours, base) =>
  ours === undefined || base === undefined ? 'n/a' : `${(ours / base).toFixed(2)}x`;

export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Runs `op` `count` times after a warm-up; returns per-op latencies (ns) and ops/s. */
export async function measure(op, count, warmup = Math.min(1000, count)) {
  for (let i = 0; i < warmup; i++) await op();
  const lat = new Float64Array(count);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await op();
    lat[i] = Number(process.hrtime.bigint() - t);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { lat, rate: count / seconds };
}

/** Throughput alone (no per-op clock reads, which cost as much as a memory acquire). */
export async function throughput(op, count) {
  for (let i = 0; i < Math.min(1000, count); i++) await op();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await op();
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}
