// `tgmcp-read export`: a chat's messages or members, or the dialog list, to a file, with a
// progress bar on a terminal and --resume after an interruption (Ctrl-C keeps the checkpoint).
// --demo exports from the built-in demo account, so both can be seen without an account.
import path from 'node:path';
import type { ExportFormat, FileExportKind, ProgressEvent } from '@tgmcp/exporters';
import { resolveCredentials } from '@tgmcp/telegram/config';
import { loadServerConfig } from '../runtime/config.js';
import { ServerRuntime } from '../runtime/server-runtime.js';
import type { CommandContext } from './context.js';
import type { DemoSetup } from './demo.js';
import { testConnectOverride } from './test-connect.js';

const KINDS: readonly FileExportKind[] = ['messages', 'participants', 'dialogs'];
const FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'tdesktop'];

function progressPrinter(): (e: ProgressEvent) => void {
  if (!process.stderr.isTTY) return () => {};
  return (e) => {
    const total = e.total ?? undefined;
    const width = 30;
    const filled = total ? Math.min(width, Math.round((e.done / total) * width)) : 0;
    const bar = total
      ? `[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((e.done / total) * 100)}% `
      : '';
    process.stderr.write(
      `\r${bar}${e.done}${total ? `/${total}` : ''} records, ${Math.round(e.rate)}/s   `,
    );
  };
}

/** A library error restated with the command-line option that resolves it. */
class ExportCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OPTION_HINTS: Record<string, string> = {
  OUTPUT_EXISTS: 'the file exists: pass --overwrite to replace it, or choose another --out',
  CHECKPOINT_EXISTS:
    'an unfinished export of this file exists: add --resume to continue it, or --overwrite to start again',
  CHECKPOINT_MISMATCH:
    'the unfinished export of this file is another export: use another --out, or --overwrite to start again',
};

function withOptionHint(err: unknown, file: string): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code in OPTION_HINTS)) return err;
  return new ExportCommandError(code, `${file}: ${OPTION_HINTS[code]}`);
}

type ExportValues = {
  format?: string;
  out?: string;
  resume?: boolean;
  overwrite?: boolean;
  limit?: string;
  demo?: boolean;
};

export async function exportCommand(
  positionals: string[],
  values: ExportValues,
  { bin, help }: CommandContext,
): Promise<number> {
  const [kind, chat] = positionals as [FileExportKind | undefined, string | undefined];
  const usage = (why: string) => {
    process.stderr.write(`${bin} export: ${why}\n\n${help ?? ''}`);
    return 2;
  };
  if (!kind || !KINDS.includes(kind))
    return usage(`the first argument must be one of ${KINDS.join(', ')}`);
  if (kind !== 'dialogs' && !chat)
    return usage(`give the chat to export (@username, t.me link or id)`);
  const format = (values.format ?? 'jsonl') as ExportFormat;
  if (!FORMATS.includes(format)) return usage(`--format must be one of ${FORMATS.join(', ')}`);
  if (!values.out) return usage('--out FILE is required');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    return usage('--limit must be a whole number >= 1');
  if (values.resume && values.overwrite)
    return usage('--resume and --overwrite exclude each other');

  const demo = values.demo ? await (await import('./demo.js')).demoSetup() : undefined;
  try {
    return await run(kind, chat, { format, file: path.resolve(values.out), limit }, values, demo);
  } finally {
    await demo?.stop();
  }
}

async function run(
  kind: FileExportKind,
  chat: string | undefined,
  o: { format: ExportFormat; file: string; limit: number | undefined },
  values: ExportValues,
  demo: DemoSetup | undefined,
): Promise<number> {
  const config = demo ? demo.config : await resolveCredentials(loadServerConfig(process.env));
  const runtime = new ServerRuntime({
    config,
    connect: demo ? demo.connect : await testConnectOverride(),
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  // `on`, not `once`: signal-exit (via proper-lockfile) re-raises a signal when it sees no other
  // listener, which a fired `once` listener no longer is.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const tg = await runtime.telegram();
    const chatId = kind === 'dialogs' ? undefined : (await tg.resolveChat(chat, 'chat')).id;
    const { exportToFile } = await import('@tgmcp/exporters');
    const result = await exportToFile(
      tg,
      {
        kind,
        chat: chatId,
        format: o.format,
        out: o.file,
        dataDir: config.dataDir,
        resume: !!values.resume,
        overwrite: !!values.overwrite,
        limit: o.limit,
      },
      { signal: controller.signal, onProgress: progressPrinter() },
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    const m = result.manifest;
    process.stderr.write(
      `exported ${m.count} ${kind} to ${result.file} (${m.bytes} bytes, sha256 ${m.sha256.slice(0, 12)}...); manifest: ${result.manifestFile}\n`,
    );
    return 0;
  } catch (err) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (controller.signal.aborted) {
      process.stderr.write(`export interrupted; run the same command with --resume to continue\n`);
      return 130;
    }
    throw withOptionHint(err, o.file);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await runtime.close();
  }
}
