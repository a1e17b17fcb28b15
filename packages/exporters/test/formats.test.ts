// The three formats on real records from the fake DC: CSV parses back to the records, Desktop's
// result.json has Desktop's shape, JSONL is one record per line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { MessageRecord } from '@tgmcp/telegram';
import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  csvCell,
  exportDialogs,
  exportGroups,
  exportMessages,
  exportParticipants,
  formatterFor,
  writeExport,
} from '../src/index.js';
import { collect, setup, tempDir } from './setup.js';

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
const flat = (r: object, col: string): unknown => {
  const [a, b] = col.split('.') as [string, string | undefined];
  const top = (r as Record<string, unknown>)[a];
  return b === undefined ? top : (top as Record<string, unknown> | null)?.[b];
};
const neutral = (v: unknown) =>
  typeof v === 'string' && /^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;

describe('csv', () => {
  it('quotes what RFC 4180 requires and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(-100123)).toBe('-100123');
    expect(csvCell('-100123')).toBe('-100123');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@bob')).toBe("'@bob");
    expect(csvCell('=1+1', false)).toBe('=1+1');
  });

  it('parses back to the records, one row each, with a header', async () => {
    const { tg } = await setup();
    const records = await collect(exportMessages(tg, '@club'));
    const file = path.join(tempDir(), 'club.csv');
    await writeExport(exportMessages(tg, '@club'), { file, format: 'csv' });
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows[0]).toEqual([...COLUMNS.messages]);
    expect(rows).toHaveLength(records.length + 1);
    rows.slice(1).forEach((row, i) => {
      expect(row).toEqual(COLUMNS.messages.map((c) => cell(neutral(flat(records[i]!, c)))));
    });
    // The awkward texts survived: CRLF inside a quoted field, quotes, formulas neutralised.
    const texts = rows.slice(1).map((r) => r[COLUMNS.messages.indexOf('text')]);
    expect(texts).toContain('line one\r\nline two\nthree');
    expect(texts).toContain('hello, "world"');
    expect(texts).toContain(`'=HYPERLINK("x") and @you`);
    expect(texts).toContain('forwarded ✓ 🚀');
  });

  it('has a column for every field of every record kind', async () => {
    const { tg } = await setup();
    const samples: Array<[keyof typeof COLUMNS, object[]]> = [
      ['messages', await collect(exportMessages(tg, '@club'))],
      ['participants', await collect(exportParticipants(tg, '@club', { includePhone: true }))],
      ['dialogs', await collect(exportDialogs(tg))],
      ['groups', await collect(exportGroups(tg))],
    ];
    for (const [kind, records] of samples) {
      expect(records.length).toBeGreaterThan(0);
      for (const r of records)
        for (const [key, value] of Object.entries(r)) {
          if (value !== null && typeof value === 'object')
            for (const sub of Object.keys(value as object))
              expect(COLUMNS[kind]).toContain(`${key}.${sub}`);
          else expect(COLUMNS[kind].some((c) => c === key || c.startsWith(`${key}.`))).toBe(true);
        }
    }
  });
});

describe('tdesktop result.json', () => {
  it("has Telegram Desktop's layout", async () => {
    const { tg } = await setup();
    const file = path.join(tempDir(), 'result.json');
    await writeExport(exportMessages(tg, '@club'), { file, format: 'tdesktop' });
    const text = readFileSync(file, 'utf8');
    expect(
      text.startsWith('{\n "name": "Club",\n "type": "public_supergroup",\n "id": 100,\n'),
    ).toBe(true);
    const doc = JSON.parse(text) as {
      name: string;
      type: string;
      id: number;
      messages: Array<Record<string, unknown>>;
    };
    expect(doc).toMatchObject({ name: 'Club', type: 'public_supergroup', id: 100 });
    const byId = new Map(doc.messages.map((m) => [m.id, m]));
    expect(doc.messages.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(byId.get(1)).toMatchObject({
      type: 'service',
      actor: 'Alice A',
      actor_id: 'user10',
      action: 'create_channel', // a supergroup is created as a channel, as in Desktop
      text: '',
      text_entities: [],
    });
    expect(byId.get(2)).toEqual({
      id: 2,
      type: 'message',
      date: '2020-09-13T12:27:40',
      date_unixtime: '1600000060',
      from: 'Alice A',
      from_id: 'user10',
      text: 'hello, "world"',
      text_entities: [{ type: 'plain', text: 'hello, "world"' }],
    });
    expect(byId.get(3)).toMatchObject({ from: 'Club', from_id: 'channel100' });
    expect(byId.get(4)).toMatchObject({ from_id: 'user11', reply_to_message_id: 2 });
    expect(byId.get(5)).toMatchObject({ file_name: 'notes.txt', mime_type: 'text/plain' });
    expect(byId.get(5)!.file).toMatch(/^\(File not included/);
    expect(byId.get(6)!.photo).toMatch(/^\(File not included/);
    expect(byId.get(7)).toMatchObject({
      forwarded_from: 'Alice A',
      edited_unixtime: '1600000400',
      edited: '2020-09-13T12:33:20',
    });
    expect(byId.get(8)).toMatchObject({ from: 'News', from_id: 'channel200' });
    for (const m of doc.messages) expect(typeof m.date_unixtime).toBe('string');
  });

  it('names the chat types the way Desktop does', async () => {
    const { tg } = await setup();
    const dir = tempDir();
    const typeOf = async (chat: string) => {
      const file = path.join(dir, `${chat.replace(/\W/g, '')}.json`);
      await writeExport(exportMessages(tg, chat), { file, format: 'tdesktop' });
      return (JSON.parse(readFileSync(file, 'utf8')) as { type: string; id: number }).type;
    };
    expect(await typeOf('@news_chan')).toBe('public_channel');
    expect(await typeOf('-300')).toBe('private_group');
    expect(await typeOf('@alice')).toBe('personal_chat');
  });

  it('is valid JSON for an empty selection', async () => {
    const { tg } = await setup();
    const file = path.join(tempDir(), 'empty.json');
    await writeExport(exportMessages(tg, '@club', { minId: 100 }), { file, format: 'tdesktop' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ messages: [] });
  });

  it('is for messages only', async () => {
    const { tg } = await setup();
    const file = path.join(tempDir(), 'x.json');
    await expect(
      writeExport(exportDialogs(tg), { file, format: 'tdesktop' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('writes a message but refuses any other record, even from a source whose kind says messages', async () => {
    const { tg } = await setup();
    const [message] = await collect(exportMessages(tg, '@club'));
    const [dialog] = await collect(exportDialogs(tg));
    const f = formatterFor<unknown>('messages', 'tdesktop');
    expect(JSON.parse(f.record(message, 0))).toMatchObject({ id: message!.id });
    expect(() => f.record(dialog, 1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('jsonl', () => {
  it('writes one record per line, equal to the records', async () => {
    const { tg } = await setup();
    const records: MessageRecord[] = await collect(exportMessages(tg, '@club'));
    const file = path.join(tempDir(), 'club.jsonl');
    await writeExport(exportMessages(tg, '@club'), { file, format: 'jsonl' });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(records);
  });
});
