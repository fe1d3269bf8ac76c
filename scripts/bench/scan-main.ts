/**
 * The measured part of `npm run bench:scan`: one full scan (introspection, profiling, key
 * inference, snapshot written to a temporary project) of the generated DuckDB warehouse through
 * the real DuckDB connector, in a process of its own so peak RSS is the scan's alone. Prints
 * one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorFor } from '../../src/connectors/registry.js';
import { scanWarehouse } from '../../src/scan/scan.js';
import { writeSnapshot } from '../../src/scan/snapshot-write.js';

const file = process.argv[2]!;
const project = mkdtempSync(join(tmpdir(), 'ktx-bench-scan-'));
const started = performance.now();
const connector = await connectorFor('bench', { driver: 'duckdb', path: file }, project);
const run = await scanWarehouse(connector, { connectionId: 'bench', driver: 'duckdb' });
// The engine's own limits, as the driver opens it (the same session ktx scan uses).
const settings = await connector.query("SELECT current_setting('threads'), current_setting('memory_limit')", {
  maxRows: 1,
});
await connector.close();
const files = writeSnapshot(project, run.snapshot);
const ms = performance.now() - started;
rmSync(project, { recursive: true, force: true });
const relationships = run.snapshot.keys.relationships;
console.log(
  JSON.stringify({
    ms,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    tables: run.snapshot.tables.length,
    rows: run.snapshot.tables.reduce((sum, t) => sum + (t.profile?.rowCount ?? 0), 0),
    queries: run.stats.queries,
    accepted: relationships.filter((r) => r.status === 'accepted').length,
    review: relationships.filter((r) => r.status === 'review').length,
    primaryKeys: run.snapshot.keys.primaryKeys.length,
    files: files.written.length,
    duckdbThreads: settings.rows[0]?.[0],
    duckdbMemoryLimit: settings.rows[0]?.[1],
  }),
);
