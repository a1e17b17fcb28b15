// writeExport: streams a source into a file atomically (a partial file beside the target,
// renamed at the end), keeps `<file>.checkpoint.json` so a killed export resumes where it
// stopped, and writes `<file>.manifest.json` (counts, ids, time range, sha256) at the end.
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { syncDir, systemClock, systemRandom, writeFileAtomic } from '@tgmcp/core';
import { ExportError } from './errors.js';
import { type Checkpoint, checkpointPath, readCheckpoint } from './files/checkpoint.js';
import { OutputFile } from './files/output-file.js';
import { formatterFor } from './formats/formatter-for.js';
import { EXPORT_FORMATS, type ExportFormat } from './formats/format.js';
import type { Manifest } from './manifest.js';
import type { Clock, ExportSource, SourceInfo } from './sources/types.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export interface WriteExportOptions {
  file: string;
  format: ExportFormat;
  /** Continue from `<file>.checkpoint.json` when there is one (else start afresh). */
  resume?: boolean;
  /** Replace an existing output, or discard an unfinished export's checkpoint. */
  overwrite?: boolean;
  /** Save a checkpoint every this many records (default 10,000) and whenever the export stops. */
  checkpointEvery?: number;
  /** CSV: neutralise cells a spreadsheet would run as formulas (default true). */
  csvEscapeFormulas?: boolean;
  clock?: Clock;
  random?: (bytes: number) => Buffer;
}

export interface ExportResult {
  file: string;
  manifestFile: string;
  manifest: Manifest;
}

type Figures = Pick<Checkpoint, 'count' | 'first_id' | 'last_id' | 'min_time' | 'max_time'>;

const exists = (p: string) =>
  stat(p).then(
    () => true,
    (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? false : Promise.reject(err)),
  );

const iso = (ms: number) => new Date(ms).toISOString();

/** Checkpoints and manifests: pretty JSON, replaced atomically (temp, fsync, rename, dir fsync). */
const writeJsonAtomic = (file: string, value: unknown, random: (n: number) => Buffer) =>
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', { random: { bytes: random } });

async function startOrResume<R, S>(
  source: ExportSource<R, S>,
  o: WriteExportOptions,
  file: string,
): Promise<Checkpoint | undefined> {
  if (o.overwrite && !o.resume) {
    // Start afresh: drop an unfinished export's checkpoint and partial files (ours by name).
    const dir = path.dirname(file);
    const prefix = `.${path.basename(file)}.`;
    for (const name of await readdir(dir))
      if (name.startsWith(prefix) && name.endsWith('.part'))
        await rm(path.join(dir, name), { force: true });
    await rm(checkpointPath(file), { force: true });
    return undefined;
  }
  const previous = await readCheckpoint(file);
  if (previous && !o.resume)
    throw new ExportError(
      'CHECKPOINT_EXISTS',
      `${checkpointPath(file)} holds an unfinished export: resume it, or overwrite`,
      'file',
    );
  if (!previous) return undefined;
  const same =
    previous.kind === source.kind &&
    previous.format === o.format &&
    JSON.stringify(previous.filters) === JSON.stringify(source.filters);
  if (!same)
    throw new ExportError(
      'CHECKPOINT_MISMATCH',
      `${checkpointPath(file)} is for another export (kind, format or filters differ)`,
      'file',
    );
  return previous;
}

