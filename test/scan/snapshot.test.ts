import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWarehouse } from '../../src/scan/scan.js';
import { readScanSnapshot } from '../../src/scan/snapshot.js';
import { writeSnapshot } from '../../src/scan/snapshot-write.js';
import { buildDemoWarehouse, demoTables } from '../fixtures/demo-warehouse.js';
import { writeDuckdbFixture } from '../fixtures/duckdb-fixture.js';
import { writeFixtureDb } from '../fixtures/relationships/fixture-db.js';
import { makeTempDir } from '../support/cli.js';
import { createDuckdbConnector } from '../support/duckdb-connector.js';
import { createSqliteConnector } from '../support/sqlite-connector.js';

let root: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-snapshot-'));
});
afterAll(() => cleanup());

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

describe('scan snapshot', () => {
  it('is byte-identical when an unchanged warehouse is scanned again (SQLite, sampled tables)', async () => {
    const project = join(root, 'sqlite');
    const connector = createSqliteConnector(buildDemoWarehouse(), 'wh');
    const first = await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite', sampleRows: 500 });
    expect(first.snapshot.tables.some((t) => t.profile?.sampled)).toBe(true);
    const written = writeSnapshot(project, first.snapshot);
    expect(written.written).toContain('raw-sources/wh/snapshot.json');
    const before = digest(join(project, 'raw-sources'));
    const second = await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite', sampleRows: 500 });
    expect(writeSnapshot(project, second.snapshot)).toEqual({
      written: [],
      removed: [],
      unchanged: written.written.length,
    });
    expect(digest(join(project, 'raw-sources'))).toEqual(before);
    await connector.close();
  });

  it('is byte-identical on DuckDB too, where rows are sampled by a hash of their rowid', async () => {
    const project = join(root, 'duckdb');
    const file = await writeDuckdbFixture('demo', demoTables());
    const scanOnce = async () => {
      const connector = await createDuckdbConnector(file, 'wh');
      const run = await scanWarehouse(connector, { connectionId: 'wh', driver: 'duckdb', sampleRows: 500 });
      await connector.close();
      return run;
    };
    const first = await scanOnce();
    expect(first.snapshot.tables.find((t) => t.name === 'events')?.profile).toMatchObject({
      sampled: true,
      sampleMethod: 'hash',
      rowsProfiled: 500,
    });
    writeSnapshot(project, first.snapshot);
    const before = digest(join(project, 'raw-sources'));
    writeSnapshot(project, (await scanOnce()).snapshot);
    expect(digest(join(project, 'raw-sources'))).toEqual(before);
  });

  it('reads back through readScanSnapshot, the reader other modules use', async () => {
    const project = join(root, 'roundtrip');
    const connector = createSqliteConnector(buildDemoWarehouse(), 'wh');
    const { snapshot } = await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite' });
    await connector.close();
    writeSnapshot(project, snapshot);
    const read = readScanSnapshot(project, 'wh')!;
    expect(read.overview).toEqual(JSON.parse(JSON.stringify(snapshot.overview)));
    expect(read.keys).toEqual(JSON.parse(JSON.stringify(snapshot.keys)));
    expect(read.tables.map((t) => t.key).sort()).toEqual(snapshot.tables.map((t) => t.key).sort());
    // Sorted keys: diffs stay small and stable.
    const text = readFileSync(join(project, 'raw-sources/wh/tables/accounts.json'), 'utf8');
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('removes the files of tables that no longer exist', async () => {
    const project = join(root, 'shrink');
    const two = writeFixtureDb('two-tables', [
      { name: 'a', columns: ['id INTEGER PRIMARY KEY'], rows: [[1]] },
      { name: 'b', columns: ['id INTEGER PRIMARY KEY'], rows: [[1]] },
    ]);
    const one = writeFixtureDb('one-table', [
      { name: 'a', columns: ['id INTEGER PRIMARY KEY'], rows: [[1]] },
    ]);
    for (const [file, expected] of [
      [two, ['a.json', 'b.json']],
      [one, ['a.json']],
    ] as const) {
      const connector = createSqliteConnector(file, 'wh');
      writeSnapshot(
        project,
        (await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite' })).snapshot,
      );
      await connector.close();
      expect(readdirSync(join(project, 'raw-sources/wh/tables')).sort()).toEqual(expected);
    }
  });
});
