import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { adminQuery, type Warehouse } from './warehouses.js';

/**
 * A fingerprint of everything a write could change in a provisioned warehouse: file bytes for
 * SQLite/DuckDB (plus the absence of journal/WAL files); for servers, every table's contents,
 * the catalog (tables, views, columns, functions, sequences) and, on PostgreSQL, large objects.
 */

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function warehouseChecksum(warehouse: Warehouse): Promise<string> {
  if (warehouse.engine === 'sqlite' || warehouse.engine === 'duckdb') {
    const file = warehouse.file!;
    const sidecars = ['-wal', '-journal', '-shm', '.wal'].filter((suffix) => existsSync(file + suffix));
    return sha(`${createHash('sha256').update(readFileSync(file)).digest('hex')}|${sidecars.join(',')}`);
  }
  const url = warehouse.adminUrl!;
  if (warehouse.engine === 'postgres') {
    const catalog = await adminQuery(
      'postgres',
      url,
      `SELECT n.nspname, c.relname, c.relkind::text, (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
         FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
       ORDER BY 1, 2`,
    );
    const functions = await adminQuery(
      'postgres',
      url,
      "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    const largeObjects = await adminQuery(
      'postgres',
      url,
      'SELECT count(*)::text AS n FROM pg_largeobject_metadata',
    );
    const tables = (catalog as Array<{ nspname: string; relname: string; relkind: string }>).filter(
      (row) => row.relkind === 'r',
    );
    const contents: string[] = [];
    for (const table of tables) {
      const [row] = (await adminQuery(
        'postgres',
        url,
        `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM "${table.nspname}"."${table.relname}" t`,
      )) as Array<{ h: string }>;
      contents.push(`${table.relname}=${row!.h}`);
    }
    return sha(JSON.stringify({ catalog, functions, largeObjects, contents }));
  }
  const database = warehouse.database!;
  const catalog = await adminQuery(
    'mysql',
    url,
    `SELECT TABLE_NAME, TABLE_TYPE, (SELECT GROUP_CONCAT(CONCAT(COLUMN_NAME, ':', COLUMN_TYPE) ORDER BY ORDINAL_POSITION) FROM information_schema.COLUMNS c
       WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME) AS cols
     FROM information_schema.TABLES t WHERE TABLE_SCHEMA = '${database}' ORDER BY 1`,
  );
  const routines = await adminQuery(
    'mysql',
    url,
    `SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '${database}' ORDER BY 1`,
  );
  const triggers = await adminQuery(
    'mysql',
    url,
    `SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${database}' ORDER BY 1`,
  );
  const names = (catalog as Array<{ TABLE_NAME: string; TABLE_TYPE: string }>)
    .filter((row) => row.TABLE_TYPE === 'BASE TABLE')
    .map((row) => `\`${row.TABLE_NAME}\``);
  const checksums = names.length
    ? await adminQuery('mysql', url, `CHECKSUM TABLE ${names.join(', ')} EXTENDED`)
    : [];
  return sha(JSON.stringify({ catalog, routines, triggers, checksums }));
}
