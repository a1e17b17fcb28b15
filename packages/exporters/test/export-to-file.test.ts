// exportToFile: the export orchestration `tgmcp-read export` and the read tools' resource links
// share, against real gramjs over the fake DC: source by kind, default file in <dataDir>/exports,
// filters passed through, the pages charged as bulk, and typed errors before anything is written.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type RateLimitStore, type TakeRequest, memoryStore } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import { type ExportToFileRequest, type ProgressEvent, exportToFile } from '../src/index.js';
import { manualClock, open, setup, startFake, tempDir } from './setup.js';

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('exportToFile', () => {
  it('writes messages to the given file with their filters, and says where (file URL, media type)', async () => {
    const { tg } = await setup();
    const out = path.join(tempDir(), 'big.jsonl');
    const events: ProgressEvent[] = [];
    const r = await exportToFile(
      tg,
      {
        kind: 'messages',
        chat: '@big_group',
        format: 'jsonl',
        out,
        limit: 250,
        messages: { order: 'newest-first', maxId: 1000 },
      },
      { onProgress: (e) => events.push(e) },
    );
    expect(r).toMatchObject({
      file: out,
      manifestFile: `${out}.manifest.json`,
      uri: pathToFileURL(out).href,
      mimeType: 'application/x-ndjson',
    });
    const ids = lines(out).map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toHaveLength(250);
    expect(ids[0]).toBe(999);
    expect(ids.at(-1)).toBe(750);
    expect(r.manifest).toMatchObject({
      kind: 'messages',
      count: 250,
      filters: { order: 'newest-first', max_id: 1000, limit: 250 },
    });
    expect(events.at(-1)).toMatchObject({ done: 250, total: 250 });
  });

  it('names a default file in <dataDir>/exports (0700) after kind, chat and time', async () => {
    const { tg } = await setup();
    const dataDir = tempDir();
    const clock = manualClock(Date.parse('2026-03-04T05:06:07.089Z'));
    const r = await exportToFile(
      tg,
      { kind: 'participants', chat: -100100, format: 'csv', dataDir },
      { clock },
    );
    expect(r.file).toBe(
      path.join(dataDir, 'exports', 'participants--100100-2026-03-04T05-06-07-089Z.csv'),
    );
    expect(statSync(path.join(dataDir, 'exports')).mode & 0o777).toBe(0o700);
    expect(r.mimeType).toBe('text/csv');
    expect(r.manifest.count).toBe(4);
    // Phones stay out unless asked (the operator decides; the tool passes it through).
    expect(readFileSync(r.file, 'utf8')).not.toContain('15550002222');
    const withPhone = await exportToFile(tg, {
      kind: 'participants',
      chat: '@club',
      format: 'jsonl',
      out: path.join(dataDir, 'phones.jsonl'),
      participants: { includePhone: true, filter: 'all' },
    });
    expect(readFileSync(withPhone.file, 'utf8')).toContain('+15550002222');
  });

  it('exports the dialog list without a chat; a default name says "account"', async () => {
    const { tg } = await setup();
    const dataDir = tempDir();
    const r = await exportToFile(tg, { kind: 'dialogs', format: 'csv', dataDir, limit: 3 });
    expect(path.basename(r.file)).toMatch(/^dialogs-account-.*\.csv$/);
    expect(r.manifest).toMatchObject({ kind: 'dialogs', count: 3 });
    const desktop = await exportToFile(tg, {
      kind: 'messages',
      chat: '@club',
      format: 'tdesktop',
      dataDir,
    });
    expect(path.basename(desktop.file)).toMatch(/^messages-_club-.*\.json$/);
    expect(desktop.mimeType).toBe('application/json');
  });

  it('refuses to replace a file unless told to overwrite, and resumes an interrupted export', async () => {
    const { tg } = await setup();
    const out = path.join(tempDir(), 'club.csv');
    writeFileSync(out, 'keep me');
    const request = { kind: 'messages', chat: '@club', format: 'csv', out } as const;
    await expect(exportToFile(tg, request)).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    await exportToFile(tg, { ...request, overwrite: true });
    expect(readFileSync(out, 'utf8')).toMatch(/^id,chat_id,/);

    const big = path.join(path.dirname(out), 'big.jsonl');
    const ac = new AbortController();
    const stopped = exportToFile(
      tg,
      { kind: 'messages', chat: '@big_group', format: 'jsonl', out: big },
      { signal: ac.signal, onProgress: (e) => e.done >= 300 && ac.abort() },
    );
    await expect(stopped).rejects.toThrow();
    expect(existsSync(big)).toBe(false);
    const r = await exportToFile(tg, {
      kind: 'messages',
      chat: '@big_group',
      format: 'jsonl',
      out: big,
      resume: true,
    });
    expect(r.manifest.resumes).toBe(1);
    const ids = lines(big).map((l) => (JSON.parse(l) as { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(r.manifest.count);
  });

  it.each<[object, string]>([
    [{ kind: 'messages', format: 'jsonl' }, 'chat'],
    [{ kind: 'participants', chat: '', format: 'jsonl' }, 'chat'],
    [{ kind: 'groups', chat: '@club', format: 'jsonl' }, 'kind'],
    [{ kind: 'messages', chat: '@club', format: 'xml' }, 'format'],
    [{ kind: 'messages', chat: '@club', format: 'jsonl', dataDir: undefined }, 'out'],
  ])('refuses %j as INVALID_INPUT naming %s, before writing anything', async (request, field) => {
    const { fake, tg } = await setup();
    const dataDir = tempDir();
    const before = fake.requests.count('messages.GetHistory');
    await expect(
      exportToFile(tg, { dataDir, ...request } as ExportToFileRequest),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field });
    expect(fake.requests.count('messages.GetHistory')).toBe(before);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  // The chokepoint charges requests made inside asBulk as bulk: the limiter takes a bulk turn's
  // tokens without reserving ahead (no maxWaitMs), an interactive one reserves (maxWaitMs set).
  it('runs its pages as a bulk job in the limiter the account shares', async () => {
    const fake = await startFake();
    const takes: TakeRequest[] = [];
    const inner = memoryStore();
    const store: RateLimitStore = {
      ...inner,
      take: (key, request, nowMs) => {
        takes.push(request);
        return inner.take(key, request, nowMs);
      },
    };
    const tg = await open(fake, {
      store,
      limits: { mode: 'shared', rate: 10_000, burst: 10_000 },
    });
    await tg.countMessages('@club');
    const interactive = takes.splice(0).filter((t) => t.cost > 0);
    expect(interactive.length).toBeGreaterThan(0);
    expect(interactive.every((t) => t.maxWaitMs !== undefined)).toBe(true);

    await exportToFile(tg, {
      kind: 'messages',
      chat: '@big_group',
      format: 'jsonl',
      out: path.join(tempDir(), 'bulk.jsonl'),
    });
    const bulk = takes.filter((t) => t.cost > 0);
    expect(bulk.length).toBeGreaterThan(10);
    expect(bulk.filter((t) => t.maxWaitMs !== undefined)).toEqual([]);
  });
});
