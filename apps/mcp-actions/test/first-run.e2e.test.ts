// What a new user meets first (issue 15 items 11, 12, 15, 16): the demo's approvals found with
// `--demo`, a person's approval usable at once, the terminal hint, "writes are off" wording, and
// every subcommand's --help. Built binary over stdio with the real SDK client; operator commands
// as child processes; the terminal on a pseudo-terminal (util-linux `script`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAS_SCRIPT } from '@tgmcp/testkit';
import { Cleanup, cliRunner, repositoryTexts } from '@tgmcp/testkit/harness';
import { startStdioServer } from '@tgmcp/testkit/mcp-client';
import { afterAll, describe, expect, it } from 'vitest';
import { commandHelp } from '../src/commands/help.js';
import { COMMANDS } from './commands.js';
import { CLI, sc, startActions } from './harness.js';

const { run, pty: inPty } = cliRunner(CLI, { timeoutMs: 20_000 });
const cleanup = new Cleanup();
afterAll(() => cleanup.run());
const tmp = () => cleanup.tempDir('tgmcp-first-run-');

const startDemo = (env: Record<string, string>) =>
  startStdioServer({ script: CLI, args: ['--demo'], env, clientName: 'first-run' });

type Preview = { status: string; request_id: string; next_step: string };

describe('tgmcp-actions first run', { timeout: 90_000 }, () => {
  it('the demo keeps its state where `approve|pending|audit --demo` find it', async () => {
    const home = tmp();
    // TMPDIR places the stable demo dir; TG_DATA_DIR is the user's own, which --demo ignores.
    const env = { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home, TG_DATA_DIR: home };
    const before = await run(['pending', '--demo'], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('no demo has run yet');

    const demo = await startDemo(env);
    try {
      const args = { group: '@oss_hackers', message_text: 'hello from the first-run test' };
      const p = sc<Preview>(
        await demo.client.callTool({ name: 'tg_send_message', arguments: args }),
      );
      expect(p.status).toBe('preview');
      // The model is told the command that works on the demo, and so is the operator.
      expect(p.next_step).toContain('tgmcp-actions approve --demo <request_id>');
      expect(demo.stderr()).toContain('tgmcp-actions approve --demo <request_id>');
      // Not a terminal: no terminal hint among the logs an MCP client collects.
      expect(demo.stderr()).not.toContain('This is an MCP server');

      // Without --demo the operator's data dir is not the demo's: the answer says what to run.
      const plain = await run(['approve', p.request_id, '--yes'], env);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain(`tgmcp-actions approve --demo ${p.request_id}`);
      expect((await run(['pending'], env)).stdout).toContain('No pending approval requests');

      // Batches name the same command.
      const batch = await demo.client.callTool({
        name: 'tg_create_add_member_batch',
        arguments: { user: '200002', groups: ['@oss_hackers'] },
      });
      expect(batch.isError, JSON.stringify(batch)).toBeFalsy();
      expect(JSON.stringify(batch.structuredContent)).toContain('tgmcp-actions approve --demo ');

      const pending = await run(['pending', '--demo', '--json'], env);
      expect(pending.code).toBe(0);
      expect(pending.stdout).toContain(p.request_id);
      const approved = await run(['approve', '--demo', p.request_id, '--yes'], env);
      expect(approved.code, approved.stderr).toBe(0);
      expect(approved.stderr).toContain('Approved.');

      // Approved by a person: executable at once, though the default minimum age is 30 s.
      const done = sc<{ status: string }>(
        await demo.client.callTool({
          name: 'tg_send_message',
          arguments: { ...args, dry_run: false, confirm: true, request_id: p.request_id },
        }),
      );
      expect(done.status).toBe('executed');

      const audit = await run(['audit', '--demo'], env);
      const events = audit.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { event: string; request_id?: string }).event);
      expect(events).toEqual(expect.arrayContaining(['preview', 'approved', 'executed']));
      expect((await run(['policy', '--demo'], env)).stdout).toContain('"writes_allowed": true');
    } finally {
      await demo.client.close();
    }
    // The trail outlives the demo server.
    expect((await run(['audit', '--demo'], env)).stdout).toContain('"approved"');
  });

  it('a person approval (operator CLI or elicitation) is usable at once, whatever the minimum age', async () => {
    const strict = { TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '30', TG_ACTIONS_UNSAFE_OVERRIDE: '0' };
    const args = { group: '@oss_hackers', message_text: 'no waiting after a yes' };
    const op = await startActions({ env: { ...strict, TG_ACTIONS_APPROVAL_MODE: 'operator' } });
    const p = sc<Preview>(await op.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await op.operator(['approve', p.request_id, '--yes'])).code).toBe(0);
    const r = await op.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, dry_run: false, confirm: true, request_id: p.request_id },
    });
    expect(sc<{ status: string }>(r).status).toBe('executed');

    const el = await startActions({ env: strict, elicit: () => true });
    const e = await el.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, dry_run: false, confirm: true },
    });
    expect(sc<{ status: string }>(e).status).toBe('executed');
    for (const x of [op, el]) expect(x.fake.requests.count('messages.SendMessage')).toBe(1);
  });

  it('policy on a default setup: "writes are off" and what to set; "unsafe" only for unsafe settings', async () => {
    const home = tmp();
    const env = { PATH: process.env.PATH ?? '', HOME: home, TG_DATA_DIR: home };
    const p = await run(['policy'], env);
    expect(p.code).toBe(0);
    expect(p.stderr.trim()).toMatch(
      /^writes are off: set TG_ACTIONS_ENABLED=1 and TG_ACTIONS_ALLOWED_GROUPS=/,
    );
    expect(p.stdout + p.stderr).not.toMatch(/unsafe policy|ActionMCP|tg-mcp/i);
    expect(JSON.parse(p.stdout)).toMatchObject({ unsafe_policy_issues: [] });
    const unsafe = await run(['policy'], {
      ...env,
      TG_ACTIONS_ENABLED: '1',
      TG_ACTIONS_ALLOWED_GROUPS: '@oss_hackers',
      TG_ACTIONS_IDEMPOTENCY_ENABLED: '0',
    });
    expect(unsafe.stderr).toMatch(/^Unsafe write policy: TG_ACTIONS_IDEMPOTENCY_ENABLED is off/);

    // The same words reach the model and the server's log.
    const off = await startActions({ env: { TG_ACTIONS_ENABLED: '0' } });
    const tool = await off.client.callTool({ name: 'tg_get_actions_policy', arguments: {} });
    const view = sc<{ policy: { writes_off_reason: string } }>(tool);
    expect(view.policy.writes_off_reason).toBe('writes are off: set TG_ACTIONS_ENABLED=1');
    expect(JSON.stringify(tool)).not.toMatch(/ActionMCP|tg-mcp/);
    expect(off.stderr()).toContain('[tgmcp-actions] writes are off: set TG_ACTIONS_ENABLED=1');
  });

  it("no user-facing string names the old project (only the keychain's compatible default)", () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const bad: string[] = [];
    for (const file of repositoryTexts(root).filter((f) => f.endsWith('.ts'))) {
      const code = readFileSync(path.join(root, file), 'utf8')
        .replace(/^\s*(\/\/|\*|\/\*).*$/gm, '') // comments are not shown to anyone
        .replace("|| 'tg-mcp'", ''); // TG_KEYCHAIN_SERVICE's default: existing keychain entries
      if (/ActionMCP|tg-mcp/i.test(code)) bad.push(file);
    }
    expect(bad).toEqual([]);
  });

  it("every subcommand's --help prints that command's help", async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: tmp() };
    for (const c of COMMANDS) {
      const h = await run([c, '--help'], env);
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toBe(commandHelp(c));
      expect(h.stdout.split('\n')[0], c).toMatch(
        new RegExp(`^tgmcp-actions${c === 'serve' ? '' : ` ${c}`}\\b`),
      );
      expect((await run([c, '-h'], env)).stdout, c).toBe(commandHelp(c));
    }
    expect((await run(['--help'], env)).stdout).toContain('tgmcp-actions approve <id>');
    // A bad option shows that command's help too.
    const bad = await run(['approve', '--frobnicate'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(commandHelp('approve'));
  });

  it.skipIf(!HAS_SCRIPT)(
    'started in a terminal, the server says it is an MCP server and how to use it (one line)',
    async () => {
      const home = tmp();
      const pty = inPty(['--demo'], { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home });
      try {
        await pty.waitFor(/This is an MCP server.*\n/);
        const lines = pty.output().split('\n');
        const i = lines.findIndex((l) => l.includes('This is an MCP server'));
        expect(lines[i - 1]).toContain('ready on stdio');
        expect(lines[i]).toMatch(/^\[tgmcp-actions\] This is an MCP server/);
        expect(lines[i]).toContain('tgmcp-read config --profile full');
        expect(lines[i]).toContain('pnpm demo');
        pty.type('\u0004'); // Ctrl-D: end of input, the server stops as when a client leaves.
        expect(await pty.exited).toBe(0);
      } finally {
        pty.kill();
      }
    },
  );
});
