#!/usr/bin/env node
// Pages a generated 1,000,000-message channel through the messages.getHistory handler (CPU side:
// selecting the page, building gramjs Api objects, serialising them to bytes as the DC does), beside a baseline
// that first materialises every message in an array, then the same over the wire with gramjs.
import { Api, TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { createWorld, startFakeTelegram } from '../dist/index.js';
import { HANDLERS, fastBytes } from '../dist/internal.js';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const mb = (b) => (b / 1024 / 1024).toFixed(1);

function worldWith(history) {
  return createWorld({
    self: { id: 1, firstName: 'Bench' },
    chats: [
      {
        id: 42,
        kind: 'channel',
        title: 'Million',
        username: 'million_channel',
        date: 1_600_000_000,
        myRole: 'member',
        ...history,
      },
    ],
  });
}

async function pageAll(world, serialize = fastBytes, maxMessages = Infinity) {
  const handler = HANDLERS['messages.GetHistory'];
  const chat = world.chat(42);
  const peer = new Api.InputPeerChannel({ channelId: 42n, accessHash: chat.accessHash });
  let offsetId = 0;
  let messages = 0;
  let bytes = 0;
  let peakRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  for (;;) {
    const req = new Api.messages.GetHistory({
      peer,
      offsetId,
      offsetDate: 0,
      addOffset: 0,
      limit: 100,
      maxId: 0,
      minId: 0,
      hash: 0n,
    });
    const answer = await handler(req, { world });
    bytes += serialize(answer).length;
    if (answer.messages.length === 0 || messages >= maxMessages) break;
    messages += answer.messages.length;
    offsetId = answer.messages[answer.messages.length - 1].id;
    if (messages % 100_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    messages,
    seconds,
    rate: messages / seconds,
    bytes,
    peakRss: Math.max(peakRss, process.memoryUsage().rss),
  };
}

async function overTheWire(limit) {
  const world = worldWith({
    generatedHistory: { count: COUNT, from: 1_600_000_000, to: 1_700_000_000 },
  });
  const fake = await startFakeTelegram({ world });
  const client = new TelegramClient(
    new StringSession(fake.sessionString),
    1,
    'x',
    fake.connectOptions,
  );
  await client.connect();
  const started = process.hrtime.bigint();
  let n = 0;
  for await (const message of client.iterMessages('million_channel', { limit })) if (message) n++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.destroy();
  await fake.close();
  return {
    messages: n,
    seconds,
    rate: n / seconds,
    requests: fake.requests.count('messages.GetHistory'),
  };
}

console.log(
  `@tgmcp/testkit history bench: ${COUNT.toLocaleString('en')} messages, Node ${process.version}\n`,
);

const rssBefore = process.memoryUsage().rss;
const lazy = await pageAll(
  worldWith({ generatedHistory: { count: COUNT, from: 1_600_000_000, to: 1_700_000_000 } }),
);
console.log(
  `generated (lazy) history : ${Math.round(lazy.rate).toLocaleString('en')} msg/s, ${lazy.messages.toLocaleString('en')} messages in ${lazy.seconds.toFixed(2)} s, peak RSS ${mb(lazy.peakRss)} MB (+${mb(lazy.peakRss - rssBefore)} MB)`,
);

const viaGramjs = await pageAll(
  worldWith({ generatedHistory: { count: COUNT, from: 1_600_000_000, to: 1_700_000_000 } }),
  (a) => a.getBytes(),
  200_000,
);
console.log(
  `baseline (gramjs getBytes): ${Math.round(viaGramjs.rate).toLocaleString('en')} msg/s over the first ${viaGramjs.messages.toLocaleString('en')} messages (same pages, serialised by gramjs itself)`,
);

global.gc?.();
const baselineStart = process.memoryUsage().rss;
const t = process.hrtime.bigint();
const specMessages = Array.from({ length: COUNT }, (_, i) => ({
  id: i + 1,
  date: 1_600_000_000 + i * 100,
  text: `message ${i + 1}`,
}));
const eager = worldWith({ messages: specMessages });
const buildSeconds = Number(process.hrtime.bigint() - t) / 1e9;
const naive = await pageAll(eager);
console.log(
  `baseline (all in memory) : ${Math.round(naive.rate).toLocaleString('en')} msg/s paging, plus ${buildSeconds.toFixed(2)} s to build, peak RSS ${mb(naive.peakRss)} MB (+${mb(naive.peakRss - baselineStart)} MB)`,
);
console.log(
  `ratios                   : ${(lazy.rate / viaGramjs.rate).toFixed(2)}x the rate with gramjs's getBytes(); ${(lazy.rate / naive.rate).toFixed(2)}x the in-memory paging rate with ${(Math.max(1, lazy.peakRss - rssBefore) / Math.max(1, naive.peakRss - baselineStart)).toFixed(3)}x its memory growth`,
);

const wire = await overTheWire(20_000);
console.log(
  `over the wire (gramjs)   : ${Math.round(wire.rate).toLocaleString('en')} msg/s, ${wire.messages.toLocaleString('en')} messages via iterMessages, ${wire.requests} GetHistory requests`,
);
console.log(
  `\ntarget: > 50,000 msg/s CPU side with flat memory -> ${lazy.rate > 50_000 ? 'met' : 'NOT met'} (${Math.round(lazy.rate).toLocaleString('en')} msg/s, +${mb(lazy.peakRss - rssBefore)} MB)`,
);
