// Picks the formatter of a format for a record kind (Desktop's layout exists for messages only).
import { ExportError } from '../errors.js';
import type { ExportKind } from '../sources/types.js';
import { csvFormatter } from './csv.js';
import type { ExportFormat, Formatter, FormatterOptions } from './format.js';
import { jsonlFormatter } from './jsonl.js';
import { tdesktopFormatter } from './tdesktop.js';

export function formatterFor<R>(
  kind: ExportKind,
  format: ExportFormat,
  options: FormatterOptions = {},
): Formatter<R> {
  if (format === 'jsonl') return jsonlFormatter<R>();
  if (format === 'csv') return csvFormatter<R>(kind, options);
  if (kind !== 'messages')
    throw new ExportError('INVALID_INPUT', 'the tdesktop format is for messages only', 'format');
  return tdesktopFormatter() as unknown as Formatter<R>;
}
