import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/types.js';
import { scanWarehouse } from '../../src/scan/scan.js';
import { type Row, rng, writeFixtureDb } from '../fixtures/relationships/fixture-db.js';
import { type LoggedQuery, openDatabaseFile, withQueryLog } from '../support/scan-connector.js';

/** Profiles are computed in SQL over a bounded, deterministic sample; Node sees aggregates only. */

const random = rng(5);
const events: Row[] = Array.from({ length: 30_000 }, (_, i) => [
  i + 1,
  i % 7 === 0 ? null : `user${i % 500}@example.com`,
  ['web', 'ios', 'android'][i % 3]!,
  Math.round(random() * 10_000) / 100,
  `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
  `2024-02-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00Z`,
  `v2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
]);
const file = writeFixtureDb('profile-budget', [
  {
    name: 'events',
    columns: [
      'event_id INTEGER PRIMARY KEY',
      'email TEXT',
      'client TEXT',
      'amount REAL',
      'day DATE',
      'seen_at TEXT',
      'release TEXT',
    ],
    rows: events,
  },
  {
    name: 'clients',
    columns: ['code TEXT PRIMARY KEY', 'label TEXT'],
    rows: [
      ['web', 'Web'],
      ['ios', 'iOS'],
      ['android', 'Android'],
    ],
  },
]);

const log: LoggedQuery[] = [];
let connector: Connector;
beforeAll(async () => {
  connector = withQueryLog(await openDatabaseFile(file), log);
});
afterAll(() => connector.close());

describe('profiling', () => {
  it('never reads whole tables into Node and stays within the row budget', async () => {
    const run = await scanWarehouse(connector, {
      connectionId: 'wh',
      driver: 'sqlite',
      sampleRows: 1000,
      topValues: 5,
    });
    const table = run.snapshot.tables.find((t) => t.name === 'events')!;
    expect(table.profile).toMatchObject({
      rowCount: 30_000,
      sampled: true,
      rowsProfiled: 1000,
      sampleMethod: 'hash',
    });

    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) {
      // Read-only by construction: only SELECT (or WITH … SELECT) statements.
      expect(entry.sql).toMatch(/^(SELECT|WITH)\b/);
      // Nothing close to a table's worth of rows ever comes back: at most five values for
      // each of the seven columns.
      expect(entry.rowCount).toBeLessThanOrEqual(7 * 5);
    }
    // Every profiling statement over the big table reads the sample, never the table itself.
    const profiling = log.filter(
      (entry) => /"events"/.test(entry.sql) && /(LENGTH|SUBSTR)\(/.test(entry.sql),
    );
    expect(profiling).toHaveLength(2);
    for (const entry of profiling)
      expect(entry.sql).toContain('ORDER BY ((rowid % 2147483647) * 182605794) % 2147483647 LIMIT 1000');
    // Key checks run over the whole table inside the engine and return a single row of counts.
    const keyChecks = log.filter(
      (entry) => /COUNT\(DISTINCT/.test(entry.sql) && !/(LENGTH|SUBSTR)\(/.test(entry.sql),
    );
    for (const entry of keyChecks) expect(entry.rowCount).toBe(1);
  });

  it('computes null rate, distinct counts, ranges, top values and masks personal data', async () => {
    const run = await scanWarehouse(connector, {
      connectionId: 'wh',
      driver: 'sqlite',
      sampleRows: 50_000,
      topValues: 5,
    });
    const profile = run.snapshot.tables.find((t) => t.name === 'events')!.profile!;
    expect(profile.sampled).toBe(false);
    const column = (name: string) => profile.columns.find((c) => c.name === name)!;
    expect(column('event_id')).toMatchObject({
      nullRate: 0,
      distinctCount: 30_000,
      distinctRatio: 1,
      min: 1,
      max: 30_000,
    });
    expect(column('client').topValues).toEqual([
      { value: 'android', count: 10_000 },
      { value: 'ios', count: 10_000 },
      { value: 'web', count: 10_000 },
    ]);
    const email = column('email');
    expect(email.nullRate).toBeCloseTo(4286 / 30_000, 4);
    expect(email.distinctCount).toBe(500);
    expect(email.sensitive).toBe('email');
    expect(JSON.stringify(email)).not.toMatch(/user\d+@/);
    expect(email.samples?.every((value) => /^u\*\*\*@example\.com$/.test(value))).toBe(true);
    expect(column('day')).toMatchObject({ min: '2024-01-01', max: '2024-01-28' });
  });

  it('types ISO-8601 text as dates and timestamps on SQLite, so it can be a time dimension', async () => {
    const run = await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite', sampleRows: 1000 });
    const table = run.snapshot.tables.find((t) => t.name === 'events')!;
    const type = (name: string) => ({
      catalog: table.columns.find((c) => c.name === name)!.type,
      profile: table.profile!.columns.find((c) => c.name === name)!.type,
    });
    expect(type('day')).toEqual({ catalog: 'date', profile: 'date' });
    // Declared TEXT, but every value is an ISO timestamp: SQLite's date functions read it as one.
    expect(type('seen_at')).toEqual({ catalog: 'time', profile: 'time' });
    expect(table.columns.find((c) => c.name === 'seen_at')!.nativeType).toBe('TEXT');
    expect(type('release')).toEqual({ catalog: 'string', profile: 'string' });
    expect(type('client')).toEqual({ catalog: 'string', profile: 'string' });
  });

  it('draws the same sample every time (deterministic profiles)', async () => {
    const first = await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite', sampleRows: 777 });
    const second = await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite', sampleRows: 777 });
    expect(second.snapshot).toEqual(first.snapshot);
    const amount = first.snapshot.tables
      .find((t) => t.name === 'events')!
      .profile!.columns.find((c) => c.name === 'amount')!;
    // A real sample spreads over the table rather than taking its first rows.
    expect(amount.rowsProfiled).toBe(777);
    expect(Number(amount.max)).toBeGreaterThan(90);
  });
});
