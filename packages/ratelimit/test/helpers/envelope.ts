// Checks the limiter's promise on a set of grant times: in any window [t_i, t_j] at most
// burst + rate * (t_j - t_i) grants.
export function envelopeViolations(times: number[], rate: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let violations = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      if (j - i + 1 > burst + (rate * (sorted[j]! - sorted[i]!)) / 1000 + 1e-9) violations++;
    }
  }
  return violations;
}
