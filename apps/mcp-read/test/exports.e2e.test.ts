// Large results: a tool call above the inline maximum returns a resource_link to an export
// file plus its manifest; `tgmcp-read export` writes files with manifests and resumes.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { CLI, cliEnv, runCli, startServer } from './harness.js';

const T0 = 1_700_000_000;
const world = () =>
  createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user' },
    chats: [
      {
        id: 77,
        kind: 'supergroup',
        title: 'Busy',
        username: 'busy_group',
        date: T0,
        myRole: 'admin',
        myAdminRights: { banUsers: true },
        generatedHistory: { count: 1500, from: T0, to: T0 + 1_500_000 },
        generatedMembers: { count: 700, baseUserId: 9_000_000 },
      },
    ],
  });

describe('large results and exports', { timeout: 60_000 }, () => {
  it('an export interrupted with Ctrl-C resumes with --resume: no gaps, no duplicates', async () => {
    const s = await startServer({ world: world() });
    s.fake.limits.add({ kind: 'latency', method: 'messages.GetHistory', ms: 150 });
    const env = cliEnv(s);
    const out = path.join(s.dataDir, 'busy.jsonl');
    const args = [CLI, 'export', 'messages', '@busy_group', '--format', 'jsonl', '--out', out];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Interrupt once a few pages are in.
    while (s.fake.requests.count('messages.GetHistory') < 4)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(130);
    expect(stderr).toContain('--resume');
    expect(existsSync(out)).toBe(false);
    s.fake.limits.clear();
    const resumed = await promisify(execFile)(process.execPath, [...args, '--resume'], {
      env,
      timeout: 30_000,
    });
    expect(resumed.stderr).toMatch(/exported 1500 messages/);
    const ids = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toHaveLength(1500);
    expect(new Set(ids).size).toBe(1500);
  });

  it('a limit above the inline maximum returns a resource_link and the manifest', async () => {
    const s = await startServer({ world: world(), env: { TG_READ_MAX_ITEMS: '200' } });
    const r = await s.client.callTool({
      name: 'tg_get_messages',
      arguments: { group: '@busy_group', limit: 1200 },
    });
    expect(r.isError).toBeFalsy();
    const content = r.content as Array<{ type: string; uri?: string }>;
    const link = content.find((c) => c.type === 'resource_link')!;
    const sc = r.structuredContent as {
      count: number;
      messages: unknown[];
      export: { file: string; manifest: { count: number; sha256: string } };
    };
    expect(sc.count).toBe(1200);
    expect(sc.messages).toEqual([]);
    const file = fileURLToPath(link.uri!);
    expect(file).toBe(sc.export.file);
    expect(file.startsWith(path.join(s.dataDir, 'exports'))).toBe(true);
    const body = readFileSync(file);
    expect(body.toString().trim().split('\n')).toHaveLength(1200);
    expect(createHash('sha256').update(body).digest('hex')).toBe(sc.export.manifest.sha256);
    const members = await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@busy_group', limit: 600, export_format: 'csv' },
    });
    expect((members.structuredContent as { count: number }).count).toBe(600);
    expect(s.fake.requests.writes()).toEqual([]);
  });

  it('tgmcp-read export writes the file and its manifest, and refuses bad arguments', async () => {
    const s = await startServer({ world: world() });
    const env = cliEnv(s);
    const out = path.join(s.dataDir, 'busy.csv');
    const run = (args: string[]) => runCli(['export', ...args], env);
    const r = await run(['messages', '@busy_group', '--format', 'csv', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/exported 1500 messages/);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as {
      count: number;
      format: string;
    };
    expect(manifest).toMatchObject({ count: 1500, format: 'csv' });
    expect((await run(['messages', '@busy_group', '--format', 'csv', '--out', out])).code).not.toBe(
      0,
    );
    expect((await run(['nonsense', '@busy_group', '--out', out])).code).toBe(2);
    expect((await run(['messages', '@busy_group', '--format', 'xml', '--out', out])).code).toBe(2);
    const d = path.join(s.dataDir, 'dialogs.jsonl');
    expect((await run(['dialogs', '--out', d])).code).toBe(0);
    expect(existsSync(`${d}.manifest.json`)).toBe(true);
  });
});
