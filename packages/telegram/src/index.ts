// @tgmcp/telegram: gramjs client, sessions, one guarded chokepoint for every request, login, typed operations
// Not implemented yet (planned in issue 5); this package deliberately exports nothing.
export {};
