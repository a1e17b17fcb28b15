// The connection's state, reported: tg_get_stats over stdio, and `tgmcp-read status` (another
// process) for every server running on the data dir, after the fake DC dropped the connection.
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, startServer } from './harness.js';

type Connection = { state: string; connected: boolean; reconnects: number; since: string };

describe('connection state', { timeout: 60_000 }, () => {
  it('tg_get_stats and tgmcp-read status report connected, reconnects and since', async () => {
    const s = await startServer();
    await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    s.fake.faults.drop();
    await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 3 } });
    let c: Connection | undefined;
    for (let i = 0; i < 40 && !(c?.reconnects === 1 && c.connected); i++) {
      const r = await s.client.callTool({ name: 'tg_get_stats', arguments: {} });
      c = (r.structuredContent as { connection: Connection }).connection;
      if (!c.connected) await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(c).toMatchObject({ state: 'connected', connected: true, reconnects: 1 });
    const text = await runCli(['status'], cliEnv(s));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /tgmcp-read \(pid \d+, session main\): connected since \S+, 1 reconnect\(s\)/,
    );
    const json = await runCli(['status', '--json'], cliEnv(s));
    expect(json.code).toBe(0);
    const servers = (JSON.parse(json.stdout) as { servers: Array<Connection & { pid: number }> })
      .servers;
    expect(servers).toHaveLength(1);
    expect(servers[0]).toMatchObject({ state: 'connected', reconnects: 1 });
  });
});
