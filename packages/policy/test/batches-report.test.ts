// Batch-from-report (D4): the report is read only inside the allowed dirs (symlinks resolved),
// size-capped, schema-checked with errors that name the field and never echo the file, and
// only after the gates and the arguments passed.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createManualClock } from '@tgmcp/ratelimit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchGroupInput, createBatchStore } from '../src/batches/index.js';
import { loadActionsPolicy, memoryStateStore } from '../src/index.js';

const ACCOUNT = '777000';
const USER = { id: '4242', title: 'Alice' };
const SECRET = 'SECRET_TOKEN_5f2a';

let root: string;
let reports: string;
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-batch-report-'));
  reports = path.join(root, 'reports');
  outside = path.join(root, 'outside');
  await mkdir(reports);
  await mkdir(outside);
  await writeFile(
    path.join(reports, 'joins.json'),
    JSON.stringify({
      items: [
        { chat_id: -1001001, result: { success: false, error: 'Join quota exceeded (20/day)' } },
        { chat_id: '-1001002', result: { success: false, error: 'JOIN QUOTA EXCEEDED' } },
        { chat_id: -1001001, result: { success: false, error: 'join quota exceeded' } },
        { chat_id: -1001003, result: { success: false, error: 'USER_PRIVACY_RESTRICTED' } },
        { chat_id: -1001004, result: { success: true } },
        { chat_id: null, result: { success: false, error: 'join quota exceeded' } },
        { chat_id: -1001005, result: null, extra: 'ignored' },
      ],
    }),
  );
  await writeFile(path.join(outside, 'secret.json'), JSON.stringify({ items: [], token: SECRET }));
  await symlink(path.join(outside, 'secret.json'), path.join(reports, 'link.json'));
  await symlink(outside, path.join(reports, 'linkdir'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const resolve = (chatId: string): Promise<BatchGroupInput> =>
  Promise.resolve({ id: chatId, title: `Chat ${chatId}`, type: 'supergroup' });

function setup(policy?: ReturnType<typeof loadActionsPolicy>) {
  return createBatchStore({ store: memoryStateStore(), clock: createManualClock(), policy });
}

const fromReport = (reportPath: string, extra: object = {}, batches = setup()) =>
  batches.createFromReport({
    account: ACCOUNT,
    user: USER,
    reportPath,
    allowedDirs: [reports],
    resolve,
    ...extra,
  });

/** Writes a report and returns the error of reading it. */
async function errorFor(name: string, content: string | Buffer, extra: object = {}) {
  await writeFile(path.join(reports, name), content);
  const err = (await fromReport(name, extra).catch((e: unknown) => e)) as Error & {
    code: string;
    details: { field?: string };
  };
  expect(err).toBeInstanceOf(Error);
  expect(err.message).not.toContain(SECRET);
  return err;
}

describe('createFromReport', () => {
  it('picks the failed groups whose error contains error_contains, de-duplicated', async () => {
    const out = await fromReport('joins.json', { note: 'retry' });
    expect(out.batch.groups.map((g) => g.id)).toEqual(['-1001001', '-1001002']);
    expect(out.batch.note).toBe('from_report:joins.json retry');
    expect(out.batch.status).toBe('pending_approval');
    const all = await fromReport(path.join(reports, 'joins.json'), { errorContains: '' });
    expect(all.batch.groups.map((g) => g.id)).toEqual(['-1001001', '-1001002', '-1001003']);
    await expect(fromReport('joins.json', { errorContains: 'no such text' })).rejects.toMatchObject(
      {
        code: 'REPORT_NO_MATCH',
      },
    );
  });

  it('reports chats that do not resolve; Telegram flood errors are not swallowed', async () => {
    const out = await fromReport('joins.json', {
      resolve: (id: string) =>
        id === '-1001002'
          ? Promise.reject(Object.assign(new Error('x'), { errorMessage: 'CHANNEL_PRIVATE' }))
          : resolve(id),
    });
    expect(out.unresolved).toEqual([{ chatId: '-1001002', code: 'CHANNEL_PRIVATE' }]);
    expect(out.batch.total).toBe(1);
    await expect(
      fromReport('joins.json', {
        resolve: () =>
          Promise.reject(Object.assign(new Error('x'), { errorMessage: 'FLOOD_WAIT_30' })),
      }),
    ).rejects.toMatchObject({ errorMessage: 'FLOOD_WAIT_30' });
  });

  it('refuses paths outside the report dir, by traversal, absolute path or symlink', async () => {
    for (const p of [
      '../outside/secret.json',
      path.join(outside, 'secret.json'),
      path.join(outside, 'missing.json'),
      '/etc/passwd',
      'link.json',
      'linkdir/secret.json',
      '.',
    ]) {
      const err = await fromReport(p).catch((e: unknown) => e);
      expect(err, p).toMatchObject({
        code: 'REPORT_NOT_ALLOWED',
        details: { field: 'report_path' },
      });
      expect((err as Error).message).not.toContain(SECRET);
    }
    await expect(fromReport('missing.json')).rejects.toMatchObject({ code: 'REPORT_NOT_FOUND' });
    await expect(fromReport('joins.json', { allowedDirs: [] })).rejects.toMatchObject({
      code: 'REPORT_NOT_ALLOWED',
    });
  });

  it('refuses what is not a regular file', async () => {
    await mkdir(path.join(reports, 'adir'), { recursive: true });
    await expect(fromReport('adir')).rejects.toMatchObject({ code: 'REPORT_INVALID' });
    const fifo = path.join(reports, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await expect(fromReport('pipe.json')).rejects.toMatchObject({ code: 'REPORT_INVALID' });
  });

  it('caps the size', async () => {
    const big = JSON.stringify({ items: [], pad: 'x'.repeat(1024 * 1024) });
    expect(await errorFor('big.json', big)).toMatchObject({ code: 'REPORT_TOO_LARGE' });
    expect(
      await errorFor('small.json', JSON.stringify({ items: [] }), { maxBytes: 5 }),
    ).toMatchObject({
      code: 'REPORT_TOO_LARGE',
    });
  });

  it('never echoes the file: bad JSON, non-object JSON and schema errors name the field', async () => {
    expect(await errorFor('bad.json', `{"items": [${SECRET}]}`)).toMatchObject({
      code: 'REPORT_INVALID',
      details: { field: '(root)' },
    });
    expect(await errorFor('latin1.json', Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({
      code: 'REPORT_INVALID',
    });
    for (const json of ['[]', `"${SECRET}"`, 'null', '42', 'true']) {
      expect(await errorFor('scalar.json', json)).toMatchObject({
        code: 'REPORT_INVALID',
        details: { field: '(root)' },
      });
    }
    const cases: Array<[unknown, string]> = [
      [{ token: SECRET }, 'items'],
      [{ items: SECRET }, 'items'],
      [{ items: [SECRET] }, 'items[0]'],
      [
        {
          items: [
            { chat_id: -1, result: {} },
            { chat_id: SECRET, result: {} },
          ],
        },
        'items[1].chat_id',
      ],
      [{ items: [{ chat_id: 1.5, result: {} }] }, 'items[0].chat_id'],
      [{ items: [{ chat_id: -1, result: { success: SECRET } }] }, 'items[0].result.success'],
      [
        { items: [{ chat_id: -1, result: { success: false, error: [SECRET] } }] },
        'items[0].result.error',
      ],
      [{ items: [{ chat_id: -1, result: SECRET }] }, 'items[0].result'],
      [
        { items: [{ chat_id: 0, result: { success: false, error: 'join quota exceeded' } }] },
        'items[0].chat_id',
      ],
    ];
    for (const [report, field] of cases) {
      const err = await errorFor('schema.json', JSON.stringify(report));
      expect(err, field).toMatchObject({ code: 'REPORT_INVALID', details: { field } });
      expect(err.message).toContain(field);
    }
  });

  it('checks the gates and the arguments before touching the file (D4)', async () => {
    const dataDir = await mkdtemp(path.join(root, 'data-'));
    const off = loadActionsPolicy({ TG_ACTIONS_ALLOWED_GROUPS: '@club' }, { dataDir });
    // A FIFO would block or fail if it were opened: the gate answers first.
    const fifo = path.join(reports, 'gate.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(fromReport('gate.fifo', {}, setup(off))).rejects.toMatchObject({
      code: 'ACTIONS_DISABLED',
    });
    await expect(fromReport('../outside/secret.json', {}, setup(off))).rejects.toMatchObject({
      code: 'ACTIONS_DISABLED',
    });
    await expect(
      fromReport('../outside/secret.json', { user: { id: 'bob' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'user.id',
    });
    await expect(fromReport('', {})).rejects.toMatchObject({ field: 'reportPath' });
  });
});