export async function writeExport<R, S>(
  source: ExportSource<R, S>,
  o: WriteExportOptions,
): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(o.format))
    throw new ExportError(
      'INVALID_INPUT',
      `format must be one of ${EXPORT_FORMATS.join(', ')}`,
      'format',
    );
  const every = o.checkpointEvery ?? 10_000;
  if (!Number.isInteger(every) || every < 1)
    throw new ExportError(
      'INVALID_INPUT',
      'checkpointEvery must be a whole number >= 1',
      'checkpoint_every',
    );
  const clock = o.clock ?? systemClock;
  const random = o.random ?? ((n: number) => Buffer.from(systemRandom.bytes(n)));
  const file = path.resolve(o.file);
  const dir = path.dirname(file);
  const formatter = formatterFor<R>(source.kind, o.format, {
    csvEscapeFormulas: o.csvEscapeFormulas,
  });

  const previous = await startOrResume(source, o, file);
  if (!previous && !o.overwrite && (await exists(file)))
    throw new ExportError('OUTPUT_EXISTS', `${file} exists: pass overwrite to replace it`, 'file');
  const info: SourceInfo = await source.describe();
  const chatId = info.chat?.id ?? null;
  if (previous && previous.chat_id !== chatId)
    throw new ExportError(
      'CHECKPOINT_MISMATCH',
      `${checkpointPath(file)} is for another chat`,
      'file',
    );

  const partial = previous?.partial ?? `.${path.basename(file)}.${random(6).toString('hex')}.part`;
  const partialPath = path.join(dir, partial);
  if (previous) {
    source.restore(previous.state as S);
    const size = await stat(partialPath).then(
      (s) => s.size,
      () => -1,
    );
    if (size < previous.bytes)
      throw new ExportError(
        'CHECKPOINT_INVALID',
        `${partialPath} is missing or shorter than its checkpoint says`,
        'file',
      );
  }
  const fh = await open(partialPath, previous ? 'r+' : 'wx', 0o600);
  const started = previous?.started_at ?? iso(clock.now());
  const resumes = previous ? previous.resumes + 1 : 0;
  const fig: Figures = previous ?? {
    count: 0,
    first_id: null,
    last_id: null,
    min_time: null,
    max_time: null,
  };
  let out: OutputFile | undefined;

  const saveCheckpoint = async () => {
    await out!.flush();
    await out!.sync();
    const cp: Checkpoint = {
      version: 1,
      kind: source.kind,
      format: o.format,
      partial,
      chat_id: chatId,
      filters: source.filters,
      bytes: out!.bytes,
      ...fig,
      started_at: started,
      updated_at: iso(clock.now()),
      resumes,
      state: source.checkpoint(),
    };
    await writeJsonAtomic(checkpointPath(file), cp, random);
  };

  try {
    out = await OutputFile.open(fh, partialPath, previous?.bytes ?? 0);
    if (!previous) {
      await out.write(formatter.start(info));
      await saveCheckpoint();
    }
    for await (const record of source) {
      const pending = out.write(formatter.record(record, fig.count));
      if (pending) await pending;
      const mark = source.mark(record);
      fig.count++;
      fig.first_id ??= mark.id;
      fig.last_id = mark.id;
      if (mark.time !== null) {
        if (fig.min_time === null || mark.time < fig.min_time) fig.min_time = mark.time;
        if (fig.max_time === null || mark.time > fig.max_time) fig.max_time = mark.time;
      }
      if (fig.count % every === 0) await saveCheckpoint();
    }
    await out.write(formatter.end(fig.count));
    await out.flush();
    await out.sync();
  } catch (err) {
    // Stopped (abort, network, Telegram): keep what is written, resumable.
    let saveError: unknown;
    if (out) await saveCheckpoint().catch((e: unknown) => (saveError = e));
    await fh.close();
    if (saveError)
      throw new AggregateError(
        [err, saveError],
        'the export stopped and its checkpoint could not be saved',
      );
    throw err;
  }
  await fh.close();
  await rename(partialPath, file);
  await syncDir(dir);

  const unixIso = (s: number) => new Date(s * 1000).toISOString();
  const manifest: Manifest = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    format: o.format,
    kind: source.kind,
    file: path.basename(file),
    source: info.chat
      ? {
          chat_id: info.chat.id,
          title: info.chat.title,
          type: info.chat.type,
          username: info.chat.username,
        }
      : null,
    filters: source.filters,
    count: fig.count,
    first_id: fig.first_id,
    last_id: fig.last_id,
    time_range:
      fig.min_time !== null && fig.max_time !== null
        ? { from: unixIso(fig.min_time), to: unixIso(fig.max_time) }
        : null,
    bytes: out.bytes,
    sha256: out.digest(),
    started_at: started,
    finished_at: iso(clock.now()),
    resumes,
  };
  const manifestFile = `${file}.manifest.json`;
  await writeJsonAtomic(manifestFile, manifest, random);
  await rm(checkpointPath(file), { force: true });
  await syncDir(dir);
  return { file, manifestFile, manifest };
}
