// Startup to ready: spawn -> MCP initialize answered, for tgmcp-read (gramjs loaded after
// ready) and for a baseline that loads gramjs first. Median of N runs each, interleaved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-startup-'));
const env = {
  PATH: process.env.PATH ?? '',
  TG_API_ID: '1',
  TG_API_HASH: '0123456789abcdef0123456789abcdef',
  TG_DATA_DIR: dataDir,
};
const N = Number(process.env.RUNS ?? 9);

async function once(script) {
  const t0 = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [script],
    env,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'startup-bench', version: '1.0.0' });
  await client.connect(transport);
  const ready = performance.now() - t0;
  await client.close();
  return ready;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = [];
const eager = [];
for (let i = 0; i < N; i++) {
  ours.push(await once(path.join(here, '../dist/cli.js')));
  eager.push(await once(path.join(here, 'eager.mjs')));
}
rmSync(dataDir, { recursive: true, force: true });
const o = median(ours);
const e = median(eager);
console.log(
  `tgmcp-read startup to ready (spawn -> initialize answered), median of ${N}, Node ${process.version}`,
);
console.log(`ours (gramjs loaded after ready): ${o.toFixed(0)} ms`);
console.log(`baseline (gramjs loaded first):  ${e.toFixed(0)} ms`);
console.log(
  `ratio baseline/ours: ${(e / o).toFixed(2)}x; target < 500 ms: ${o < 500 ? 'met' : 'NOT met'}`,
);
