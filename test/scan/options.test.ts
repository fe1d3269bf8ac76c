import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/types.js';
import { runScan } from '../../src/scan/run.js';
import { scanWarehouse } from '../../src/scan/scan.js';
import { makeTempDir } from '../support/cli.js';
import { openDatabaseFile } from '../support/scan-connector.js';
import { scanProject } from '../support/scan-project.js';
import { demoSqliteFile } from '../support/warehouses.js';

/** Scan settings from ktx.yaml and the scan's behaviour when part of the warehouse is unreadable. */

const temp = makeTempDir('ktx-scan-options-');
let demo: string;
beforeAll(async () => {
  demo = await demoSqliteFile();
});
afterAll(() => temp.cleanup());

describe('scan options', () => {
  it('honours include/exclude patterns and ktx.yaml scan settings (connector from the registry)', async () => {
    const project = await scanProject(
      temp.dir,
      {
        wh: {
          driver: 'sqlite',
          path: demo,
          include_tables: ['account*', 'employees', 'plans'],
          exclude_tables: ['account_features'],
        },
      },
      { ignore_declared_constraints: true, sample_rows: 200, top_values: 3 },
    );
    const outcome = await runScan(project, 'wh', { commit: false });
    expect(outcome.snapshot.tables.map((t) => t.name)).toEqual(['accounts', 'employees', 'plans']);
    expect(outcome.snapshot.overview).toMatchObject({ ignoredDeclaredConstraints: true, sampleRows: 200 });
    const accounts = outcome.snapshot.tables.find((t) => t.name === 'accounts')!;
    expect(accounts.profile).toMatchObject({ rowsProfiled: 200, sampled: true });
    expect(accounts.profile!.columns.find((c) => c.name === 'segment')!.topValues).toHaveLength(3);
    expect(outcome.snapshot.keys.primaryKeys.every((pk) => pk.source === 'inferred')).toBe(true);
    expect(outcome.files.written).toContain('raw-sources/wh/snapshot.json');
  });

  it('checks keys on the sample above the full-check budget, at a lower confidence', async () => {
    const connector = await openDatabaseFile(demo);
    const run = await scanWarehouse(connector, {
      connectionId: 'wh',
      driver: 'sqlite',
      ignoreDeclaredConstraints: true,
      includeTables: ['events', 'plans'],
      sampleRows: 1000,
      fullCheckRows: 1000,
    });
    await connector.close();
    const events = run.snapshot.keys.primaryKeys.find((pk) => pk.table === 'events')!;
    expect(events.columns).toEqual(['event_id']);
    expect(events.confidence).toBeLessThan(0.9);
    const plans = run.snapshot.keys.primaryKeys.find((pk) => pk.table === 'plans')!;
    expect(plans.confidence).toBe(0.99);
  });

  it('keeps going when one table cannot be profiled, and says so', async () => {
    const real = await openDatabaseFile(demo);
    // The real connector, with one table's reads failing as a permission error would.
    const flaky: Connector = {
      id: real.id,
      driver: real.driver,
      dialect: real.dialect,
      test: () => real.test(),
      close: () => real.close(),
      introspect: (options) => real.introspect(options),
      query: (sql, options) =>
        /"refunds"/.test(sql) && !/EXISTS| IN \(/.test(sql)
          ? Promise.reject(new Error('permission denied for table refunds'))
          : real.query(sql, options),
    };
    const run = await scanWarehouse(flaky, {
      connectionId: 'wh',
      driver: 'sqlite',
      includeTables: ['refunds', 'payments', 'invoices'],
    });
    await real.close();
    expect(run.warnings).toEqual([
      expect.objectContaining({
        code: 'profile_failed',
        message: expect.stringContaining('refunds: profiling failed (permission denied'),
      }),
    ]);
    expect(run.snapshot.tables.find((t) => t.name === 'refunds')!.profile).toBeNull();
    expect(run.snapshot.tables.find((t) => t.name === 'payments')!.profile).not.toBeNull();
  });
});

describe('scan selection', () => {
  it('warns, and still writes a valid snapshot, when nothing matches', async () => {
    const connector = await openDatabaseFile(demo);
    const run = await scanWarehouse(connector, {
      connectionId: 'wh',
      driver: 'sqlite',
      includeTables: ['nothing_*'],
    });
    await connector.close();
    expect(run.snapshot.tables).toEqual([]);
    expect(run.warnings).toEqual([
      expect.objectContaining({ code: 'scan_no_tables', fix: expect.stringContaining('include_tables') }),
    ]);
  });
});
