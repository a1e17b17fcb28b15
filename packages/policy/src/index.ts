// @tgmcp/policy: write policy: gates, approvals, idempotency, batches, audit log
// Not implemented yet (planned in issue 7); this package deliberately exports nothing.
export {};
