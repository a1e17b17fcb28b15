import { execFileSync, spawn } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { readOutboxFile } from './outbox.js';

let base: string;
let outbox: string;
let sessions: string;
let state: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'tgmcp-outbox-'));
  outbox = path.join(base, 'outbox');
  sessions = path.join(base, 'sessions');
  state = path.join(base, 'state', 'actions');
  for (const d of [outbox, sessions, state]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(sessions, 'main.session'), 'SESSION-SECRET');
  writeFileSync(path.join(state, 'approvals.json'), '{"code":"secret"}');
  writeFileSync(path.join(outbox, 'report.csv'), 'a,b\n1,2\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const read = (file: string, denied = [sessions, path.join(base, 'state')]) =>
  readOutboxFile(file, [outbox], denied, 1024);

function refusal(file: string, denied?: string[]): string {
  try {
    read(file, denied);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe('file_path');
    return (err as Error).message;
  }
  throw new Error(`${file} was accepted`);
}

describe('readOutboxFile', () => {
  it('reads a regular file of the outbox, with its hash', () => {
    const f = read('report.csv');
    expect(f.bytes.toString()).toBe('a,b\n1,2\n');
    expect(f.name).toBe('report.csv');
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a hard link to the session file: by inode, whatever its name', () => {
    linkSync(path.join(sessions, 'main.session'), path.join(outbox, 'notes.txt'));
    expect(refusal('notes.txt')).toMatch(/data directory/);
  });

  it('refuses a hard link to a state file, and to any file (more than one name)', () => {
    linkSync(path.join(state, 'approvals.json'), path.join(outbox, 'a.txt'));
    expect(refusal('a.txt')).toMatch(/data directory/);
    writeFileSync(path.join(base, 'elsewhere.txt'), 'x');
    linkSync(path.join(base, 'elsewhere.txt'), path.join(outbox, 'b.txt'));
    expect(refusal('b.txt')).toMatch(/hard links/);
  });

  it('compares by inode even when the protected file is named directly', () => {
    linkSync(path.join(sessions, 'main.session'), path.join(outbox, 'c.txt'));
    expect(refusal('c.txt', [path.join(sessions, 'main.session')])).toMatch(/data directory/);
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = path.join(outbox, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    // A writer that shows up after 2 s: a blocking open would wait for it, then fail the timing.
    const writer = spawn('sh', ['-c', `sleep 2; : > "${fifo}"`], { stdio: 'ignore' });
    const started = Date.now();
    try {
      expect(refusal('pipe.csv')).toMatch(/regular file/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('refuses a directory, a symlink out, and files inside a denied dir reached by a root', () => {
    mkdirSync(path.join(outbox, 'dir.txt'));
    expect(refusal('dir.txt')).toMatch(/regular file/);
    symlinkSync(path.join(sessions, 'main.session'), path.join(outbox, 'link.txt'));
    expect(refusal('link.txt')).toMatch(/inside/);
    writeFileSync(path.join(sessions, 'main.txt'), 'SESSION-SECRET');
    expect(() => readOutboxFile('sessions/main.txt', [base], [sessions], 1024)).toThrow(
      /data directory/,
    );
  });
});
