// The short variant of the fault soak (apps/mcp-read/bench/soak.mjs), in CI: both servers over stdio against
// one fake DC while its connections are dropped, stalled and restarted under a mixed read load
// and approved sends. The long runs (10 and 15 minutes) are in docs/BENCHMARKS.md.
import { describe, expect, it } from 'vitest';

interface SoakReport {
  ok: boolean;
  calls: { total: number; ok: number; untyped: number; overDeadline: number };
  faults: { drop: number; stall: number; restart: number };
  recoveries: { count: number; byKind: Record<string, { count: number; maxMs: number }> };
  writes: { approved: number; atDc: number; duplicated: number; approvedMissing: number };
}

// It drives both built servers: it lives here, in the package turbo builds last.
const soak = new URL('../../mcp-read/bench/soak.mjs', import.meta.url).href;

describe('fault soak (short)', { timeout: 120_000 }, () => {
  it('drops, a stall and a DC restart under load: typed answers in time, recovery within 5 s, writes exactly once', async () => {
    const { runSoak } = (await import(soak)) as {
      runSoak: (o: Record<string, number>) => Promise<SoakReport>;
    };
    const r = await runSoak({
      durationSec: 40,
      drops: 5,
      stalls: 1,
      restarts: 1,
      writeEverySec: 4,
    });
    expect(r.faults).toMatchObject({ drop: 5, stall: 1, restart: 1 });
    expect(r.calls.total).toBeGreaterThan(50);
    expect(r.calls.untyped).toBe(0);
    expect(r.calls.overDeadline).toBe(0);
    expect(r.recoveries.count).toBe(7);
    expect(r.recoveries.byKind.drop!.maxMs).toBeLessThanOrEqual(5000);
    expect(r.recoveries.byKind.restart!.maxMs).toBeLessThanOrEqual(5000);
    expect(r.writes.approved).toBeGreaterThan(3);
    expect(r.writes.atDc).toBe(r.writes.approved);
    expect(r.writes.duplicated).toBe(0);
    expect(r.writes.approvedMissing).toBe(0);
    expect(r.ok).toBe(true);
  });
});
