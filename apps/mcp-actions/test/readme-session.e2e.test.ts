// The README's operator-mode session, replayed against `tgmcp-actions --demo`: the agent's calls
// through the real MCP SDK client over stdio, the person's `approve --demo` on a pseudo-terminal
// answering y. Every step's shape must match what the README shows: the approval screen line for
// line (request ids and times aside), the server's JSON key for key and value for value (an
// elided `...` aside). A person following the README sees exactly this (issue 15 items 11, 12).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './harness.js';
import { HAS_SCRIPT, runInPty } from '@tgmcp/testkit';

/** The built CLI on a pseudo-terminal. */
const inPty = (args: string[], env: Record<string, string>) =>
  runInPty([process.execPath, CLI, ...args], env);

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const MARK =
  '<!-- operator-session: replayed by apps/mcp-actions/test/readme-session.e2e.test.ts -->';

type Step =
  | { kind: 'agent'; text: string }
  | { kind: 'server'; text: string }
  | { kind: 'person'; command: string; lines: string[] };

/** The session block after the marker, as steps. */
function readmeSession(markdown: string): Step[] {
  const at = markdown.indexOf(MARK);
  if (at < 0) throw new Error('README has no operator-session marker');
  const block = /```text\n([\s\S]*?)```/.exec(markdown.slice(at))![1]!;
  const steps: Step[] = [];
  for (const line of block.split('\n')) {
    const last = steps.at(-1);
    if (line.startsWith('agent  > ')) steps.push({ kind: 'agent', text: line.slice(9) });
    else if (line.startsWith('server < ')) steps.push({ kind: 'server', text: line.slice(9) });
    else if (line.startsWith('person $ '))
      steps.push({ kind: 'person', command: line.slice(9), lines: [] });
    else if (line.trim() === '') continue;
    else if (last?.kind === 'server') last.text += ` ${line.trim()}`;
    else if (last?.kind === 'person') last.lines.push(line);
    else throw new Error(`README session: unexpected line ${line}`);
  }
  return steps;
}

const CURSOR_MOVES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

const normalize = (s: string) =>
  s
    .replace(/apr_[A-Za-z0-9_-]{16,64}/g, 'apr_<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');

/**
 * `"key": value` pairs of the README's abbreviated JSON with their paths (`target.id`); `...`
 * stands for elided members or, inside a string, elided text.
 */
function pairs(text: string): Array<{ path: string; value: unknown }> {
  const out: Array<{ path: string; value: unknown }> = [];
  const stack: string[] = [];
  const re = /"([\w]+)":\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null|\{)|\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '}') {
      stack.pop();
      continue;
    }
    const key = m[1]!;
    if (m[2] === '{') {
      stack.push(key);
      continue;
    }
    out.push({ path: [...stack, key].join('.'), value: JSON.parse(m[2]!) });
  }
  // The outermost object's own closing brace popped nothing that matters.
  return out;
}

function at(obj: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

function expectShape(readme: string, actual: Record<string, unknown>) {
  const found = pairs(readme);
  expect(found.length).toBeGreaterThan(0);
  for (const { path: p, value } of found) {
    const got = at(actual, p);
    expect(got, `README's ${p}`).not.toBeUndefined();
    if (typeof value === 'string' && value.includes('...')) {
      let rest = normalize(String(got));
      for (const part of normalize(value).split('...').filter(Boolean)) {
        const i = rest.indexOf(part);
        expect(i, `README's ${p}: "${part}" in "${String(got)}"`).toBeGreaterThanOrEqual(0);
        rest = rest.slice(i + part.length);
      }
    } else if (typeof value === 'string') expect(normalize(String(got)), p).toBe(normalize(value));
    else expect(got, p).toEqual(value);
  }
}

/** The agent's call: the README's JSON, where `{..., "k": v}` means the previous call plus k. */
function callArgs(text: string, previous: Record<string, unknown>): Record<string, unknown> {
  if (text.startsWith('(the same call again)')) return previous;
  const [, name, json] = /^(\w+) (\{.*\})$/.exec(text)!;
  expect(name).toBe('tg_send_message');
  if (json!.startsWith('{...,')) {
    const extra = JSON.parse(`{${json!.slice(5)}`) as Record<string, unknown>;
    return { ...previous, ...extra };
  }
  return JSON.parse(json!) as Record<string, unknown>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the README operator-mode session', { timeout: 90_000 }, () => {
  it.skipIf(!HAS_SCRIPT)('replays against --demo with the same shape at every step', async () => {
    const steps = readmeSession(readFileSync(README, 'utf8'));
    expect(steps.map((s) => s.kind)).toEqual([
      'agent',
      'server',
      'person',
      'agent',
      'server',
      'agent',
      'server',
    ]);
    const tmp = mkdtempSync(path.join(tmpdir(), 'tgmcp-readme-'));
    dirs.push(tmp);
    // TMPDIR puts the demo's stable dir inside the test's; nothing else is passed on.
    const env = { PATH: process.env.PATH ?? '', HOME: tmp, TMPDIR: tmp };
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--demo'],
      env,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'readme-session', version: '1.0.0' });
    await client.connect(transport);
    try {
      let args: Record<string, unknown> = {};
      let requestId = '';
      let result: Record<string, unknown> = {};
      for (const step of steps) {
        if (step.kind === 'agent') {
          args = callArgs(step.text.replace(/apr_[A-Za-z0-9_-]+/, requestId), args);
          const r = await client.callTool({ name: 'tg_send_message', arguments: args });
          expect(r.isError, JSON.stringify(r)).toBeFalsy();
          result = r.structuredContent as Record<string, unknown>;
          if (typeof result.request_id === 'string' && !requestId) requestId = result.request_id;
        } else if (step.kind === 'server') {
          expectShape(step.text, result);
        } else {
          // The person types the README's command (with this run's request id) and answers y.
          const argv = step.command.replace(/apr_[A-Za-z0-9_-]+/, requestId).split(' ');
          expect(argv.slice(0, 3)).toEqual(['tgmcp-actions', 'approve', '--demo']);
          const pty = inPty(argv.slice(1), env);
          await pty.waitFor('[y/N]');
          pty.type('y\n');
          expect(await pty.exited).toBe(0);
          // readline's cursor moves are not text a person reads.
          const shown = pty
            .output()
            .replaceAll(CURSOR_MOVES, '')
            .split('\n')
            .map((l) => l.trimEnd())
            .filter((l) => l !== '');
          expect(shown.map(normalize)).toEqual(step.lines.map(normalize));
        }
      }
      // The server told the operator where to approve, on stderr.
      expect(stderr).toContain('tgmcp-actions approve --demo <request_id>');
    } finally {
      await client.close();
    }
  });
});
