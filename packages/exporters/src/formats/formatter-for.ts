// Picks the formatter of a format for a record kind (Desktop's layout exists for messages only).
import type { MessageRecord } from '@tgmcp/telegram';
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
  return messagesOnly(tdesktopFormatter());
}

/** A message as the messages source yields it: the fields Desktop's layout cannot do without. */
function isMessageRecord(r: unknown): r is MessageRecord {
  if (typeof r !== 'object' || r === null) return false;
  const m = r as Partial<Record<keyof MessageRecord, unknown>>;
  return (
    typeof m.id === 'number' &&
    typeof m.chat_id === 'string' &&
    typeof m.date === 'string' &&
    typeof m.date_unix === 'number' &&
    typeof m.text === 'string' &&
    typeof m.is_service === 'boolean'
  );
}

// The types do not tie a source's record type to its kind, so a source whose kind says
// 'messages' is taken at its word only record by record: anything else is refused, not written.
function messagesOnly(f: Formatter<MessageRecord>): Formatter<unknown> {
  return {
    start: (info) => f.start(info),
    record(r, index) {
      if (!isMessageRecord(r))
        throw new ExportError(
          'INVALID_INPUT',
          'the tdesktop format is for messages only',
          'format',
        );
      return f.record(r, index);
    },
    end: (count) => f.end(count),
  };
}
