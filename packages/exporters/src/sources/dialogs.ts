// exportDialogs and exportGroups: the account's chat list, page by page with getDialogs' cursor.
// The list reorders as messages arrive, so records are de-duplicated by id (the checkpoint keeps
// the cursor and the ids written); groups add each chat's getChatInfo.
import { systemClock } from '@tgmcp/core';
import type { ChatInfo, Dialog, DialogType, Telegram } from '@tgmcp/telegram';
import { ExportError } from '../errors.js';
import { ProgressMeter } from './progress.js';
import type { ExportKind, ExportSource, SourceOptions } from './types.js';

export type DialogsTelegram = Pick<Telegram, 'getDialogs'>;
export type GroupsTelegram = Pick<Telegram, 'getDialogs' | 'getChatInfo'>;

export interface DialogCheckpoint {
  cursor: string | null;
  seen: string[];
  done: number;
}

export interface ExportDialogsOptions extends SourceOptions<DialogCheckpoint> {
  limit?: number;
  /** `group` matches basic groups and supergroups. Default `all`. */
  type?: DialogType;
}

export type ExportGroupsOptions = Omit<ExportDialogsOptions, 'type'>;

/** A group, supergroup or channel of the dialog list with its details. */
export type GroupRecord = ChatInfo &
  Pick<Dialog, 'unread_count' | 'pinned' | 'last_message_id' | 'last_message_date'>;

const PAGE = 100;
const GROUP_TYPES = new Set(['group', 'supergroup', 'channel']);

function dialogSource<R extends { id: string }>(
  kind: ExportKind,
  tg: DialogsTelegram,
  options: ExportDialogsOptions,
  convert: (d: Dialog) => Promise<R | undefined>,
  time: (r: R) => string | null,
): ExportSource<R, DialogCheckpoint> {
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0))
    throw new ExportError('INVALID_INPUT', 'limit must be a whole number >= 0', 'limit');
  const type = options.type ?? 'all';
  let cursor: string | null = options.resumeFrom?.cursor ?? null;
  let seen = new Set<string>(options.resumeFrom?.seen ?? []);
  let done = options.resumeFrom?.done ?? 0;
  const every = options.progressEvery ?? 100;
  const filters = { limit: options.limit ?? null, type };

  async function* iterate(): AsyncGenerator<R> {
    const meter = new ProgressMeter(options.clock ?? systemClock, every || 100, options.onProgress);
    meter.begin(done);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    while (done < limit) {
      options.signal?.throwIfAborted();
      const page = await tg.getDialogs({ limit: PAGE, cursor, type });
      for (const d of page.dialogs) {
        if (seen.has(d.id)) continue;
        const record = await convert(d);
        if (!record) continue;
        seen.add(d.id);
        done++;
        yield record;
        meter.tick(done, undefined);
        options.signal?.throwIfAborted();
        if (done >= limit) break;
      }
      // The cursor moves only once the whole page is written; a resume re-reads this page and
      // skips what `seen` holds.
      if (done < limit) cursor = page.next_cursor;
      if (!page.next_cursor) break;
    }
    meter.finish(done, undefined);
  }

  return {
    kind,
    filters,
    describe: () => Promise.resolve({ chat: null }),
    checkpoint: () => ({ cursor, seen: [...seen], done }),
    restore(s) {
      cursor = s.cursor;
      seen = new Set(s.seen);
      done = s.done;
    },
    mark: (r) => {
      const t = time(r);
      return { id: r.id, time: t ? Math.floor(Date.parse(t) / 1000) : null };
    },
    [Symbol.asyncIterator]: iterate,
  };
}

export function exportDialogs(
  tg: DialogsTelegram,
  options: ExportDialogsOptions = {},
): ExportSource<Dialog, DialogCheckpoint> {
  return dialogSource(
    'dialogs',
    tg,
    options,
    (d) => Promise.resolve(d),
    (d) => d.last_message_date,
  );
}

export function exportGroups(
  tg: GroupsTelegram,
  options: ExportGroupsOptions = {},
): ExportSource<GroupRecord, DialogCheckpoint> {
  return dialogSource<GroupRecord>(
    'groups',
    tg,
    { ...options, type: 'all' },
    async (d) => {
      if (!GROUP_TYPES.has(d.type)) return undefined;
      const info = await tg.getChatInfo(d.id);
      return {
        ...info,
        unread_count: d.unread_count,
        pinned: d.pinned,
        last_message_id: d.last_message_id,
        last_message_date: d.last_message_date,
      };
    },
    (g) => g.last_message_date,
  );
}
