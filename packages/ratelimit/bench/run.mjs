#!/usr/bin/env node
// `pnpm --filter @tgmcp/ratelimit bench`: our limiter (built dist/) on memory, file and Redis
// stores beside rate-limiter-flexible and bottleneck, all measured in this one run.
// Writes the figures to bench-results/latest.json too.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisVersion, startRedis } from './lib/redis-server.mjs';
import { OPERATION } from './lib/subjects.mjs';
import { contended } from './sections/contended.mjs';
import { envelope } from './sections/envelope.mjs';
import { fairnessSections } from './sections/fairness.mjs';
import { BEFORE_COMMIT, buildBefore } from './lib/before.mjs';
import { redisRoundTrip, targets } from './sections/targets.mjs';
import { uncontended } from './sections/uncontended.mjs';

const pkgDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (s = '') => process.stdout.write(`${s}\n`);
const version = async (name) =>
  JSON.parse(await readFile(path.join(pkgDir, 'node_modules', name, 'package.json'), 'utf8'))
    .version;

let redis;
try {
  redis = await startRedis();
} catch (err) {
  console.error(`bench: ${err.message}`);
  process.exit(1);
}
const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-ratelimit-bench-'));
const runId = `${Date.now()}-${process.pid}`;
// Also on an interrupted run (the Redis helper exits the process on SIGINT/SIGTERM).
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
try {
  const meta = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
    redis: redis ? `${await redisVersion(redis.url)} (${redis.source})` : null,
    baselines: {
      'rate-limiter-flexible': await version('rate-limiter-flexible'),
      bottleneck: await version('bottleneck'),
      ioredis: await version('ioredis'),
    },
  };
  say(`@tgmcp/ratelimit bench — Node ${meta.node}, ${meta.cpus} cores (${meta.cpuModel})`);
  say(
    `Redis: ${meta.redis ?? 'none: no redis-server binary and REDIS_URL unset, Redis sections are skipped'}`,
  );
  say(
    `Baselines: rate-limiter-flexible ${meta.baselines['rate-limiter-flexible']}, bottleneck ${meta.baselines.bottleneck} (ioredis ${meta.baselines.ioredis}); file store temp dirs under ${root}`,
  );
  say(
    `One ask = ours: ${OPERATION.ours}; rlf: ${OPERATION.rlf}; bottleneck: ${OPERATION.bottleneck}`,
  );

  const beforeDir = await buildBefore();
  say(
    `Before: the polling limiter of commit ${BEFORE_COMMIT.slice(0, 12)} (packages/ratelimit/src), built into ${path.relative(pkgDir, beforeDir)}`,
  );

  const ctx = { root, redisUrl: redis?.url, runId, beforeDir, say };
  const only = process.env.BENCH_ONLY; // e.g. BENCH_ONLY=fairness for sections 5 and 6 alone
  const single = only ? {} : await uncontended(ctx);
  const shared = only ? {} : await contended(ctx);
  const env = only ? {} : await envelope(ctx);
  if (!only) redisRoundTrip({ single, say });
  const fair = await fairnessSections(ctx);
  const verdicts = targets({ single, contended: shared, envelope: env, fairness: fair, say });

  const outDir = path.join(pkgDir, 'bench-results');
  await mkdir(outDir, { recursive: true });
  const results = {
    ...meta,
    uncontended: single,
    contended: shared,
    envelope: env,
    fairness: fair,
    targets: verdicts,
  };
  await writeFile(path.join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  say(`\nJSON: ${path.relative(process.cwd(), path.join(outDir, 'latest.json')) || 'latest.json'}`);
} finally {
  await redis?.stop();
  await rm(root, { recursive: true, force: true });
}
