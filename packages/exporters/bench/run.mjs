#!/usr/bin/env node
// @tgmcp/exporters bench: BENCH_MESSAGES (default 1,000,000) messages of a generated history,
// exported to JSONL and CSV with the limiter off, beside a naive baseline from the same run
// (every record in an array, JSON.stringify, one write). Then where the time goes: gramjs alone,
// gramjs + normalize (@tgmcp/telegram), and our sink alone (records replayed from memory).
// The fake DC runs in a worker thread so that it does not share the client's thread.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openTelegram } from '@tgmcp/telegram';
import { fakeConnectOptions } from '@tgmcp/testkit';
import { Api, TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { exportMessages, writeExport } from '../dist/index.js';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const SAMPLE = Math.min(COUNT, Number(process.env.BENCH_SAMPLE ?? 200_000));
const CHAT = '@million';
const MB = 1024 * 1024;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const log = (s) => process.stdout.write(s + '\n');

// Peak RSS over a stage, sampled every 20 ms and at each progress report.
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
setInterval(sample, 20).unref();

async function stage(name, fn) {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  peak = base;
  const t0 = process.hrtime.bigint();
  const n = await fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  sample();
  const r = { name, n, seconds, rate: n / seconds, rssGrowthMb: (peak - base) / MB };
  log(
    `  ${name.padEnd(34)} ${fmt(r.rate).padStart(9)} msg/s  ${fmt(n)} in ${seconds.toFixed(1)} s  ` +
      `peak RSS +${r.rssGrowthMb.toFixed(1)} MB`,
  );
  return r;
}

const progress = (label) => (e) => {
  sample();
  if (e.done % 100_000 === 0)
    process.stderr.write(`    ${label}: ${fmt(e.done)}/${fmt(e.total ?? 0)} (${fmt(e.rate)}/s)\n`);
};

const worker = new Worker(new URL('./fake-dc-worker.mjs', import.meta.url), {
  workerData: { count: COUNT },
});
const dc = await new Promise((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'tgmcp-exporters-bench-'));
const tg = await openTelegram({
  apiId: 1,
  apiHash: '0123456789abcdef0123456789abcdef',
  session: { string: dc.session, name: 'bench' },
  role: 'read',
  dataDir: dir,
  limits: { mode: 'off' },
  connect: { clientOptions: fakeConnectOptions(dc.host, dc.port) },
});

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
log(
  `@tgmcp/exporters bench: ${fmt(COUNT)} messages, Node ${process.version}, ${os.cpus().length} cores (${cpu})`,
);
log(`fake DC in a worker thread; limiter off; output under ${dir}\n`);

// Warm-up (JIT, gramjs and DC buffers), so that no stage is charged for it.
await writeExport(exportMessages(tg, CHAT, { limit: 20_000 }), {
  file: path.join(dir, 'warm.jsonl'),
  format: 'jsonl',
});
rmSync(path.join(dir, 'warm.jsonl'));

log('1. End to end: exportMessages -> writeExport (oldest first), and the naive baseline');
const results = {};
for (const format of ['jsonl', 'csv']) {
  const file = path.join(dir, `million.${format}`);
  results[format] = await stage(`ours, ${format}`, async () => {
    const r = await writeExport(
      exportMessages(tg, CHAT, { onProgress: progress(format), progressEvery: 1000 }),
      {
        file,
        format,
      },
    );
    results[`${format}Bytes`] = statSync(file).size;
    rmSync(file);
    return r.manifest.count;
  });
}
results.baseline = await stage('baseline: array + JSON.stringify', async () => {
  const all = [];
  for await (const m of tg.iterMessages(CHAT, { reverse: true })) {
    all.push(m);
    if (all.length % 1000 === 0) progress('baseline')({ done: all.length, total: COUNT, rate: 0 });
  }
  const file = path.join(dir, 'baseline.json');
  await writeFile(file, JSON.stringify(all));
  rmSync(file);
  return all.length;
});

log(
  `\n2. Where the time goes (first ${fmt(SAMPLE)} messages; our sink on ${fmt(COUNT)} replayed records)`,
);
const gram = new TelegramClient(
  new StringSession(dc.session),
  1,
  'x',
  fakeConnectOptions(dc.host, dc.port),
);
await gram.connect();
const peer = await gram.getInputEntity('million');
results.gramjs = await stage('gramjs: GetHistory pages, decoded', async () => {
  let n = 0;
  let offsetId = 0;
  while (n < SAMPLE) {
    const r = await gram.invoke(
      new Api.messages.GetHistory({
        peer,
        offsetId,
        offsetDate: 0,
        addOffset: 0,
        limit: 100,
        maxId: 0,
        minId: 0,
        hash: 0n,
      }),
    );
    if (r.messages.length === 0) break;
    n += r.messages.length;
    offsetId = r.messages.at(-1).id;
  }
  return n;
});
await gram.destroy();
results.normalize = await stage('+ normalize: tg.iterMessages', async () => {
  let n = 0;
  for await (const m of tg.iterMessages(CHAT, { limit: SAMPLE })) n += m.id > 0 ? 1 : 0;
  return n;
});
const template = [];
for await (const m of tg.iterMessages(CHAT, { limit: 100 })) template.push(m);
const info = { chat: await tg.resolvePeer(CHAT) };
const replay = () => {
  let done = 0;
  return {
    kind: 'messages',
    filters: {},
    describe: async () => info,
    checkpoint: () => ({ last_id: done, done }),
    restore() {},
    mark: (m) => ({ id: m.id, time: m.date_unix }),
    async *[Symbol.asyncIterator]() {
      for (let i = 1; i <= COUNT; i++) {
        yield { ...template[i % template.length], id: i };
        done = i;
      }
    },
  };
};
for (const format of ['jsonl', 'csv']) {
  const file = path.join(dir, `replay.${format}`);
  results[`sink_${format}`] = await stage(`our sink alone, ${format}`, async () => {
    const r = await writeExport(replay(), { file, format });
    rmSync(file);
    return r.manifest.count;
  });
}

const us = (r) => 1e6 / r.rate;
log('\n3. Summary');
for (const format of ['jsonl', 'csv']) {
  const r = results[format];
  log(
    `  ${format}: ${fmt(r.rate)} msg/s (${(results[`${format}Bytes`] / MB).toFixed(0)} MB file), ` +
      `${(r.rate / results.baseline.rate).toFixed(2)}x the baseline's rate, RSS growth ${r.rssGrowthMb.toFixed(1)} MB ` +
      `vs ${results.baseline.rssGrowthMb.toFixed(1)} MB (${(results.baseline.rssGrowthMb / Math.max(r.rssGrowthMb, 0.1)).toFixed(1)}x less)`,
  );
}
log(
  `  per message: gramjs ${us(results.gramjs).toFixed(1)} µs, normalize ${(us(results.normalize) - us(results.gramjs)).toFixed(1)} µs, ` +
    `sink ${us(results.sink_jsonl).toFixed(1)} µs (jsonl) / ${us(results.sink_csv).toFixed(1)} µs (csv); ` +
    `end to end ${us(results.jsonl).toFixed(1)} / ${us(results.csv).toFixed(1)} µs`,
);
const bound =
  us(results.gramjs) >= us(results.sink_jsonl) ? 'gramjs decoding (client side)' : 'our sink';
log(`  bounded by: ${bound}`);
for (const format of ['jsonl', 'csv']) {
  const r = results[format];
  log(
    `  target >= 100,000 msg/s and RSS growth < 100 MB, ${format}: ` +
      `rate ${r.rate >= 100_000 ? 'met' : 'NOT met'} end to end (${fmt(r.rate)}/s; our sink alone ${fmt(results[`sink_${format}`].rate)}/s), ` +
      `memory ${r.rssGrowthMb < 100 ? 'met' : 'NOT met'} (+${r.rssGrowthMb.toFixed(1)} MB)`,
  );
}

await tg.close();
worker.postMessage('close');
await new Promise((resolve) => worker.once('message', resolve));
await worker.terminate();
rmSync(dir, { recursive: true, force: true });
