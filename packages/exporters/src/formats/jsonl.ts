// JSON Lines: one normalized record per line, `\n` line ends, UTF-8, no header.
import type { Formatter } from './format.js';

export function jsonlFormatter<R>(): Formatter<R> {
  return {
    start: () => '',
    record: (r) => JSON.stringify(r) + '\n',
    end: () => '',
  };
}
