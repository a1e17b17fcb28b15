// Number formats and plain-text tables for the bench output.

export const us = (v) => {
  if (v === undefined || Number.isNaN(v)) return 'n/a';
  if (v < 10) return `${v.toFixed(2)} µs`;
  if (v < 1000) return `${v.toFixed(1)} µs`;
  return `${(v / 1000).toFixed(2)} ms`;
};

export const ms = (v) => (v === undefined ? 'n/a' : `${(v / 1000).toFixed(3)} ms`);

export const ops = (v) => (v === undefined ? 'n/a' : `${Math.round(v).toLocaleString('en')}/s`);

export const pct = (v) => (v === undefined ? 'n/a' : `${(v * 100).toFixed(1)}%`);

/** ours / baseline, or "n/a". For latencies below 1.00x is better, for throughput above. */
export const ratio = (ours, base) => {
  if (ours === undefined || base === undefined) return 'n/a';
  const r = ours / base;
  if (r >= 100) return `${Math.round(r).toLocaleString('en')}x`;
  return r < 0.1 ? `${r.toPrecision(2)}x` : `${r.toFixed(2)}x`;
};

export function table(headers, rows) {
  const cells = rows.map((r) => r.map((c) => (c === undefined ? 'n/a' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (row) =>
    row
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
