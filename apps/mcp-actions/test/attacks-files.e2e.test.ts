// Attacks through the files a write tool reads (security review issue 16, items 4, 6, 7, 8):
// hard links, FIFOs, roots reached through symlinks, dirs overlapping the data dir. Each is
// judged by what reached the fake DC (upload parts, writes), never by an error text.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE_ENV, CLI, errorOf, sc, startActions } from './harness.js';

type W = { status: string; request_id?: string };
type A = Awaited<ReturnType<typeof startActions>>;
const OP = { TG_ACTIONS_APPROVAL_MODE: 'operator' };
const exec = { dry_run: false, confirm: true };
const group = '@oss_hackers';

const uploads = (fake: FakeTelegram) =>
  fake.requests.count('upload.SaveFilePart') + fake.requests.count('upload.SaveBigFilePart');

const later: Array<() => void> = [];
afterEach(() => {
  for (const fn of later.splice(0).reverse()) fn();
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  later.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Previews, approves as the operator, executes: what an attacker needs a person to click. */
async function sendApproved(a: A, file_path: string, timeout = 20_000): Promise<void> {
  const args = { group, file_path };
  const p = await a.client.callTool({ name: 'tg_send_file', arguments: args }, undefined, {
    timeout,
  });
  if (p.isError) return;
  const id = sc<W>(p).request_id!;
  expect((await a.operator(['approve', id, '--yes'])).code).toBe(0);
  await a.client.callTool(
    { name: 'tg_send_file', arguments: { ...args, ...exec, request_id: id } },
    undefined,
    { timeout },
  );
}

/** A data dir with a session for `fake`, as the harness makes it (for a caller-chosen path). */
function seedDataDir(dataDir: string, fake: FakeTelegram): void {
  createSessionStore({ dataDir }).save('main', { session: fake.sessionString, source: 'test' });
  mkdirSync(path.join(dataDir, 'outbox'), { recursive: true });
}

/** Runs the server with stdin closed: a server that starts exits 0 at once; a refused one, 1. */
function startupOf(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI], { env, input: '', timeout: 20_000 });
  return { status: r.status, stderr: r.stderr.toString() };
}

