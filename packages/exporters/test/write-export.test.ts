// writeExport: atomic output, manifest with the file's sha256, and an export stopped mid-way
// that resumes into exactly the bytes of an uninterrupted one.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExportFormat,
  type Manifest,
  checkpointPath,
  exportMessages,
  exportParticipants,
  readCheckpoint,
  writeExport,
} from '../src/index.js';
import { HISTORY, T0, manualClock, setup, tempDir } from './setup.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readManifest = (file: string) =>
  JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as Manifest;

describe('writeExport', () => {
  it('writes the file atomically and a manifest holding its sha256', async () => {
    const { tg } = await setup();
    const dir = tempDir();
    const file = path.join(dir, 'big.jsonl');
    const clock = manualClock(Date.parse('2026-01-02T03:04:05Z'));
    const result = await writeExport(exportMessages(tg, '@big_group', { minId: 100 }), {
      file,
      format: 'jsonl',
      clock,
    });
    const m = readManifest(file);
    expect(result.manifest).toEqual(m);
    expect(m.sha256).toBe(sha256(file));
    expect(m.bytes).toBe(readFileSync(file).length);
    expect(m).toMatchObject({
      tool: { name: '@tgmcp/exporters', version: '0.0.0' },
      format: 'jsonl',
      kind: 'messages',
      file: 'big.jsonl',
      source: { chat_id: '-100400', title: 'Big', type: 'supergroup', username: 'big_group' },
      filters: { order: 'oldest-first', min_id: 100 },
      count: HISTORY - 100,
      first_id: 101,
      last_id: HISTORY,
      started_at: '2026-01-02T03:04:05.000Z',
      resumes: 0,
    });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const dates = lines.map((l) => (JSON.parse(l) as { date: string }).date);
    expect(m.time_range).toEqual({ from: dates[0], to: dates.at(-1) });
    // Nothing left behind but the output and its manifest.
    expect(readdirSync(dir).sort()).toEqual(['big.jsonl', 'big.jsonl.manifest.json']);
  });

  it('refuses to replace an output unless told to', async () => {
    const { tg } = await setup();
    const file = path.join(tempDir(), 'club.csv');
    writeFileSync(file, 'keep me');
    await expect(
      writeExport(exportMessages(tg, '@club'), { file, format: 'csv' }),
    ).rejects.toMatchObject({
      code: 'OUTPUT_EXISTS',
    });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    await writeExport(exportMessages(tg, '@club'), { file, format: 'csv', overwrite: true });
    expect(readFileSync(file, 'utf8')).toMatch(/^id,chat_id,/);
  });

  it.each(['jsonl', 'csv', 'tdesktop'] as ExportFormat[])(
    'resumes a stopped %s export into the bytes of an uninterrupted one',
    async (format) => {
      const { tg } = await setup();
      const dir = tempDir();
      const whole = path.join(dir, `whole.${format}`);
      await writeExport(exportMessages(tg, '@big_group'), { file: whole, format });

      const file = path.join(dir, `part.${format}`);
      const ac = new AbortController();
      const stopped = writeExport(
        exportMessages(tg, '@big_group', {
          signal: ac.signal,
          progressEvery: 1,
          onProgress: (e) => e.done === 537 && ac.abort(),
        }),
        { file, format, checkpointEvery: 100 },
      );
      await expect(stopped).rejects.toThrow(/abort/i);
      expect(existsSync(file)).toBe(false);
      const cp = (await readCheckpoint(file))!;
      expect(cp).toMatchObject({ count: 537, state: { last_id: 537, done: 537 } });
      // A kill lands after some bytes were written but before the next checkpoint: simulate it.
      appendFileSync(path.join(dir, cp.partial), 'half a record that must go');

      const calls: number[] = [];
      await writeExport(
        exportMessages(tg, '@big_group', {
          onProgress: (e) => calls.push(e.done),
          progressEvery: 1,
        }),
        { file, format, resume: true },
      );
      expect(calls[0]).toBe(538);
      expect(readFileSync(file).equals(readFileSync(whole))).toBe(true);
      const [a, b] = [readManifest(whole), readManifest(file)];
      const strip = ({
        started_at: _s,
        finished_at: _f,
        file: _n,
        resumes: _r,
        ...rest
      }: Manifest) => rest;
      expect(strip(b)).toEqual(strip(a));
      expect(b.resumes).toBe(1);
      expect(existsSync(checkpointPath(file))).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    },
  );

  it('resumes a participant export without duplicates, skipping ids already written', async () => {
    const { tg } = await setup();
    const dir = tempDir();
    const whole = path.join(dir, 'whole.csv');
    await writeExport(exportParticipants(tg, '@big_group'), { file: whole, format: 'csv' });
    const file = path.join(dir, 'part.csv');
    const ac = new AbortController();
    await expect(
      writeExport(
        exportParticipants(tg, '@big_group', {
          signal: ac.signal,
          progressEvery: 1,
          onProgress: (e) => e.done === 250 && ac.abort(),
        }),
        { file, format: 'csv', checkpointEvery: 64 },
      ),
    ).rejects.toThrow(/abort/i);
    await writeExport(exportParticipants(tg, '@big_group'), { file, format: 'csv', resume: true });
    const rows = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    const wholeRows = readFileSync(whole, 'utf8').trimEnd().split('\r\n');
    expect(wholeRows.length).toBeGreaterThan(450);
    expect(rows).toHaveLength(wholeRows.length);
    expect(new Set(rows).size).toBe(rows.length);
    expect(readFileSync(file).equals(readFileSync(whole))).toBe(true);
  });

  it('keeps an unfinished export safe: no silent restart, no resume into another export', async () => {
    const { tg } = await setup();
    const file = path.join(tempDir(), 'big.jsonl');
    const ac = new AbortController();
    const source = () =>
      exportMessages(tg, '@big_group', {
        signal: ac.signal,
        onProgress: (e) => e.done >= 300 && ac.abort(),
      });
    await expect(writeExport(source(), { file, format: 'jsonl' })).rejects.toThrow(/abort/i);
    await expect(
      writeExport(exportMessages(tg, '@big_group'), { file, format: 'jsonl' }),
    ).rejects.toMatchObject({
      code: 'CHECKPOINT_EXISTS',
    });
    await expect(
      writeExport(exportMessages(tg, '@big_group', { order: 'newest-first' }), {
        file,
        format: 'jsonl',
        resume: true,
      }),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH' });
    await expect(
      writeExport(exportMessages(tg, '@big_group'), { file, format: 'csv', resume: true }),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH' });
    writeFileSync(checkpointPath(file), '{"version":1}');
    await expect(
      writeExport(exportMessages(tg, '@big_group'), { file, format: 'jsonl', resume: true }),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_INVALID' });
    const done = await writeExport(exportMessages(tg, '@big_group', { maxDate: T0 + 1_000 }), {
      file,
      format: 'jsonl',
      overwrite: true,
    });
    expect(done.manifest.count).toBeGreaterThan(0);
  });
});
