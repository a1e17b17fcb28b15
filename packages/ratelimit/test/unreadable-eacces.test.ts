// EACCES for real: tests run as root here, and root reads any file, so a child process of an
// unprivileged user (nobody) reads a hold file it has no permission for, through the built store.
import { spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const NOBODY = 65534;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe.skipIf(process.getuid?.() !== 0)('fileStore: a hold file it may not read (EACCES)', () => {
  it('is held (breaker open) with one warning naming the file, in a process without access', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-eacces-'));
    dirs.push(root);
    await chmod(root, 0o755);
    const dir = path.join(root, 'state');
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, NOBODY, NOBODY);
    const file = path.join(dir, 'breaker%3aacct.json');
    await writeFile(file, JSON.stringify({ k: 'breaker:acct', t: 'hold', until: 1 }), {
      mode: 0o600,
    });
    const script = `
      const { fileStore, createCircuitBreaker } = await import(${JSON.stringify(dist)});
      const breaker = createCircuitBreaker({ store: fileStore({ dir: ${JSON.stringify(dir)} }), key: 'acct' });
      for (let i = 0; i < 3; i++) {
        const e = await breaker.check().then(() => null, (e) => e);
        console.log(JSON.stringify(e && { code: e.code, reason: e.reason, retryAfterSec: e.retryAfterSec }));
      }`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    const lines = child.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual(
      Array(3).fill({ code: 'CIRCUIT_OPEN', reason: 'state_unreadable', retryAfterSec: 900 }),
    );
    const warnings = child.stderr.split('\n').filter((l) => l.includes(file));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/EACCES/);
    expect(warnings[0]).toMatch(/delete .* once you are sure Telegram's wait has passed/);
  });
});
