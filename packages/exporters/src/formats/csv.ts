// CSV after RFC 4180: a header row, one row per record, CRLF line ends, fields quoted when they
// hold a comma, a quote, CR or LF (quotes doubled). null is an empty field, booleans are
// true/false. Cells that a spreadsheet would run as a formula (= + - @ tab CR at the start, and
// not a plain number such as a marked chat id) get a leading `'` unless disabled.
import type { ExportKind } from '../sources/types.js';
import { COLUMNS, columnGetters } from './columns.js';
import type { Formatter, FormatterOptions } from './format.js';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvCell(value: unknown, escapeFormulas = true): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  if (escapeFormulas && typeof value === 'string' && FORMULA.test(text) && !NUMBER.test(text))
    text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvFormatter<R>(kind: ExportKind, options: FormatterOptions = {}): Formatter<R> {
  const columns = COLUMNS[kind];
  const getters = columnGetters(columns);
  const escape = options.csvEscapeFormulas ?? true;
  return {
    start: () => columns.map((c) => csvCell(c, false)).join(',') + '\r\n',
    record(r) {
      const row = r as Record<string, unknown>;
      // join() returns a flat string: a row of `+=` pieces would stay a tree of small strings
      // until the chunk is written, and the heap grows with them.
      const cells = new Array<string>(getters.length);
      for (let i = 0; i < getters.length; i++) cells[i] = csvCell(getters[i]!(row), escape);
      return cells.join(',') + '\r\n';
    },
    end: () => '',
  };
}
