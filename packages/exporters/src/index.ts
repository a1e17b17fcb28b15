// @tgmcp/exporters: streaming exports (JSONL, CSV, Telegram Desktop JSON) for data pipelines
// Not implemented yet (planned in issue 6); this package deliberately exports nothing.
export {};
