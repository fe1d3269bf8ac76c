/**
 * The measured part of `npm run bench:mcp`: the demo project (warehouse, semantic layer, wiki,
 * scan) served by a real `ktx mcp start` daemon, and 50 MCP SDK clients over Streamable HTTP,
 * each making 200 `sl_query` compile calls back to back (closed loop). Every answer is checked
 * (no tool error, a compiled SELECT for the question asked). Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createDemoProject } from '../../test/support/mcp-project.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const WARMUP = 5;

// Questions of the kind agents ask, including fan and chasm traps and time grains, so the
// compiler does real planning work on every call.
const QUERIES: Array<Record<string, unknown>> = [
  { measures: ['accounts.customer_count'] },
  { measures: ['subscriptions.mrr'], dimensions: ['accounts.segment'] },
  { measures: ['subscriptions.mrr', 'invoices.invoiced_amount'], dimensions: ['accounts.region'] },
  { measures: ['invoices.invoice_count'], dimensions: ['invoices.issued_at:month'], limit: 24 },
  { measures: ['subscriptions.active_subscriptions'], dimensions: ['plans.plan_name'] },
  { measures: ['accounts.account_count', 'support_tickets.ticket_count'], dimensions: ['accounts.industry'] },
];

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'ktx.js');

/** CPU time (user + system, ms) a process has used so far; undefined where /proc is missing. */
function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name: state is [0], utime [11], stime [12] (clock ticks).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! : 0;
}

const project = await createDemoProject('ktx-bench-mcp-');
const ktx = (...args: string[]) =>
  execFileSync(process.execPath, [bin, '--project-dir', project.dir, '--json', ...args], {
    encoding: 'utf8',
    env: { ...process.env, KTX_PROJECT_DIR: undefined, NO_COLOR: '1' },
  });

let url = '';
try {
  const daemon = JSON.parse(ktx('mcp', 'start', '--port', '0')).data as { url: string; pid: number };
  url = daemon.url;
  const health = url.replace(/\/mcp$/, '/health');

  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new Client({ name: 'ktx-bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    }),
  );

  const errors: string[] = [];
  async function call(client: Client, query: Record<string, unknown>): Promise<void> {
    try {
      const result = await client.callTool({ name: 'sl_query', arguments: query });
      const sql = (result.structuredContent as { sql?: string } | undefined)?.sql ?? '';
      if (result.isError) errors.push((result.content as Array<{ text: string }>)[0]?.text ?? 'tool error');
      else if (!/^\s*(WITH|SELECT)\b/i.test(sql)) errors.push(`no compiled SELECT: ${sql.slice(0, 80)}`);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }

  // Untimed: JIT, the semantic model, and the connection pools warm up.
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < WARMUP; i++) await call(client, QUERIES[(c + i) % QUERIES.length]!);
    }),
  );
  const warmupErrors = errors.splice(0).length;
  const before = (await (await fetch(health)).json()) as { latencyMs: { requests: number } };

  const latencies: number[] = [];
  const serverCpuBefore = cpuMs(daemon.pid);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        await call(client, QUERIES[(c + i) % QUERIES.length]!);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const serverCpuAfter = cpuMs(daemon.pid);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const after = (await (await fetch(health)).json()) as {
    latencyMs: { requests: number; window: number; p50: number; p99: number };
  };
  await Promise.all(clients.map((client) => client.close()));

  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      clients: CLIENTS,
      callsPerClient: CALLS,
      calls: latencies.length,
      seconds,
      throughput: latencies.length / seconds,
      client: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) },
      server: {
        requests: after.latencyMs.requests - before.latencyMs.requests,
        window: after.latencyMs.window,
        p50: after.latencyMs.p50,
        p99: after.latencyMs.p99,
      },
      // What one call costs in CPU, whatever else the machine is doing.
      cpuPerCallMs: {
        server:
          serverCpuBefore !== undefined && serverCpuAfter !== undefined
            ? (serverCpuAfter - serverCpuBefore) / latencies.length
            : undefined,
        clients: (clientCpu.user + clientCpu.system) / 1000 / latencies.length,
      },
      errors: errors.length,
      firstErrors: errors.slice(0, 3),
      warmupErrors,
    }),
  );
} finally {
  if (url) ktx('mcp', 'stop');
  project.cleanup();
}
