// A real kill: a child process exporting is SIGKILLed mid-way (bytes written past its last
// checkpoint, no chance to clean up); a second process resumes; the result equals an
// uninterrupted export byte for byte. Runs the built package (dist/).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportMessages, readCheckpoint, writeExport } from '../src/index.js';
import { open, startFake, tempDir } from './setup.js';

const child = fileURLToPath(new URL('./fixtures/export-child.mjs', import.meta.url));

function run(args: string[], session: string, killAt?: number) {
  const p = spawn(process.execPath, [child, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  p.stdin.end(session);
  let out = '';
  return new Promise<{ out: string; signal: NodeJS.Signals | null }>((resolve) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /done (\d+)\n$/.exec(out);
      if (killAt !== undefined && m && Number(m[1]) >= killAt) p.kill('SIGKILL');
    });
    p.on('exit', (_code, signal) => resolve({ out, signal }));
  });
}

describe('an export killed with SIGKILL', () => {
  it.each(['jsonl', 'tdesktop'] as const)(
    'resumes into the uninterrupted %s bytes',
    async (format) => {
      const fake = await startFake();
      fake.limits.add({ kind: 'latency', method: 'messages.GetHistory', ms: 30 });
      const dir = tempDir();
      const file = path.join(dir, `big.${format}`);
      const args = [fake.host, String(fake.port), file, format];

      const killed = await run(args, fake.sessionString, 650);
      expect(killed.signal).toBe('SIGKILL');
      expect(existsSync(file)).toBe(false);
      const cp = (await readCheckpoint(file))!;
      expect(cp.count).toBeGreaterThanOrEqual(600);
      expect(cp.count % 100).toBe(0);
      // The partial holds more than the checkpoint covers (or exactly it): truncated on resume.
      expect(statSync(path.join(dir, cp.partial)).size).toBeGreaterThanOrEqual(cp.bytes);

      const resumed = await run([...args, 'resume'], fake.sessionString);
      expect(resumed.out).toContain('finished');
      expect(resumed.out.split('\n')[0]).toBe(`done ${cp.count + 1}`);

      const tg = await open(fake);
      const whole = path.join(dir, `whole.${format}`);
      await writeExport(exportMessages(tg, '@big_group'), { file: whole, format });
      expect(readFileSync(file).equals(readFileSync(whole))).toBe(true);
    },
  );
});
