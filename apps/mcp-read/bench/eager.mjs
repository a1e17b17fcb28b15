// Baseline for bench/startup.mjs: the same server, with gramjs loaded before it starts.
await import('@tgmcp/telegram');
await import('../dist/cli.js');
