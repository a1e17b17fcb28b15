// What every export source is: an async iterable of normalized records that can say where it
// stands (a JSON checkpoint) and be told where to start again.
import type { Clock as CoreClock } from '@tgmcp/core';
import type { Peer } from '@tgmcp/telegram';

export type ExportKind = 'messages' | 'participants' | 'dialogs' | 'groups';

export interface ProgressEvent {
  /** Records yielded so far, including those of earlier (resumed) runs. */
  done: number;
  /** Records expected in all, when Telegram says (`countMessages`, `members_count`). */
  total?: number;
  /** Records per second in this run. */
  rate: number;
}

/**
 * What an export reads of @tgmcp/core's Clock: milliseconds since the epoch (the system clock by
 * default). Injected so tests control time.
 */
export type Clock = Pick<CoreClock, 'now'>;

export interface SourceOptions<S> {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Call `onProgress` every this many records (default 100: one history page). */
  progressEvery?: number;
  /** Start after the records a previous run yielded (`source.checkpoint()` of that run). */
  resumeFrom?: S;
  clock?: Clock;
}

/** What an export reads from: the chat (null for the account's dialog lists). */
export interface SourceInfo {
  chat: (Peer & { is_bot?: boolean; is_self?: boolean }) | null;
}

export interface RecordMark {
  id: string | number;
  /** Unix seconds of the record (message date, join date, last message), if it has one. */
  time: number | null;
}

export interface ExportSource<R, S = unknown> extends AsyncIterable<R> {
  readonly kind: ExportKind;
  /** The options that select the records, as JSON (manifest, and checked on resume). */
  readonly filters: Record<string, unknown>;
  /** Resolves the chat; called before the first record by the file writer. */
  describe(): Promise<SourceInfo>;
  /** Where the source stands after the records yielded so far (JSON-serialisable). */
  checkpoint(): S;
  /** Start after the records of `state` (before iterating). */
  restore(state: S): void;
  /** Id and time of a record, for the manifest. */
  mark(record: R): RecordMark;
}
