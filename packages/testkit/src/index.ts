// @tgmcp/testkit: a fake Telegram (world model and loopback MTProto data centre) that real gramjs talks to
// Not implemented yet (planned in issue 4); this package deliberately exports nothing.
export {};
