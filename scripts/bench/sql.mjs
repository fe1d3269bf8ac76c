#!/usr/bin/env node
// npm run bench:sql — what `ktx sql` costs on top of the database work, and whether a huge
// result stays within bounded memory.
//
// 1. Overhead: cold `ktx sql` processes on the demo warehouse versus cold "driver-only" processes
//    (node + better-sqlite3 opening the same file read-only and printing the same rows). Runs are
//    interleaved so machine load hits both alike; medians are compared. Target: < 50 ms.
//    Two cases: a query ktx has not seen (the SQL parser is compiled and runs: every run gets a
//    unique comment) and a repeated query (the gate's verdict comes from its cache).
// 2. Memory: peak RSS of `ktx sql --max-rows 10000` on a 1,000,000-row query, next to a 1-row
//    query, and of the connector streaming the 1M rows with no LIMIT in the SQL (driver-level
//    cap), next to a naive driver call that materialises every row.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'ktx.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const dir = mkdtempSync(join(tmpdir(), 'ktx-bench-sql-'));
const project = join(dir, 'demo');
const require = createRequire(join(root, 'package.json'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function wall(args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

// A process reporting its own peak RSS (maxRSS, KiB) when it exits.
const rssReporter = join(dir, 'rss.cjs');
writeFileSync(
  rssReporter,
  "process.on('exit', () => require('fs').writeFileSync(process.env.KTX_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);
function peakRss(args) {
  const file = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const result = spawnSync(process.execPath, ['--require', rssReporter, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, KTX_BENCH_RSS_FILE: file },
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return { mb: Number(readFileSync(file, 'utf8')) / 1024, stdout: result.stdout };
}

console.log('setting up the demo project…');
execFileSync(process.execPath, [bin, 'demo', project], { stdio: 'ignore' });
const file = join(project, 'data', 'orbital.sqlite');

// The driver-only baseline: same file, same SQL, same CSV on stdout, nothing else.
const driverOnly = join(dir, 'driver-only.mjs');
writeFileSync(
  driverOnly,
  `import Database from ${JSON.stringify(require.resolve('better-sqlite3'))};
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const statement = db.prepare(process.argv[3]).raw(true);
const lines = [statement.columns().map((c) => c.name).join(',')];
for (const row of statement.all()) lines.push(row.join(','));
process.stdout.write(lines.join('\\r\\n') + '\\r\\n');
`,
);

const QUERIES = {
  'mrr by segment (join + group)':
    "select a.segment, count(*) as subscriptions, round(sum(s.mrr), 2) as mrr_usd from subscriptions s join accounts a on a.account_id = s.account_id where s.status = 'active' and not a.is_test and a.deleted_at is null group by a.segment order by mrr_usd desc",
  '100 invoices': 'select * from invoices order by invoice_id limit 100',
};

console.log(`\n1. ktx sql overhead on the demo warehouse (cold processes, median of ${runs}, interleaved)`);
const results = [];
let unique = 0;
for (const [name, sql] of Object.entries(QUERIES)) {
  for (const mode of ['new query', 'repeated']) {
    const ktxTimes = [];
    const driverTimes = [];
    for (let i = 0; i < runs + 2; i++) {
      const text = mode === 'new query' ? `${sql} -- bench run ${++unique}` : sql;
      const k = wall([bin, 'sql', '--format', 'csv', text]);
      const d = wall([driverOnly, file, text]);
      if (i < 2) continue; // warm the OS file cache (and, for repeated, the verdict cache)
      ktxTimes.push(k.ms);
      driverTimes.push(d.ms);
    }
    const inProcess = JSON.parse(wall([bin, 'sql', '--json', sql]).stdout).data.durationMs;
    results.push({ name, mode, ktx: median(ktxTimes), driver: median(driverTimes), inProcess });
  }
}
for (const r of results) {
  const overhead = r.ktx - r.driver;
  console.log(
    `  ${r.name.padEnd(30)} ${r.mode.padEnd(9)}  ktx ${r.ktx.toFixed(1).padStart(6)} ms  driver-only ${r.driver.toFixed(1).padStart(6)} ms  ` +
      `overhead ${overhead.toFixed(1).padStart(6)} ms  (query ${r.inProcess} ms inside ktx)`,
  );
}
// Under CPU contention every process slows down alike; node's own start-up (about 40 ms on a
// quiet 2-core machine) is the yardstick to read the numbers on a busy one.
const node = median(Array.from({ length: 9 }, () => wall(['-e', '0']).ms));
const QUIET_NODE_MS = 40;
console.log(
  `  bare node start-up here: ${node.toFixed(1)} ms (about ${QUIET_NODE_MS} ms on a quiet 2-core machine)`,
);
for (const mode of ['new query', 'repeated']) {
  const worst = Math.max(...results.filter((r) => r.mode === mode).map((r) => r.ktx - r.driver));
  const scaled = (worst * QUIET_NODE_MS) / node;
  console.log(
    `  target < 50 ms overhead, ${mode.padEnd(9)}: measured ${worst.toFixed(1)} ms → ${worst < 50 ? 'met' : 'NOT met'}; ` +
      `scaled to a ${QUIET_NODE_MS} ms node start-up: ${scaled.toFixed(1)} ms → ${scaled < 50 ? 'met' : 'NOT met'}`,
  );
}

console.log('\n2. memory with a 1,000,000-row result');
const million =
  'select e.event_id, e.user_id, e.event_type, e.occurred_at, x.n from events e cross join (select 1 as n union all select 2 union all select 3 union all select 4) x';
const small = peakRss([bin, 'sql', '--format', 'csv', 'select 1 as one']);
const capped = peakRss([bin, 'sql', '--max-rows', '10000', '--format', 'csv', million]);
const cappedRows = capped.stdout.trim().split('\r\n').length - 1;
console.log(`  ktx sql, 1 row:                               peak RSS ${small.mb.toFixed(0).padStart(4)} MB`);
console.log(
  `  ktx sql --max-rows 10000, 1M-row query:       peak RSS ${capped.mb.toFixed(0).padStart(4)} MB (${cappedRows} rows printed)`,
);

// The driver-level cap on its own: the connector streams the same 1M-row SQL with no LIMIT.
const streamer = join(dir, 'stream.mjs');
writeFileSync(
  streamer,
  `const { connectorFor } = await import(${JSON.stringify(join(root, 'dist', 'connectors', 'registry.js'))});
const connector = await connectorFor('wh', { driver: 'sqlite', path: process.argv[2] }, process.cwd());
const result = await connector.runTrusted(process.argv[3], { maxRows: 10000 });
await connector.close();
process.stdout.write(String(result.rows.length) + (result.truncated ? ' truncated' : ''));
`,
);
const naive = join(dir, 'naive.mjs');
writeFileSync(
  naive,
  `import Database from ${JSON.stringify(require.resolve('better-sqlite3'))};
const rows = new Database(process.argv[2], { readonly: true }).prepare(process.argv[3]).raw(true).all();
process.stdout.write(String(rows.length));
`,
);
const streamed = peakRss([streamer, file, million]);
const buffered = peakRss([naive, file, million]);
console.log(
  `  connector, no SQL LIMIT, cap 10000 (streamed): peak RSS ${streamed.mb.toFixed(0).padStart(4)} MB (${streamed.stdout})`,
);
console.log(
  `  naive driver .all() of the same query:          peak RSS ${buffered.mb.toFixed(0).padStart(4)} MB (${buffered.stdout} rows in memory)`,
);
const bounded = capped.mb - small.mb < 100 && streamed.mb < buffered.mb / 2;
console.log(`  memory bounded by the cap: ${bounded ? 'yes' : 'NO'}`);

rmSync(dir, { recursive: true, force: true });
