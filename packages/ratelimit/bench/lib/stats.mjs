// Timing loops and percentiles for the bench. Latencies are kept in nanoseconds, reported in µs.

/** p50/p99/max (µs) of a list of nanosecond latencies. */
export function summarize(latenciesNs) {
  const sorted = Float64Array.from(latenciesNs).sort();
  const n = sorted.length;
  if (n === 0) return { n: 0, p50: undefined, p99: undefined, max: undefined };
  const at = (q) => sorted[Math.min(n - 1, Math.floor(q * n))] / 1000;
  return { n, p50: at(0.5), p99: at(0.99), max: sorted[n - 1] / 1000 };
}

/** Awaits `op` `count` times in sequence, timing each call; returns latencies (ns). */
export async function timeEach(op, count) {
  const lat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await op();
    lat[i] = Number(process.hrtime.bigint() - t);
  }
  return lat;
}

/** Sequential throughput without per-op clock reads (which cost as much as a memory acquire). */
export async function throughput(op, count) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await op();
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function warmUp(op, count) {
  for (let i = 0; i < count; i++) await op();
}

/**
 * Times two ops in alternating blocks on the same connection, so both see the same machine
 * noise (used for our Redis acquire against a plain PING).
 */
export async function timeInterleaved(opA, opB, count, block = 1000) {
  const a = [];
  const b = [];
  for (let done = 0; done < count; done += block) {
    const n = Math.min(block, count - done);
    a.push(...(await timeEach(opA, n)));
    b.push(...(await timeEach(opB, n)));
  }
  return { a, b };
}

/** `callers` async loops sharing one op until `durationMs` passes; latencies of every call. */
export async function timeConcurrent(op, callers, durationMs) {
  const end = Date.now() + durationMs;
  const perCaller = await Promise.all(
    Array.from({ length: callers }, async () => {
      const lat = [];
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        await op();
        lat.push(Number(process.hrtime.bigint() - t));
      }
      return lat;
    }),
  );
  return { lat: perCaller.flat(), perCaller: perCaller.map((l) => l.length), durationMs };
}
