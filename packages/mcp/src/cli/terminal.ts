// A person at a terminal: a long screen shown a page at a time, and a y/N question that
// --yes / --reject answer where there is no terminal to ask.

import { createInterface } from 'node:readline/promises';

/**
 * Prints a screen; on a terminal a long one is shown a page at a time (Enter for the next), so
 * the question that follows is asked only after the person has been shown all of it.
 */
export async function pageOnTerminal(screen: string): Promise<void> {
  const rows = process.stdout.rows ?? 0;
  const lines = screen.split('\n');
  if (!process.stdout.isTTY || !process.stdin.isTTY || rows < 8 || lines.length <= rows - 2) {
    process.stdout.write(`${screen}\n`);
    return;
  }
  const size = rows - 2;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  for (let i = 0; i < lines.length; i += size) {
    process.stdout.write(`${lines.slice(i, i + size).join('\n')}\n`);
    if (i + size < lines.length)
      await rl.question(
        `-- ${Math.min(i + size, lines.length)}/${lines.length} lines: Enter for more --`,
      );
  }
  rl.close();
}

/** --reject, --yes, else the person's y/N on a terminal; undefined when there is none to ask. */
export async function confirmOnTerminal(
  question: string,
  values: { yes?: boolean; reject?: boolean },
): Promise<boolean | undefined> {
  if (values.reject) return false;
  if (values.yes) return true;
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = /^y(es)?$/i.test((await rl.question(question)).trim());
  rl.close();
  return answer;
}
