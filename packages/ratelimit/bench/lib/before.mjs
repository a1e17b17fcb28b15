// The limiter before reservations (polling: a waiter sleeps retryAfterMs and races the others
// for the next token), built from git so both versions run in the same bench run. Built once
// into node_modules/.cache (its imports resolve to this package's dependencies from there).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The last commit of packages/ratelimit/src with the polling limiter. */
export const BEFORE_COMMIT = '5ae354c589e3f113d4b82fa3d881921e4af9793d';

const pkgDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds (once) and returns the directory holding the old `index.js` and `redis.js`. */
export async function buildBefore() {
  const dir = path.join(
    pkgDir,
    'node_modules',
    '.cache',
    `tgmcp-ratelimit-before-${BEFORE_COMMIT.slice(0, 12)}`,
  );
  const dist = path.join(dir, 'dist');
  if (existsSync(path.join(dist, 'redis.js'))) return dist;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: pkgDir })
    .toString()
    .trim();
  const archive = execFileSync('git', ['archive', BEFORE_COMMIT, 'packages/ratelimit/src'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '--strip-components=2', '-C', dir], { input: archive });
  const { build } = await import('tsup');
  await build({
    entry: [path.join(dir, 'src/index.ts'), path.join(dir, 'src/redis.ts')],
    outDir: dist,
    format: ['esm'],
    target: 'node20',
    dts: false,
    config: false,
    silent: true,
    external: ['p-queue', 'proper-lockfile', 'ioredis', 'grammy'],
  });
  return dist;
}
