// The published shape works: `pnpm pack` of both apps and the packages they need, installed with
// npm in an empty directory; `npx tgmcp-read --demo` and `npx tgmcp-actions --demo` answer
// tools/list over stdio. It lives here, in the package turbo builds last, so every dist exists.
// The read server alone installs first: its size and package count are printed and bounded, and
// its optional parts (the demo's fake Telegram, sql.js, ioredis) are shown to be optional.
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// The read server's package and every package of ours it needs, plus the actions server.
const PACKAGES = [
  'packages/core',
  'packages/ratelimit',
  'packages/telegram',
  'packages/testkit',
  'packages/exporters',
  'packages/policy',
  'packages/mcp',
  'apps/mcp-read',
  'apps/mcp-actions',
];
// What `npm i @tgmcp/read` installs of ours.
const READ_PACKAGES = [
  'tgmcp-core',
  'tgmcp-ratelimit',
  'tgmcp-telegram',
  'tgmcp-testkit',
  'tgmcp-exporters',
  'tgmcp-mcp',
  'tgmcp-read',
];
/** The bound of issue 15 item 18 on a production install of the read server. */
const READ_INSTALL_MAX_BYTES = 45_000_000;
const work = mkdtempSync(path.join(tmpdir(), 'tgmcp-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function npmInstall(dir: string, tarballs: string[]): void {
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'pack-check', private: true }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Bytes of every file under `dir` (apparent sizes, so the figure does not depend on the disk). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else total += lstatSync(full).size;
  }
  return total;
}

/** Installed packages (every package directory npm placed), the root excluded. */
function packageCount(dir: string): number {
  const out = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('node_modules')).length;
}

it(
  'a production install of @tgmcp/read stays under 45 MB; the demo, sql.js and ioredis are optional',
  { timeout: 300_000 },
  () => {
    const tarballs = path.join(work, 'read-tarballs');
    mkdirSync(tarballs);
    for (const p of PACKAGES.filter((p) => p !== 'packages/policy' && p !== 'apps/mcp-actions'))
      execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: path.join(ROOT, p),
        stdio: 'ignore',
      });
    const files = readdirSync(tarballs);
    expect(files.map((f) => f.replace(/-\d.*$/, '')).sort()).toEqual([...READ_PACKAGES].sort());
    const app = path.join(work, 'read-only');
    npmInstall(
      app,
      files.map((f) => path.join(tarballs, f)),
    );
    const bytes = treeBytes(path.join(app, 'node_modules'));
    const count = packageCount(app);
    console.log(
      `@tgmcp/read production install: ${count} packages, ${(bytes / 1e6).toFixed(1)} MB (bound ${READ_INSTALL_MAX_BYTES / 1e6} MB)`,
    );
    expect(bytes).toBeLessThan(READ_INSTALL_MAX_BYTES);
    const installed = (name: string) => {
      try {
        return lstatSync(path.join(app, 'node_modules', name)).isDirectory();
      } catch {
        return false;
      }
    };
    // Optional peers are not installed; the demo's fake Telegram is an optional dependency.
    expect({ sqljs: installed('sql.js'), ioredis: installed('ioredis') }).toEqual({
      sqljs: false,
      ioredis: false,
    });
    expect(installed('@tgmcp/testkit')).toBe(true);
    // `npm i --omit=optional` leaves the fake Telegram out: --demo says what to install.
    rmSync(path.join(app, 'node_modules', '@tgmcp', 'testkit'), { recursive: true });
    const demo = spawnSync('npx', ['--yes', 'tgmcp-read', '--demo'], {
      cwd: app,
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
    });
    expect(demo.status).not.toBe(0);
    expect(demo.stderr).toContain('MISSING_DEPENDENCY');
    expect(demo.stderr).toContain('`npm i @tgmcp/testkit`');
    expect(demo.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  },
);

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
    npmInstall(
      app,
      files.map((f) => path.join(tarballs, f)),
    );
    console.log(
      `@tgmcp/read + @tgmcp/actions install: ${packageCount(app)} packages, ${(treeBytes(path.join(app, 'node_modules')) / 1e6).toFixed(1)} MB`,
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
