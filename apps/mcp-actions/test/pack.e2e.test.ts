// The published shape works: `pnpm pack` of both apps and the packages they need, installed with
// npm in an empty directory; `npx tgmcp-read --demo` and `npx tgmcp-actions --demo` answer
// tools/list over stdio. It lives here, in the package turbo builds last, so every dist exists.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// The read server's package and every package of ours it needs, plus the actions server.
const PACKAGES = [
  'packages/ratelimit',
  'packages/telegram',
  'packages/testkit',
  'packages/exporters',
  'packages/policy',
  'apps/mcp-read',
  'apps/mcp-actions',
];
const work = mkdtempSync(path.join(tmpdir(), 'tgmcp-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it(
  'packed tarballs install in an empty directory and `npx tgmcp-read --demo` lists the tools',
  { timeout: 300_000 },
  async () => {
    const tarballs = path.join(work, 'tarballs');
    mkdirSync(tarballs);
    for (const p of PACKAGES)
      execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: path.join(ROOT, p),
        stdio: 'ignore',
      });
    const files = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
    expect(files).toHaveLength(PACKAGES.length);
    const app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'pack-check', private: true }),
    );
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...files.map((f) => path.join(tarballs, f)),
      ],
      {
        cwd: app,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    expect(
      execFileSync('npx', ['--yes', 'tgmcp-read', '--version'], {
        cwd: app,
        encoding: 'utf8',
      }).trim(),
    ).toMatch(/^\d+\.\d+\.\d+/);
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['--yes', 'tgmcp-read', '--demo'],
      cwd: app,
      stderr: 'ignore',
    });
    const client = new Client({ name: 'pack-check', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('tg_get_messages');
      expect(tools).toHaveLength(14);
      const status = await client.callTool({ name: 'tg_auth_status', arguments: {} });
      expect(status.structuredContent).toMatchObject({ authorized: true });
    } finally {
      await client.close();
    }
    // The actions server from the same install: its demo lists the write and batch tools.
    const actions = new Client({ name: 'pack-check', version: '1.0.0' });
    await actions.connect(
      new StdioClientTransport({
        command: 'npx',
        args: ['--yes', 'tgmcp-actions', '--demo'],
        cwd: app,
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await actions.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'tg_send_message',
          'tg_run_add_member_batch',
          'tg_get_actions_policy',
        ]),
      );
    } finally {
      await actions.close();
    }
  },
);
