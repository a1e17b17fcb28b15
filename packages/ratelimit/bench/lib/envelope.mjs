// The limiter's promise, checked on grant times: in any window [t_i, t_j] at most
// burst + rate * (t_j - t_i) grants; and how much of that budget was used.
import { createRateLimiter, memoryStore } from '../../dist/index.js';

export function envelopeViolations(times, rate, burst) {
  const t = [...times].sort((a, b) => a - b);
  let violations = 0;
  for (let i = 0; i < t.length; i++) {
    for (let j = i + 1; j < t.length; j++) {
      if (j - i + 1 > burst + (rate * (t[j] - t[i])) / 1000 + 1e-9) violations++;
    }
  }
  return violations;
}

/**
 * Grants / (burst + rate * duration), duration from the common start to the end of the run
 * (or to the last grant, if one came later: the budget is never understated).
 */
export function envelopeSummary(times, { rate, burst, startAt, durationMs }) {
  const last = times.length ? Math.max(...times) : startAt;
  const durationS = (Math.max(startAt + durationMs, last) - startAt) / 1000;
  const budget = burst + rate * durationS;
  return {
    grants: times.length,
    early: times.filter((t) => t < startAt).length,
    durationS,
    budget,
    utilization: times.length / budget,
    violations: envelopeViolations(times, rate, burst),
  };
}

/** Calls acquire() in a loop until the deadline, recording each grant's `at`. */
export async function collectGrants(limiter, endAt) {
  const grants = [];
  const signal = AbortSignal.timeout(Math.max(0, endAt - Date.now()));
  try {
    for (;;) grants.push((await limiter.acquire({ signal })).at);
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  return grants;
}

/** The memory store cannot be shared between processes: `callers` async loops in this one. */
export async function memoryEnvelope({ rate, burst, callers, durationMs, startDelayMs }) {
  const limiter = createRateLimiter({ rate, burst, store: memoryStore(), key: 'envelope' });
  const startAt = Date.now() + startDelayMs;
  await new Promise((r) => setTimeout(r, startDelayMs));
  const per = await Promise.all(
    Array.from({ length: callers }, () => collectGrants(limiter, startAt + durationMs)),
  );
  return { startAt, grants: per.flat(), perCaller: per.map((g) => g.length) };
}
