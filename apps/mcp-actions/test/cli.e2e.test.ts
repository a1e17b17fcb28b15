// The operator's CLI: version, help, policy (never the phrase), pending, approve of an unknown id.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './harness.js';

const home = mkdtempSync(path.join(tmpdir(), 'tgmcp-actions-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, TG_DATA_DIR: home, ...env },
    timeout: 20_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('tgmcp-actions CLI', { timeout: 60_000 }, () => {
  it('version, help, unknown commands', async () => {
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // The command-line frame (@tgmcp/mcp/cli) answers without loading gramjs.
    const v = await run(['--version'], { NODE_DEBUG: 'module' });
    expect(v.stderr).toContain('MODULE');
    expect(v.stderr).not.toMatch(/node_modules[/\\]telegram[/\\]/);
    expect((await run(['--help'])).stdout).toContain('tgmcp-actions approve <id>');
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('policy shows the policy and why writes are off, never the phrase; bad values are named', async () => {
    const p = await run(['policy'], { TG_ACTIONS_CONFIRMATION_PHRASE: 'purple-elephant-42' });
    expect(p.code).toBe(0);
    expect(p.stdout + p.stderr).not.toContain('purple-elephant-42');
    expect(p.stderr).toMatch(/^writes are off: set TG_ACTIONS_ENABLED=1/);
    const bad = await run(['policy'], { TG_ACTIONS_APPROVAL_TTL_SEC: 'soon' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('TG_ACTIONS_APPROVAL_TTL_SEC');
  });

  it('pending with nothing waiting; approve of an unknown id fails clearly', async () => {
    expect((await run(['pending'])).stdout).toContain('No pending approval requests');
    const a = await run(['approve', 'apr_doesnotexist000000']);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/no approval request/);
    expect((await run(['approve'])).code).toBe(2);
  });
});
