/**
 * Generates the `bench:scan` warehouse once: a DuckDB file of 200 tables and 10M rows in total
 * (20 dimensions of 2k–60k rows, 180 facts referencing 2–4 of them without declared keys).
 * Everything is computed inside DuckDB from range(), so generation takes seconds.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const ENTITIES = [
  'customer',
  'product',
  'store',
  'supplier',
  'employee',
  'region',
  'channel',
  'campaign',
  'warehouse',
  'carrier',
  'account',
  'category',
  'brand',
  'device',
  'plan',
  'promotion',
  'currency',
  'country',
  'department',
  'vendor',
];
export const TOTAL_ROWS = 10_000_000;

export function dimensionRows(index: number): number {
  return 2_000 + ((index * 7919) % 29) * 2_000;
}

export async function generateWarehouse(file: string): Promise<{ tables: number; rows: number }> {
  if (existsSync(file)) rmSync(file);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  rmSync(temp, { force: true });
  const instance = await DuckDBInstance.create(temp);
  const db = await instance.connect();
  let rows = 0;
  for (const [index, entity] of ENTITIES.entries()) {
    const n = dimensionRows(index);
    rows += n;
    await db.run(`CREATE TABLE ${entity}s AS SELECT
      range + 1 AS ${entity}_id,
      'C' || lpad(CAST(range + 1 AS VARCHAR), 7, '0') AS ${entity}_code,
      '${entity} ' || CAST(range + 1 AS VARCHAR) AS name,
      ['gold', 'silver', 'bronze'][1 + CAST(range % 3 AS INTEGER)] AS tier,
      TIMESTAMP '2020-01-01' + INTERVAL (range % 1500) DAY AS created_at,
      round((hash(range) % 10000) / 100.0, 2) AS score
      FROM range(${n})`);
  }
  const facts = 180;
  const remaining = TOTAL_ROWS - rows;
  // Sizes vary (a few large facts, many medium ones) but sum exactly to the total.
  const weights = Array.from({ length: facts }, (_, i) => 1 + ((i * 37) % 9));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((remaining * w) / weightSum));
  sizes[0]! += remaining - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < facts; i++) {
    const refs = [0, 1, 2, 3].slice(0, 2 + (i % 3)).map((k) => (i * 3 + k * 7) % ENTITIES.length);
    const fkColumns = [...new Set(refs)].map((e) => {
      const entity = ENTITIES[e]!;
      return `(hash(range * ${e + 3}) % ${dimensionRows(e)}) + 1 AS ${entity}_id`;
    });
    await db.run(`CREATE TABLE fact_${String(i).padStart(3, '0')} AS SELECT
      range + 1 AS event_id,
      ${fkColumns.join(',\n      ')},
      round((hash(range * 31) % 100000) / 100.0, 2) AS amount,
      CAST(hash(range * 17) % 20 AS INTEGER) + 1 AS quantity,
      ['open', 'paid', 'void', 'refunded'][1 + CAST(range % 4 AS INTEGER)] AS status,
      TIMESTAMP '2023-01-01' + INTERVAL (range % 86400) MINUTE AS occurred_at,
      'note ' || CAST(range % 1000 AS VARCHAR) AS note
      FROM range(${sizes[i]})`);
    rows += sizes[i]!;
  }
  await db.run('CHECKPOINT');
  db.closeSync();
  instance.closeSync();
  renameSync(temp, file);
  return { tables: ENTITIES.length + facts, rows };
}

if (process.argv[1]?.endsWith('scan-warehouse.mjs')) {
  const file = process.argv[2]!;
  const started = performance.now();
  const result = await generateWarehouse(file);
  console.log(
    `generated ${result.tables} tables, ${result.rows.toLocaleString('en-US')} rows in ${((performance.now() - started) / 1000).toFixed(1)}s`,
  );
}
