import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openConnector } from '../../../src/connectors/registry.js';
import {
  DEMO_DECLARED_FOREIGN_KEYS,
  DEMO_TABLES,
  DEMO_UNDECLARED_FOREIGN_KEYS,
} from '../../../src/demo/schema.js';
import type { Project } from '../../../src/project/project.js';
import { runIngest } from '../../../src/scan/ingest.js';
import { scanWarehouse } from '../../../src/scan/scan.js';
import { readScanSnapshot } from '../../../src/scan/snapshot.js';
import { scanSqlFor } from '../../../src/scan/sql-dialect.js';
import type { RelationshipResult, ScanSnapshot } from '../../../src/scan/types.js';
import { loadSemanticLayer } from '../../../src/semantic/load.js';
import { makeTempDir } from '../../support/cli.js';
import { type LoggedQuery, withQueryLog } from '../../support/scan-connector.js';
import { scanProject } from '../../support/scan-project.js';
import type { Engine } from '../../support/warehouses.js';
import type { Loaded } from './connector-suite.js';

/**
 * `ktx scan` / `ktx ingest` on the generated demo warehouse, live on one engine, through the
 * connector the registry opens (read-only session and SQL gate): declared keys read exactly,
 * undeclared foreign keys inferred, everything inferred when declarations are ignored,
 * profiling bounded by the row budget, byte-identical re-scans, and people's edits kept.
 */

const SAMPLE_ROWS = 2000;
const CONNECTION = 'warehouse';

type FkSpec = (typeof DEMO_UNDECLARED_FOREIGN_KEYS)[number];

/** Content hashes of the project's files (git's own files excepted). */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes(`${dir}/.git`)) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