describe('file attacks on the actions server', { timeout: 90_000 }, () => {
  it('hard links in the outbox (to the session file, or to any file) are never sent', async () => {
    const a = await startActions({ env: OP });
    const outbox = path.join(a.dataDir, 'outbox');
    linkSync(path.join(a.dataDir, 'sessions', 'main.session'), path.join(outbox, 'notes.txt'));
    writeFileSync(path.join(a.dataDir, 'private.txt'), 'not for the outbox');
    linkSync(path.join(a.dataDir, 'private.txt'), path.join(outbox, 'copy.txt'));
    for (const file of ['notes.txt', 'copy.txt']) await sendApproved(a, file);
    expect(uploads(a.fake)).toBe(0);
    expect(a.fake.requests.writes()).toEqual([]);
    for (const file of ['notes.txt', 'copy.txt']) {
      const r = await a.client.callTool({
        name: 'tg_send_file',
        arguments: { group, file_path: file },
      });
      expect(errorOf(r).field).toBe('file_path');
    }
    // An ordinary file still goes out: the refusal is about links, not about sending files.
    await sendApproved(a, 'report.csv');
    expect(uploads(a.fake)).toBeGreaterThan(0);
    expect(a.fake.requests.count('messages.SendMedia')).toBe(1);
  });

  it('a FIFO in the outbox is refused and the server keeps answering', async () => {
    const a = await startActions({ env: OP });
    const fifo = path.join(a.dataDir, 'outbox', 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    // Unblocks a reader stuck in open() (the old code), so the server can be shut down.
    later.push(() => {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader: nothing to unblock
      }
    });
    const r = await a.client
      .callTool({ name: 'tg_send_file', arguments: { group, file_path: 'pipe.csv' } }, undefined, {
        timeout: 5_000,
      })
      .catch((err: Error) => err);
    expect(r).not.toBeInstanceOf(Error);
    expect(errorOf(r).field).toBe('file_path');
    // The same server still sends an approved message: it was never frozen.
    const args = { group, message_text: 'still here' };
    const p = sc<W>(
      await a.client.callTool({ name: 'tg_send_message', arguments: args }, undefined, {
        timeout: 5_000,
      }),
    );
    expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
    await a.client.callTool(
      { name: 'tg_send_message', arguments: { ...args, ...exec, request_id: p.request_id } },
      undefined,
      { timeout: 5_000 },
    );
    expect(a.fake.requests.count('messages.SendMessage')).toBe(1);
    expect(uploads(a.fake)).toBe(0);
  });

  it('TG_ACTIONS_FILE_ROOTS through a symlink to the data dir: the server refuses to start', async () => {
    const fake = await startFakeTelegram({ world: demoWorld() });
    later.push(() => void fake.close());
    const base = tempDir('tgmcp-actions-roots-');
    const dataDir = path.join(base, 'data');
    seedDataDir(dataDir, fake);
    // A chat export the read server wrote: private history, and a file that does not change.
    mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
    writeFileSync(path.join(dataDir, 'exports', 'chat.jsonl'), '{"text":"private"}\n');
    symlinkSync(dataDir, path.join(base, 'files'));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: path.join(base, 'home'),
      TG_DATA_DIR: dataDir,
      TGMCP_TESTKIT_DC: `127.0.0.1:${fake.port}`,
      ...BASE_ENV,
      ...OP,
      TG_ACTIONS_FILE_ROOTS: path.join(base, 'files'),
    };
    const a = await startActions({ env, fake, dataDir }).catch(() => undefined);
    if (a) await sendApproved(a, 'exports/chat.jsonl');
    expect(uploads(fake)).toBe(0);
    expect(fake.requests.writes()).toEqual([]);
    const start = startupOf(env);
    expect(start.status).toBe(1);
    expect(start.stderr).toContain('TG_ACTIONS_FILE_ROOTS');
  });

  it('TG_ACTIONS_FILE_ROOTS through a symlink to $HOME is an unsafe policy: nothing is sent', async () => {
    const a0 = await startFakeTelegram({ world: demoWorld() });
    later.push(() => void a0.close());
    const base = tempDir('tgmcp-actions-home-');
    const dataDir = path.join(base, 'data');
    const home = path.join(base, 'home');
    seedDataDir(dataDir, a0);
    mkdirSync(path.join(home, 'Documents'), { recursive: true });
    writeFileSync(path.join(home, 'Documents', 'tax.txt'), 'income: a lot\n');
    symlinkSync(home, path.join(base, 'files'));
    const a = await startActions({
      fake: a0,
      dataDir,
      env: {
        ...OP,
        HOME: home,
        TG_ACTIONS_FILE_ROOTS: path.join(base, 'files'),
        TG_ACTIONS_UNSAFE_OVERRIDE: '0',
        TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '10',
      },
    });
    const args = { group, file_path: 'Documents/tax.txt' };
    const p = await a.client.callTool({ name: 'tg_send_file', arguments: args });
    if (!p.isError) {
      const id = sc<W>(p).request_id!;
      expect((await a.operator(['approve', id, '--yes'])).code).toBe(0);
      await new Promise((r) => setTimeout(r, 10_500));
      await a.client.callTool({
        name: 'tg_send_file',
        arguments: { ...args, ...exec, request_id: id },
      });
    } else {
      expect(errorOf(p).code).toBe('ACTIONS_UNSAFE_POLICY');
    }
    expect(uploads(a0)).toBe(0);
    expect(a0.requests.writes()).toEqual([]);
  });

  it('TG_MEDIA_DIR or TG_ACTIONS_REPORT_DIR over the data dir: the server refuses to start', async () => {
    const base = tempDir('tgmcp-actions-dirs-');
    const home = path.join(base, 'home');
    const dataDir = path.join(home, '.local', 'share', 'tgmcp');
    mkdirSync(path.join(dataDir, 'state', 'actions'), { recursive: true });
    symlinkSync(path.join(dataDir, 'state'), path.join(base, 'state-link'));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      ...BASE_ENV,
      TGMCP_TESTKIT_DC: '127.0.0.1:1',
    };
    for (const [variable, value] of [
      ['TG_MEDIA_DIR', home],
      ['TG_MEDIA_DIR', path.join(base, 'state-link', 'actions')],
      ['TG_ACTIONS_REPORT_DIR', path.join(dataDir, 'state')],
      ['TG_ACTIONS_FILE_ROOTS', path.join(dataDir, 'sessions')],
    ] as const) {
      const start = startupOf({ ...env, [variable]: value });
      expect(start.status, `${variable}=${value}`).toBe(1);
      expect(start.stderr).toContain(variable);
    }
    // The defaults (<dataDir>/media, <dataDir>/outbox, <dataDir>/reports) start.
    expect(startupOf(env).status).toBe(0);
  });
});
