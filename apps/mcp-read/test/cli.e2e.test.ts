// The CLI around the server: --version without gramjs, help, bad configuration named, config
// blocks, doctor lines, and a fuzz of tool inputs that never produces a write at the DC.
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli as run, startServer } from './harness.js';

describe('tgmcp-read CLI', { timeout: 60_000 }, () => {
  it('--version and --help answer without loading gramjs; unknown input is refused', async () => {
    const v = await run(['--version'], { NODE_DEBUG: 'module' });
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.stderr).not.toMatch(/node_modules[/\\]telegram[/\\]/);
    const h = await run(['--help']);
    expect(h.stdout).toContain('tgmcp-read login');
    for (const c of ['login', 'status', 'config', 'doctor', 'export'])
      expect((await run([c, '--help'])).stdout).toContain(`tgmcp-read ${c}`);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['--bogus'])).code).toBe(2);
  });

  it('a bad variable stops the server with a message naming it', async () => {
    const r = await run([], {
      RATE_RPS: 'fast',
      TG_API_ID: '1',
      TG_API_HASH: '0123456789abcdef0123456789abcdef',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RATE_RPS');
    const h = await run([], { TG_API_HASH: 'not-hex-but-secret' });
    expect(h.stderr).toContain('TG_API_HASH');
    expect(h.stderr).not.toContain('not-hex-but-secret');
  });

  it('config prints an npx block; doctor reports each check', async () => {
    const c = await run([
      'config',
      '--profile',
      'full',
      '--client',
      'claude',
      '--read-session-name',
      'work',
    ]);
    const block = JSON.parse(c.stdout) as {
      mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
    };
    expect(block.mcpServers['telegram-read']).toMatchObject({
      command: 'npx',
      args: ['-y', '@tgmcp/read'],
      env: { TG_SESSION_NAME: 'work' },
    });
    expect(block.mcpServers['telegram-actions']?.args).toEqual(['-y', '@tgmcp/actions']);
    expect((await run(['config', '--profile', 'bogus'])).code).toBe(2);
    const d = await run(['doctor']);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/^ok\s+node/m);
    expect(d.stdout).toMatch(/^fail\s+credentials .*\n\s+fix: /m);
  });

  it('doctor and status against a fake DC: logged in, lock free, clock measured', async () => {
    const s = await startServer();
    const env = cliEnv(s);
    const st = await run(['status', '--json'], env);
    expect(JSON.parse(st.stdout)).toMatchObject({
      authorized: true,
      account: { username: 'demo_user' },
    });
    const d = await run(['doctor'], env);
    expect(d.stdout).toMatch(/^ok\s+session\s+main: @demo_user/m);
    expect(d.stdout).toMatch(/^(ok|warn)\s+clock/m);
    expect(d.stdout + d.stderr).not.toContain('feedfacefeedfacefeedfacefeedface');
  });

  it('no input to any tool makes a write reach Telegram', async () => {
    const s = await startServer();
    const { tools } = await s.client.listTools();
    const values = [
      '@oss_hackers',
      '-1001500000001',
      'me',
      '',
      '../../x',
      'https://t.me/+abc',
      -1,
      0,
      2 ** 40,
      true,
      null,
      { a: 1 },
      'x'.repeat(5000),
    ];
    let i = 0;
    for (const t of tools) {
      const props = Object.keys(
        (t.inputSchema as { properties?: Record<string, unknown> }).properties ?? {},
      );
      for (let round = 0; round < 6; round++) {
        const args: Record<string, unknown> = {};
        for (const p of props) args[p] = values[(i++ * 7 + round) % values.length];
        await s.client.callTool({ name: t.name, arguments: args }).catch(() => undefined);
      }
    }
    expect(s.fake.requests.writes()).toEqual([]);
    expect(
      (await s.client.callTool({ name: 'tg_auth_status', arguments: {} })).isError,
    ).toBeFalsy();
  });
});