export function scanSuite(engine: Engine, get: () => Loaded): void {
  describe(`${engine}: scan and ingest on the demo warehouse`, () => {
    const log: LoggedQuery[] = [];
    let temp: ReturnType<typeof makeTempDir>;
    let project: Project;
    let snapshot: ScanSnapshot;
    const keyOf = (name: string) => snapshot.tables.find((table) => table.name === name)!.key;
    const id = (r: Pick<RelationshipResult, 'from' | 'to'>) =>
      `${r.from.table}.${r.from.columns.join('+')}->${r.to.table}.${r.to.columns.join('+')}`;
    const expected = (fks: FkSpec[]) =>
      fks
        .map((fk) =>
          id({
            from: { table: keyOf(fk.table), columns: fk.columns },
            to: { table: keyOf(fk.refTable), columns: fk.refColumns },
          }),
        )
        .sort();

    beforeAll(async () => {
      temp = makeTempDir(`ktx-scan-${engine}-`);
      project = await scanProject(
        temp.dir,
        { [CONNECTION]: get().demo.config },
        { sample_rows: SAMPLE_ROWS },
      );
      // The connector `ktx ingest` opens, observed: every statement and the rows that came back.
      const connector = withQueryLog(await openConnector(project, CONNECTION), log);
      try {
        await runIngest(project, CONNECTION, { connector });
      } finally {
        await connector.close();
      }
      snapshot = readScanSnapshot(project.dir, CONNECTION)!;
    });
    afterAll(() => temp?.cleanup());

    it('reads the declared primary, unique and foreign keys exactly', () => {
      expect(snapshot.tables.map((table) => table.name).sort()).toEqual(
        DEMO_TABLES.map((t) => t.name).sort(),
      );
      for (const table of DEMO_TABLES) {
        expect(snapshot.keys.primaryKeys.find((pk) => pk.table === keyOf(table.name))).toEqual({
          table: keyOf(table.name),
          columns: table.primaryKey,
          source: 'declared',
          confidence: 1,
        });
      }
      const declared = snapshot.keys.relationships.filter((r) => r.source === 'declared');
      expect(declared.map(id).sort()).toEqual(expected(DEMO_DECLARED_FOREIGN_KEYS));
      expect(declared.every((r) => r.status === 'accepted' && r.confidence === 1)).toBe(true);
      const invoices = snapshot.tables.find((table) => table.name === 'invoices')!;
      expect(invoices.uniqueKeys).toEqual([['invoice_number']]);
    });

    it('infers every undeclared foreign key of the demo, and accepts nothing else', () => {
      const inferred = snapshot.keys.relationships.filter((r) => r.source === 'inferred');
      expect(
        inferred
          .filter((r) => r.status === 'accepted')
          .map(id)
          .sort(),
      ).toEqual(expected(DEMO_UNDECLARED_FOREIGN_KEYS));
      expect(inferred.every((r) => r.status === 'accepted' || r.confidence < 0.9)).toBe(true);
    });

    it('types timestamps and dates so the generated sources get time dimensions', () => {
      const column = (table: string, name: string) =>
        snapshot.tables.find((t) => t.name === table)!.columns.find((c) => c.name === name)!;
      expect(column('accounts', 'created_at').type).toBe('time');
      expect(column('exchange_rates', 'rate_date').type).toBe('date');
      const accounts = parse(
        readFileSync(join(project.dir, 'semantic-layer', CONNECTION, 'accounts.yaml'), 'utf8'),
      );
      expect(accounts.default_time_dimension).toBe('created_at');
      expect(loadSemanticLayer(project.dir, CONNECTION).issues.filter((i) => i.severity === 'error')).toEqual(
        [],
      );
    });

    it('profiles a bounded sample in SQL and never reads a whole table into Node', () => {
      const events = snapshot.tables.find((table) => table.name === 'events')!;
      expect(events.profile).toMatchObject({ sampled: true, rowsProfiled: SAMPLE_ROWS });
      expect(events.profile!.rowCount).toBeGreaterThanOrEqual(250_000);
      // The warehouse holds ~480k rows; Node received a few values per column at most.
      expect(log.length).toBeGreaterThan(30);
      for (const entry of log) expect(entry.rowCount, entry.sql).toBeLessThanOrEqual(200);
      expect(log.reduce((sum, entry) => sum + entry.rowCount, 0)).toBeLessThan(5000);
      // Every profiling statement over the big table reads its sample, not the table.
      const sql = scanSqlFor(get().connector.dialect);
      const sample = sql.sample({
        from: sql.table(events.schema, events.name),
        rows: SAMPLE_ROWS,
        totalRows: events.profile!.rowCount,
        kind: 'table',
      });
      const eventsRef = sql.table(events.schema, events.name);
      const profiling = log.filter(
        (entry) => entry.sql.includes(eventsRef) && /(LENGTH|SUBSTR)\(/i.test(entry.sql),
      );
      expect(profiling).toHaveLength(2);
      for (const entry of profiling) expect(entry.sql).toContain(sample.select);
    });

    it('infers every key when declared constraints are ignored', async () => {
      const connector = await openConnector(project, CONNECTION);
      let ignored: ScanSnapshot;
      try {
        ({ snapshot: ignored } = await scanWarehouse(connector, {
          connectionId: CONNECTION,
          driver: get().demo.config.driver,
          ignoreDeclaredConstraints: true,
          sampleRows: SAMPLE_ROWS,
        }));
      } finally {
        await connector.close();
      }
      for (const table of DEMO_TABLES) {
        expect(
          ignored.keys.primaryKeys.find((pk) => pk.table === keyOf(table.name)),
          table.name,
        ).toMatchObject({
          columns: table.primaryKey,
          source: 'inferred',
        });
      }
      const accepted = ignored.keys.relationships.filter((r) => r.status === 'accepted');
      expect(accepted.every((r) => r.source === 'inferred')).toBe(true);
      expect(accepted.map(id).sort()).toEqual(
        expected([...DEMO_DECLARED_FOREIGN_KEYS, ...DEMO_UNDECLARED_FOREIGN_KEYS]),
      );
    });

    it('re-scans an unchanged warehouse without changing a byte or committing', async () => {
      const before = digest(project.dir);
      const again = await runIngest(project, CONNECTION);
      expect(again.scan.snapshotFilesWritten).toBe(0);
      expect(again.semanticLayer).toMatchObject({ created: [], updated: [], removed: [], conflicts: [] });
      expect(again.commit).toBeNull();
      expect(digest(project.dir)).toEqual(before);
    });

    it('keeps a person’s edits when a re-scan changes the generated layer', async () => {
      const file = join(project.dir, 'semantic-layer', CONNECTION, 'subscriptions.yaml');
      const edited = readFileSync(file, 'utf8')
        .replace(
          'name: subscriptions\n',
          'name: subscriptions\ndescription: One row per subscription. # curated\n',
        )
        .replace(
          / {2}- name: sum_mrr\n {4}expr: sum\(mrr\)/,
          "  - name: sum_mrr\n    expr: sum(mrr) filter (where status = 'active')",
        );
      expect(edited).toContain('filter (where status');
      writeFileSync(file, edited);
      // Ignoring declarations changes every declared join's provenance on the generated side.
      const result = await runIngest(project, CONNECTION, { ignoreDeclaredConstraints: true });
      expect(result.semanticLayer.updated.length + result.semanticLayer.unchanged.length).toBe(14);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('description: One row per subscription. # curated');
      expect(text).toContain("expr: sum(mrr) filter (where status = 'active')");
      // The warehouse side did move: the generated base now calls every join inferred.
      const base = join(project.dir, 'raw-sources', CONNECTION, 'generated', 'subscriptions.yaml');
      expect(readFileSync(base, 'utf8')).not.toContain('Declared foreign key.');
      expect(result.semanticLayer.updated).toContain(`semantic-layer/${CONNECTION}/subscriptions.yaml`);
      expect(loadSemanticLayer(project.dir, CONNECTION).issues.filter((i) => i.severity === 'error')).toEqual(
        [],
      );
    });
  });
}
