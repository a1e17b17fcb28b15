// Without a terminal: the screen printed whole, and only --yes / --reject decide.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmOnTerminal, pageOnTerminal } from './terminal.js';

const tty = { stdin: process.stdin.isTTY, stdout: process.stdout.isTTY };
beforeEach(() => {
  process.stdin.isTTY = false;
  process.stdout.isTTY = false;
});
afterEach(() => {
  process.stdin.isTTY = tty.stdin;
  process.stdout.isTTY = tty.stdout;
  vi.restoreAllMocks();
});

describe('terminal helpers without a terminal', () => {
  it('prints a long screen at once', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((t) => (written.push(String(t)), true));
    const screen = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    await pageOnTerminal(screen);
    expect(written).toEqual([`${screen}\n`]);
  });

  it('decides by --reject, then --yes; with no terminal to ask, undefined', async () => {
    expect(await confirmOnTerminal('?', { reject: true, yes: true })).toBe(false);
    expect(await confirmOnTerminal('?', { yes: true })).toBe(true);
    expect(await confirmOnTerminal('?', {})).toBeUndefined();
  });
});
