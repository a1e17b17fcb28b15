import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createManualClock } from '@tgmcp/ratelimit';
import { afterAll, describe, expect, it } from 'vitest';
import { auditText, createAuditLog, readAudit } from '../index.js';

const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-audit-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('audit log', () => {
  it('appends JSON lines 0600 and reads them back by time and limit', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const file = path.join(root, 'a', 'audit', 'actions.jsonl');
    const log = createAuditLog({ file, clock });
    for (let i = 0; i < 5; i++) {
      await log.append({
        event: 'preview',
        actor: 'agent',
        account: '1',
        action: 'send_message',
        payload_hash: String(i),
      });
      await clock.advance(1000);
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const all = await readAudit({ file });
    expect(all.map((e) => e.payload_hash)).toEqual(['0', '1', '2', '3', '4']);
    expect(all[0]!.time).toBe('2026-01-01T00:00:00.000Z');
    expect(
      (await log.read({ since: Date.UTC(2026, 0, 1, 0, 0, 2) })).map((e) => e.payload_hash),
    ).toEqual(['2', '3', '4']);
    expect((await log.read({ limit: 2 })).map((e) => e.payload_hash)).toEqual(['3', '4']);
  });

  it('skips a line cut by a crash and reads on', async () => {
    const file = path.join(root, 'cut.jsonl');
    const log = createAuditLog({ file });
    await log.append({ event: 'executed', actor: 'agent', account: '1', action: 'x' });
    await appendFile(file, '{"event":"exec');
    await appendFile(file, '\n');
    await log.append({ event: 'failed', actor: 'agent', account: '1', action: 'x' });
    expect((await readAudit({ file })).map((e) => e.event)).toEqual(['executed', 'failed']);
    expect(await readFile(file, 'utf8')).toContain('"event":"exec\n');
  });

  it('records text as hash, UTF-16 length and an 80-character preview', () => {
    const text = `${'я'.repeat(100)}😀`;
    const t = auditText(text);
    expect(t.length).toBe(102);
    expect([...t.preview]).toHaveLength(80);
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a missing file reads as empty', async () => {
    expect(await readAudit({ file: path.join(root, 'none.jsonl') })).toEqual([]);
  });
});
