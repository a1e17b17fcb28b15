// What a new user meets first (issue 15 items 13, 14, 15): `status`, `doctor` and `export` on the
// demo account (progress bar, Ctrl-C, --resume, --overwrite), hints that name real options, the
// terminal hint, and a config block for the demo. Built binary as a child process; terminals on a
// pseudo-terminal (util-linux `script`).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { terminalHint } from '@tgmcp/mcp';
import { HAS_SCRIPT } from '@tgmcp/testkit';
import { Cleanup, cliRunner } from '@tgmcp/testkit/harness';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, startServer } from './harness.js';

const { run, pty: inPty } = cliRunner(CLI, { timeoutMs: 30_000 });
const cleanup = new Cleanup();
afterAll(() => cleanup.run());
const tmp = () => cleanup.tempDir('tgmcp-read-first-run-');
const baseEnv = (home: string) => ({ PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home });

describe('tgmcp-read first run', { timeout: 90_000 }, () => {
  it('status and doctor --demo answer for the demo account, without credentials', async () => {
    const home = tmp();
    const env = baseEnv(home);
    const s = await run(['status', '--demo'], env);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/^session demo: logged in as /);
    const j = await run(['status', '--demo', '--json'], env);
    expect(JSON.parse(j.stdout)).toMatchObject({ authorized: true, session_name: 'demo' });
    const d = await run(['doctor', '--demo'], env);
    expect(d.code, d.stdout).toBe(0);
    expect(d.stdout).toMatch(/^ok\s+session\s+demo: /m);
    expect(d.stdout).toMatch(/^ok\s+credentials/m);
    // Without --demo and without credentials: not configured, as before.
    expect((await run(['status'], env)).stdout).toContain('NOT_CONFIGURED');
  });

  it.skipIf(!HAS_SCRIPT)(
    'export --demo: progress bar, Ctrl-C keeps a checkpoint, --resume finishes it, --overwrite replaces it',
    async () => {
      const home = tmp();
      const env = baseEnv(home);
      const out = path.join(home, 'news.jsonl');
      const args = ['export', 'messages', '@tech_news_daily', '--demo', '--out', out];
      const first = inPty(args, env);
      try {
        await first.waitFor(/\] \d+% \d+\/20000 records/);
        first.type('\u0003'); // Ctrl-C
        expect(await first.exited).toBe(130);
      } finally {
        first.kill();
      }
      expect(first.output()).toContain('export interrupted; run the same command with --resume');
      expect(existsSync(out)).toBe(false);

      const resumed = await run([...args, '--resume'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/^exported 20000 messages to /m);
      const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as {
        count: number;
        resumes: number;
      };
      expect(manifest.count).toBe(20000);
      expect(manifest.resumes).toBe(1);
      expect(readFileSync(out, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(20000);

      // The hint names an option that exists, and following it works.
      const again = await run(args, env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('OUTPUT_EXISTS');
      expect(again.stderr).toContain('pass --overwrite to replace it');
      const replaced = await run([...args, '--overwrite', '--limit', '10'], env);
      expect(replaced.code, replaced.stderr).toBe(0);
      expect(replaced.stderr).toMatch(/^exported 10 messages/m);
      expect((await run([...args, '--overwrite', '--resume'], env)).code).toBe(2);
    },
  );

  it('config --demo prints a block that starts the demo, with nothing to fill in', async () => {
    const c = await run(['config', '--profile', 'full', '--demo'], baseEnv(tmp()));
    expect(c.code).toBe(0);
    const block = JSON.parse(c.stdout) as {
      mcpServers: Record<string, { args: string[]; env: Record<string, string> }>;
    };
    expect(block.mcpServers['telegram-read']).toEqual({
      command: 'npx',
      args: ['-y', '@tgmcp/read', '--demo'],
      env: {},
    });
    expect(block.mcpServers['telegram-actions']!.args).toEqual(['-y', '@tgmcp/actions', '--demo']);
  });

  it('the terminal hint: one line, only when stdin is a terminal', async () => {
    expect(terminalHint('tgmcp-read', { isTTY: false })).toBeUndefined();
    const line = terminalHint('tgmcp-read', { isTTY: true })!;
    expect(line).not.toContain('\n');
    expect(line).toContain('MCP server');
    expect(line).toContain('tgmcp-read config');
    expect(line).toContain('pnpm demo');
    // Spawned by an MCP client (pipes): no such line in the logs.
    const s = await startServer();
    await s.client.listTools();
    expect(s.stderr()).not.toContain('This is an MCP server');
  });

  it.skipIf(!HAS_SCRIPT)(
    'started in a terminal, --demo prints the hint after "ready"',
    async () => {
      const home = tmp();
      const pty = inPty(['--demo'], baseEnv(home));
      try {
        await pty.waitFor(/This is an MCP server.*\n/);
        const lines = pty.output().split('\n');
        const i = lines.findIndex((l) => l.includes('This is an MCP server'));
        expect(lines[i - 1]).toContain('[tgmcp-read] ready on stdio (demo account)');
        expect(lines[i]).toBe(terminalHint('tgmcp-read', { isTTY: true }));
        pty.type('\u0004'); // Ctrl-D ends stdin: the server stops as when its client leaves.
        expect(await pty.exited).toBe(0);
      } finally {
        pty.kill();
      }
    },
  );
});
