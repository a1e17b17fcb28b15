// Reading a join report for batch-from-report (fixes D4): only inside the allowed directories
// (after resolving symlinks), only regular files, size-capped, parsed with a schema; errors name
// the field, never the file's content or the parser's text.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { canonicalPeerId } from '../hash/payload-hash.js';
import { BatchError } from './errors.js';

export const DEFAULT_REPORT_MAX_BYTES = 1024 * 1024;
const MAX_ITEMS = 100_000;

const chatId = z.union([z.number().int(), z.string().regex(/^-?\d{1,20}$/)]).nullish();
const resultSchema = z
  .looseObject({ success: z.boolean().nullish(), error: z.string().nullish() })
  .nullish();
const reportSchema = z.looseObject({
  items: z.array(z.looseObject({ chat_id: chatId, result: resultSchema })).max(MAX_ITEMS),
});
export type JoinReport = z.infer<typeof reportSchema>;

const inside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
};

const isErrno = (err: unknown, ...codes: string[]) =>
  typeof err === 'object' &&
  err !== null &&
  codes.includes((err as NodeJS.ErrnoException).code ?? '');

async function realDirs(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    if (!path.isAbsolute(d)) continue;
    out.push(await fs.realpath(d).catch(() => path.resolve(d)));
  }
  return out;
}

/**
 * Resolves `reportPath` (relative paths against the first allowed dir) and checks it lies in an
 * allowed dir before and after resolving symlinks. Outside paths are refused without touching
 * them, so the answer does not reveal whether they exist.
 */
export async function confineReportPath(
  reportPath: string,
  allowedDirs: readonly string[],
): Promise<string> {
  const dirs = allowedDirs.filter((d) => path.isAbsolute(d)).map((d) => path.resolve(d));
  const notAllowed = () =>
    new BatchError(
      'REPORT_NOT_ALLOWED',
      `report_path must be a file inside the report directory (${dirs.join(', ') || 'none configured'})`,
      { field: 'report_path' },
    );
  if (dirs.length === 0) throw notAllowed();
  const given = path.resolve(dirs[0]!, reportPath.trim());
  const reals = await realDirs(dirs);
  if (!dirs.some((d) => inside(d, given)) && !reals.some((d) => inside(d, given))) {
    throw notAllowed();
  }
  let real: string;
  try {
    real = await fs.realpath(given);
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) {
      throw new BatchError('REPORT_NOT_FOUND', 'report_path does not exist', {
        field: 'report_path',
      });
    }
    throw err;
  }
  if (!reals.some((d) => inside(d, real))) throw notAllowed();
  return real;
}

/** Reads at most `maxBytes` of a regular file opened without following a final symlink. */
export async function readCapped(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await fs.open(
    file,
    constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
  );
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new BatchError('REPORT_INVALID', 'report_path is not a regular file', {
        field: 'report_path',
      });
    }
    const tooLarge = () =>
      new BatchError('REPORT_TOO_LARGE', `report is larger than ${maxBytes} bytes`, {
        field: 'report_path',
        limitBytes: maxBytes,
      });
    if (stat.size > maxBytes) throw tooLarge();
    // The file may grow after fstat: read one byte past the cap to notice.
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > maxBytes) throw tooLarge();
    }
    return buf.subarray(0, n);
  } finally {
    await handle.close();
  }
}

function schemaError(error: z.ZodError): BatchError {
  const issue = error.issues[0]!;
  const field = issue.path
    .map(String)
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  const what =
    issue.code === 'invalid_type'
      ? `expected ${issue.expected}`
      : issue.code === 'too_big'
        ? `too many entries (max ${MAX_ITEMS})`
        : field.endsWith('chat_id')
          ? 'expected an integer chat id'
          : 'invalid value';
  return new BatchError('REPORT_INVALID', `report field '${field || '(root)'}': ${what}`, {
    field: field || '(root)',
  });
}

export function parseReport(bytes: Buffer): JoinReport {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // The parser's message quotes the input (D4): say only what is wrong.
    throw new BatchError('REPORT_INVALID', 'report is not valid UTF-8 JSON', {
      field: '(root)',
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BatchError('REPORT_INVALID', "report must be a JSON object with an 'items' array", {
      field: '(root)',
    });
  }
  const r = reportSchema.safeParse(raw);
  if (!r.success) throw schemaError(r.error);
  return r.data;
}

/**
 * Chat ids of failed items whose error contains `errorContains` (trimmed, case-insensitive;
 * empty = every failure), canonical and de-duplicated in report order (the seed's selection).
 */
export function failedChatIds(report: JoinReport, errorContains: string): string[] {
  const needle = errorContains.trim().toLowerCase();
  const ids = new Set<string>();
  report.items.forEach((item, i) => {
    const result = item.result;
    if (!result || result.success || item.chat_id === null || item.chat_id === undefined) return;
    if (!(result.error ?? '').toLowerCase().includes(needle)) return;
    try {
      ids.add(canonicalPeerId(item.chat_id));
    } catch {
      throw new BatchError(
        'REPORT_INVALID',
        `report field 'items[${i}].chat_id': expected a non-zero chat id`,
        { field: `items[${i}].chat_id` },
      );
    }
  });
  return [...ids];
}
