// Latency of every request the chokepoint passes, over the lifetime of the process: per method
// RPC time (count, p50, p95, max) and the time requests waited before being sent. Bounded: one
// fixed-size histogram per method, and methods are the chokepoint's allowed set (others are
// blocked before they are timed; past MAX_METHODS they share one entry).
import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';

export type { LatencySummary } from './latency-histogram.js';

/** What the chokepoint reports for each request (see ProtectOptions.onTiming). */
export type TimingEvent =
  | { kind: 'rpc'; method: string; ms: number; ok: boolean }
  /** Before the first send: the rate limiter and remembered flood waits. */
  | { kind: 'throttle'; method: string; ms: number }
  /** Before a resend, after Telegram answered FLOOD_WAIT (or SLOWMODE_WAIT). */
  | { kind: 'flood_wait'; method: string; ms: number };

export interface WaitSummary extends LatencySummary {
  total_ms: number;
}

export interface LatencyStats {
  /** RPC time per method, from the send to the answer (errors and timeouts included). */
  by_method: Record<string, LatencySummary & { errors: number }>;
  throttle: WaitSummary;
  flood_wait: WaitSummary;
}

const MAX_METHODS = 128;
const OTHER = '(other)';

export class RequestMetrics {
  private readonly methods = new Map<string, { h: LatencyHistogram; errors: number }>();
  private readonly throttle = new LatencyHistogram();
  private readonly floodWait = new LatencyHistogram();

  /** Pass as the chokepoint's onTiming. */
  readonly observe = (e: TimingEvent): void => {
    if (e.kind === 'throttle') return this.throttle.record(e.ms);
    if (e.kind === 'flood_wait') return this.floodWait.record(e.ms);
    const key = this.methods.has(e.method) || this.methods.size < MAX_METHODS ? e.method : OTHER;
    let m = this.methods.get(key);
    if (!m) this.methods.set(key, (m = { h: new LatencyHistogram(), errors: 0 }));
    m.h.record(e.ms);
    if (!e.ok) m.errors++;
  };

  snapshot(): LatencyStats {
    const by_method: LatencyStats['by_method'] = {};
    for (const [method, m] of [...this.methods].sort(([a], [b]) => a.localeCompare(b)))
      by_method[method] = { ...m.h.summary(), errors: m.errors };
    const waits = (h: LatencyHistogram): WaitSummary => ({
      ...h.summary(),
      total_ms: Math.round(h.totalMs),
    });
    return { by_method, throttle: waits(this.throttle), flood_wait: waits(this.floodWait) };
  }
}
