// The command-line frame: the command and its options, --version, --help (the binary's or a
// command's), usage errors (2) and failures (1) as one stderr line naming the binary.
import { describe, expect, it } from 'vitest';
import { type CliSpec, cliMain } from './run-cli.js';
import { SERVER_OPTIONS } from './server-options.js';

const OPTIONS = {
  ...SERVER_OPTIONS,
  yes: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

async function run(argv: string[], failWith?: unknown) {
  const out: string[] = [];
  const err: string[] = [];
  const ran: unknown[] = [];
  const spec: CliSpec<'approve' | 'pending', typeof OPTIONS> = {
    bin: 'tool',
    version: '1.2.3',
    commands: ['serve', 'approve', 'pending'],
    options: OPTIONS,
    help: 'HELP\n',
    commandHelp: (c) => `help of ${c}\n`,
    async run(command, line) {
      await Promise.resolve();
      // A command may fail with anything, a thrown string included.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (failWith !== undefined) throw failWith;
      ran.push([command, line.values.yes ?? false, line.values.limit, line.positionals]);
      return command === 'serve' ? 0 : 3;
    },
  };
  const io = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
  };
  const code = await cliMain(spec, argv, io);
  return { code, out: out.join(''), err: err.join(''), ran };
}

describe('cliMain', () => {
  it('runs serve without a command word, else the named command with typed options', async () => {
    expect(await run([])).toMatchObject({ code: 0, ran: [['serve', false, undefined, []]] });
    expect(await run(['--yes'])).toMatchObject({ ran: [['serve', true, undefined, []]] });
    expect(await run(['approve', 'apr_1', '--yes', '--limit', '5'])).toMatchObject({
      code: 3,
      ran: [['approve', true, '5', ['apr_1']]],
      out: '',
      err: '',
    });
  });

  it('answers --version and --help without running anything', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, out: '1.2.3\n', ran: [] });
    expect(await run(['pending', '-v'])).toMatchObject({ code: 0, out: '1.2.3\n' });
    expect(await run(['--help'])).toMatchObject({ code: 0, out: 'HELP\n', ran: [] });
    expect(await run(['pending', '--help'])).toMatchObject({ out: 'help of pending\n' });
    expect(await run(['serve', '-h'])).toMatchObject({ out: 'help of serve\n' });
  });

  it('refuses an unknown command or option with exit 2 and the help', async () => {
    expect(await run(['frobnicate'])).toEqual({
      code: 2,
      out: '',
      err: 'tool: unknown command "frobnicate"\n\nHELP\n',
      ran: [],
    });
    const bad = await run(['pending', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^tool: Unknown option '--bogus'.*\n\nhelp of pending\n$/s);
  });

  it('reports a failure as one line with its code, exit 1', async () => {
    const coded = Object.assign(new Error('no such thing'), { code: 'NOT_FOUND' });
    expect(await run(['pending'], coded)).toMatchObject({
      code: 1,
      err: 'tool: NOT_FOUND: no such thing\n',
    });
    expect(await run(['pending'], new Error('plain'))).toMatchObject({ err: 'tool: plain\n' });
    expect(await run(['pending'], 'a string')).toMatchObject({ err: 'tool: a string\n' });
  });
});

describe('the shared server options', () => {
  it("parse the shared commands' options beside a binary's own", async () => {
    const r = await run([
      'pending',
      '--demo',
      '--json',
      '--qr',
      '--session-name',
      'a',
      '--timeout-sec',
      '9',
    ]);
    expect(r.code).toBe(3);
    expect((await run(['pending', '--phone'])).err).toMatch(/argument missing/);
  });
});
