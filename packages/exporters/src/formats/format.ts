// A file format: the text before the first record, each record, the text after the last. Pure
// functions of their inputs, so a resumed export writes exactly the bytes an uninterrupted one
// would have.
import type { SourceInfo } from '../sources/types.js';

export type ExportFormat = 'jsonl' | 'csv' | 'tdesktop';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'tdesktop'];

export interface Formatter<R> {
  start(info: SourceInfo): string;
  /** `index`: how many records came before this one. */
  record(record: R, index: number): string;
  end(count: number): string;
}

export interface FormatterOptions {
  /** CSV: prefix cells that start with = + - @ tab or CR (and are not numbers) with `'`. */
  csvEscapeFormulas?: boolean;
}
