#!/usr/bin/env node
// Fault soak: tgmcp-read and tgmcp-actions over stdio against one fake DC (@tgmcp/testkit) whose
// connections are dropped, stalled and restarted on a schedule while a mixed read load runs and
// approved sends go out. Checks: every call succeeds or returns a typed error within its deadline;
// the read server answers again within 5 s of the DC being reachable after each fault; every
// approved message is at the DC exactly once. Prints the figures (and --json).
//
//   pnpm --filter @tgmcp/read soak -- --duration-sec 600 --drops 20
//   node apps/mcp-read/bench/soak.mjs --duration-sec 900 --drops 30 --stalls 6 --restarts 6
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSessionStore } from '@tgmcp/telegram';
import { demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { serverEnv } from '@tgmcp/testkit/harness';
import { startStdioServer } from '@tgmcp/testkit/mcp-client';

const READ_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ACTIONS_CLI = fileURLToPath(new URL('../../mcp-actions/dist/cli.js', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const READS = [
  { name: 'tg_get_my_dialogs', arguments: { limit: 20 } },
  { name: 'tg_get_messages', arguments: { group: '@oss_hackers', limit: 30 } },
  { name: 'tg_get_messages', arguments: { group: '@tech_news_daily', limit: 150 } },
  { name: 'tg_get_message_count', arguments: { group: '@oss_hackers' } },
  { name: 'tg_get_stats', arguments: {} },
];

async function startServer(cli, fake, env, elicit) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-soak-'));
  createSessionStore({ dataDir }).save('main', {
    session: fake.sessionString,
    source: 'soak',
    account: { id: String(fake.world.self.id) },
  });
  const server = await startStdioServer({
    script: cli,
    env: { ...serverEnv({ dataDir, fakeDcPort: fake.port }), ...env },
    clientName: 'soak',
    elicit: elicit ? () => true : undefined,
    // The last lines of the server's stderr, shown if it dies (a crash must say why).
    stderrLimit: 4000,
    onUnexpectedExit: (tail) =>
      process.stderr.write(`[soak] server ${cli} exited unexpectedly; stderr tail:\n${tail}\n`),
  });
  return {
    client: server.client,
    async close() {
      await server.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A typed error: the one error format with a code in CAPS_SNAKE. */
function outcomeOf(result) {
  if (!result.isError) return 'ok';
  try {
    const code = JSON.parse(result.content[0].text).error.code;
    return /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'UNTYPED';
  } catch {
    return 'UNTYPED';
  }
}

/**
 * Runs the soak. Faults are spread evenly over the run in the order drop, stall, restart
 * (as many of each as asked), each followed by a recovery probe.
 */
export async function runSoak(o = {}) {
  const durationMs = (o.durationSec ?? 60) * 1000;
  const deadlineSec = o.callTimeoutSec ?? 20;
  const pingSec = o.pingSec ?? 2;
  const workers = o.workers ?? 2;
  const writeEveryMs = (o.writeEverySec ?? 5) * 1000;
  const plan = [
    ...Array.from({ length: o.drops ?? 5 }, () => 'drop'),
    ...Array.from({ length: o.stalls ?? 1 }, () => 'stall'),
    ...Array.from({ length: o.restarts ?? 1 }, () => 'restart'),
  ];
  // Interleave kinds so each appears across the whole run.
  plan.sort((a, b) => (a === b ? 0 : a === 'drop' ? -1 : 1));
  const schedule = [];
  const byKind = { drop: [], stall: [], restart: [] };
  for (const k of plan) byKind[k].push(k);
  while (schedule.length < plan.length)
    for (const k of ['drop', 'stall', 'restart'])
      if (byKind[k].length) schedule.push(byKind[k].pop());

  const fake = await startFakeTelegram({ world: demoWorld() });
  const env = {
    TG_CALL_TIMEOUT_SEC: String(deadlineSec),
    TG_PING_INTERVAL_SEC: String(pingSec),
    TG_PING_TIMEOUT_SEC: String(pingSec),
  };
  const read = await startServer(READ_CLI, fake, env, false);
  const actions = await startServer(
    ACTIONS_CLI,
    fake,
    {
      ...env,
      TG_ACTIONS_ENABLED: '1',
      TG_ACTIONS_ALLOWED_GROUPS: '-3001',
      TG_ACTIONS_APPROVAL_MODE: 'elicit',
      TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '0',
      TG_ACTIONS_UNSAFE_OVERRIDE: '1',
      MAX_GROUP_MSGS_PER_DAY: '10000',
    },
    true,
  );

  // Both servers connected before the clock starts (a first connect is not a recovery).
  await read.client.callTool({ name: 'tg_auth_status', arguments: {} });
  await actions.client.callTool({ name: 'tg_auth_status', arguments: {} });

  const calls = { total: 0, ok: 0, errors: {}, overDeadline: 0, maxMs: 0 };
  const writes = { approved: 0, failed: {}, texts: [] };
  const recoveries = [];
  const faults = { drop: 0, stall: 0, restart: 0 };
  const started = Date.now();
  const end = started + durationMs;
  let stop = false;

  async function timedCall(client, call) {
    const t = Date.now();
    let outcome;
    try {
      outcome = outcomeOf(
        await client.callTool(call, undefined, { timeout: (deadlineSec + 30) * 1000 }),
      );
    } catch (err) {
      outcome = `PROTOCOL:${String(err?.message ?? err).slice(0, 60)}`;
    }
    const ms = Date.now() - t;
    return { outcome, ms };
  }

  async function readWorker(i) {
    let n = i;
    while (!stop && Date.now() < end) {
      const { outcome, ms } = await timedCall(read.client, READS[n++ % READS.length]);
      calls.total++;
      calls.maxMs = Math.max(calls.maxMs, ms);
      if (ms > deadlineSec * 1000 + 2000) calls.overDeadline++;
      if (outcome === 'ok') calls.ok++;
      else calls.errors[outcome] = (calls.errors[outcome] ?? 0) + 1;
      await sleep(50);
    }
  }

  async function writer() {
    let n = 0;
    while (!stop && Date.now() < end) {
      await sleep(writeEveryMs);
      if (stop || Date.now() >= end) break;
      const text = `soak write ${started} #${++n}`;
      const { outcome, ms } = await timedCall(actions.client, {
        name: 'tg_send_message',
        arguments: { group: '-3001', message_text: text, dry_run: false, confirm: true },
      });
      calls.maxMs = Math.max(calls.maxMs, ms);
      if (ms > deadlineSec * 1000 + 2000) calls.overDeadline++;
      if (outcome === 'ok') {
        writes.approved++;
        writes.texts.push(text);
      } else writes.failed[outcome] = (writes.failed[outcome] ?? 0) + 1;
    }
  }

  /** From the DC being reachable again to the read server's next answer. */
  async function probe(kind, reachableAt) {
    for (;;) {
      const { outcome } = await timedCall(read.client, {
        name: 'tg_get_message_count',
        arguments: { group: '@oss_hackers' },
      });
      if (outcome === 'ok') break;
      await sleep(50);
    }
    recoveries.push({ kind, ms: Date.now() - reachableAt });
  }

  async function injector() {
    const gap = durationMs / (schedule.length + 1);
    for (let i = 0; i < schedule.length && !stop; i++) {
      await sleep(Math.max(0, started + gap * (i + 1) - Date.now()));
      const kind = schedule[i];
      faults[kind]++;
      if (kind === 'drop') fake.faults.drop();
      if (kind === 'stall') fake.faults.stall({ process: true });
      if (kind === 'restart') {
        await fake.faults.down();
        await sleep(o.downMs ?? 3000);
        await fake.faults.up();
      }
      await probe(kind, Date.now());
    }
  }

  await Promise.all([
    ...Array.from({ length: workers }, (_, i) => readWorker(i)),
    writer(),
    injector(),
  ]);
  stop = true;

  // Writes at the DC vs approved: every approved text exactly once, nothing unapproved.
  const history = fake.world.history({ type: 'chat', id: 3001 });
  const atDc = new Map();
  for (const id of history.idsNewestFirst()) {
    const text = history.get(id)?.text ?? '';
    if (text.startsWith(`soak write ${started} `)) atDc.set(text, (atDc.get(text) ?? 0) + 1);
  }
  const stats = (await read.client.callTool({ name: 'tg_get_stats', arguments: {} }))
    .structuredContent?.connection;
  const counts = fake.faults.counts();
  await read.close();
  await actions.close();
  await fake.close();

  const byKindRecovery = {};
  for (const r of recoveries) {
    const k = (byKindRecovery[r.kind] ??= { count: 0, maxMs: 0 });
    k.count++;
    k.maxMs = Math.max(k.maxMs, r.ms);
  }
  const untyped = Object.entries(calls.errors)
    .filter(([c]) => c === 'UNTYPED' || c.startsWith('PROTOCOL:'))
    .reduce((s, [, v]) => s + v, 0);
  const report = {
    durationSec: Math.round((Date.now() - started) / 1000),
    calls: { ...calls, untyped },
    faults: { ...faults, connectionsAccepted: counts.connectionsAccepted },
    recoveries: { count: recoveries.length, byKind: byKindRecovery },
    maxRecoveryMs: Math.max(0, ...recoveries.map((r) => r.ms)),
    writes: {
      approved: writes.approved,
      atDc: [...atDc.values()].reduce((a, b) => a + b, 0),
      duplicated: [...atDc.values()].filter((v) => v > 1).length,
      approvedMissing: writes.texts.filter((t) => !atDc.has(t)).length,
      failed: writes.failed,
    },
    readServerConnection: stats,
  };
  report.ok =
    untyped === 0 &&
    calls.overDeadline === 0 &&
    recoveries.length === schedule.length &&
    (byKindRecovery.drop?.maxMs ?? 0) <= 5000 &&
    (byKindRecovery.restart?.maxMs ?? 0) <= 5000 &&
    report.writes.duplicated === 0 &&
    report.writes.approvedMissing === 0;
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      'duration-sec': { type: 'string', default: '60' },
      drops: { type: 'string', default: '5' },
      stalls: { type: 'string', default: '1' },
      restarts: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' },
      json: { type: 'boolean', default: false },
    },
  });
  const report = await runSoak({
    durationSec: Number(values['duration-sec']),
    drops: Number(values.drops),
    stalls: Number(values.stalls),
    restarts: Number(values.restarts),
    workers: Number(values.workers),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const c = report.calls;
    const r = report.recoveries.byKind;
    const line = (k) => (r[k] ? `${k} ${r[k].count} (max ${r[k].maxMs} ms)` : `${k} 0`);
    process.stdout.write(
      [
        `soak ${report.durationSec}s: ${c.total} read calls, ${c.ok} ok, typed errors ${JSON.stringify(c.errors)}, untyped ${c.untyped}, over deadline ${c.overDeadline}, slowest ${c.maxMs} ms`,
        `faults: ${report.faults.drop} drops, ${report.faults.stall} stalls, ${report.faults.restart} restarts (${report.faults.connectionsAccepted} connections accepted)`,
        `recoveries: ${report.recoveries.count}: ${line('drop')}, ${line('stall')}, ${line('restart')}; max ${report.maxRecoveryMs} ms`,
        `writes: ${report.writes.approved} approved, ${report.writes.atDc} at the DC, ${report.writes.duplicated} duplicated, ${report.writes.approvedMissing} missing, failed ${JSON.stringify(report.writes.failed)}`,
        `read server connection: ${JSON.stringify(report.readServerConnection)}`,
        report.ok ? 'OK' : 'FAILED',
      ].join('\n') + '\n',
    );
  }
  process.exit(report.ok ? 0 : 1);
}
