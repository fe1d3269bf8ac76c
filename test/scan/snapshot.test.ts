import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWarehouse } from '../../src/scan/scan.js';
import { readScanSnapshot } from '../../src/scan/snapshot.js';
import { writeSnapshot } from '../../src/scan/snapshot-write.js';
import { writeFixtureDb } from '../fixtures/relationships/fixture-db.js';
import { makeTempDir } from '../support/cli.js';
import { openDatabaseFile } from '../support/scan-connector.js';
import { demoSqliteFile } from '../support/warehouses.js';

/**
 * The snapshot files: canonical JSON, read back by other modules, pruned when tables go.
 * (Byte-identical re-scans on every engine: test/integration/shared/scan-suite.ts.)
 */

let root: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-snapshot-'));
});
afterAll(() => cleanup());

describe('scan snapshot', () => {
  it('reads back through readScanSnapshot, the reader other modules use', async () => {
    const project = join(root, 'roundtrip');
    const connector = await openDatabaseFile(await demoSqliteFile());
    const { snapshot } = await scanWarehouse(connector, {
      connectionId: 'wh',
      driver: 'sqlite',
      includeTables: ['accounts', 'employees', 'plans', 'subscriptions'],
    });
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
      const connector = await openDatabaseFile(file);
      writeSnapshot(
        project,
        (await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite' })).snapshot,
      );
      await connector.close();
      expect(readdirSync(join(project, 'raw-sources/wh/tables')).sort()).toEqual(expected);
    }
  });
});
