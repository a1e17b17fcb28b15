import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';
import { RequestMetrics } from './request-metrics.js';

const exact = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

describe('LatencyHistogram', () => {
  it('is empty at first', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50_ms: 0, p95_ms: 0, max_ms: 0 });
  });

  it('p50 and p95 within 10% of the exact figures; count and max exact', () => {
    const h = new LatencyHistogram();
    const samples: number[] = [];
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      // Long-tailed, like RPC times: mostly 5-50 ms, some seconds.
      const ms = i % 50 === 0 ? 1000 + (x % 4000) : 5 + (x % 45);
      samples.push(ms);
      h.record(ms);
    }
    samples.sort((a, b) => a - b);
    const s = h.summary();
    expect(s.count).toBe(20_000);
    expect(s.max_ms).toBe(samples.at(-1));
    for (const [q, got] of [
      [0.5, s.p50_ms],
      [0.95, s.p95_ms],
    ] as const) {
      const want = exact(samples, q);
      expect(Math.abs(got - want) / want, `q=${q}: ${got} vs ${want}`).toBeLessThanOrEqual(0.1);
    }
  });

  it('sub-millisecond, zero and huge samples stay in range', () => {
    const h = new LatencyHistogram();
    for (const ms of [0, 0.2, -5, Number.NaN, 1e12]) h.record(ms);
    const s = h.summary();
    expect(s.count).toBe(4);
    expect(s.p50_ms).toBeLessThanOrEqual(1);
    expect(s.max_ms).toBe(1e12);
  });
});

describe('RequestMetrics', () => {
  it('keeps one bounded entry per method and a shared one past the cap', () => {
    const m = new RequestMetrics();
    for (let i = 0; i < 300; i++)
      m.observe({ kind: 'rpc', method: `m.${i}`, ms: 1, ok: i % 2 === 0 });
    const { by_method } = m.snapshot();
    expect(Object.keys(by_method)).toHaveLength(129);
    expect(by_method['(other)']!.count).toBe(300 - 128);
    expect(Object.values(by_method).reduce((n, s) => n + s.errors, 0)).toBe(150);
  });

  it('sums waits separately for throttling and flood waits', () => {
    const m = new RequestMetrics();
    m.observe({ kind: 'throttle', method: 'a', ms: 0 });
    m.observe({ kind: 'throttle', method: 'a', ms: 250 });
    m.observe({ kind: 'flood_wait', method: 'a', ms: 2000 });
    const s = m.snapshot();
    expect(s.throttle).toMatchObject({ count: 2, total_ms: 250, max_ms: 250 });
    expect(s.flood_wait).toMatchObject({ count: 1, total_ms: 2000, max_ms: 2000 });
    expect(s.by_method).toEqual({});
  });
});
