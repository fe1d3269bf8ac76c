import { describe, expect, it } from 'vitest';
import type { Dialect } from '../types.js';
import { checkReadOnlySql } from './gate.js';

const ENGINES: Dialect[] = ['sqlite', 'duckdb', 'postgres', 'mysql'];
const options = (dialect: Dialect) => ({ dialect, maxRows: 1000, timeoutMs: 30_000 });

async function refusal(sql: string, dialect: Dialect): Promise<{ code: string; message: string }> {
  try {
    await checkReadOnlySql(sql, options(dialect));
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error(`accepted on ${dialect}: ${sql}`);
}

describe('read-only gate: accepts queries', () => {
  const accepted = [
    'select 1',
    'SELECT status, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC',
    'with x as (select 1 as a) select * from x',
    'select a from t union all select b from u',
    'select 1; ',
    'select 1 -- trailing comment',
    'select 1; -- trailing comment after the semicolon',
    "select 'DELETE FROM t; DROP TABLE x' as text_that_looks_dangerous",
    "select * from t where note = 'it''s' limit 5",
    'explain select * from t',
  ];
  for (const dialect of ENGINES) {
    it(`on ${dialect}`, async () => {
      for (const sql of accepted) {
        const verdict = await checkReadOnlySql(sql, options(dialect));
        expect(['query', 'explain']).toContain(verdict.kind);
      }
    });
  }

  it('accepts SHOW/DESCRIBE where the dialect has them', async () => {
    expect((await checkReadOnlySql('show tables', options('mysql'))).kind).toBe('show');
    expect((await checkReadOnlySql('describe orders', options('mysql'))).kind).toBe('describe');
    expect((await checkReadOnlySql('show search_path', options('postgres'))).kind).toBe('show');
    expect((await checkReadOnlySql('describe orders', options('duckdb'))).kind).toBe('describe');
  });

  it('allows short sleeps and read-only pragma functions', async () => {
    await checkReadOnlySql('select pg_sleep(0.5)', options('postgres'));
    await checkReadOnlySql('select sleep(1)', options('mysql'));
    await checkReadOnlySql("select * from pragma_table_info('orders')", options('sqlite'));
  });
});

describe('read-only gate: refusals read clearly', () => {
  it('names the statement', async () => {
    for (const dialect of ENGINES) {
      const error = await refusal('UPDATE orders SET status = 1', dialect);
      expect(error.code).toBe('sql_not_read_only');
      expect(error.message).toBe('ktx only runs read-only queries: UPDATE is not allowed.');
    }
  });

  it('finds writes nested in CTEs', async () => {
    const error = await refusal('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'postgres');
    expect(error.message).toContain('DELETE inside a query');
  });

  it('refuses a second statement hidden after a comment', async () => {
    for (const dialect of ENGINES) {
      const error = await refusal('SELECT 1 /* ; */ ; DELETE FROM t', dialect);
      expect(error.message).toContain('2 statements');
    }
  });

  it('refuses side-effecting functions anywhere in the tree', async () => {
    const error = await refusal(
      'select * from t where exists (select pg_catalog.pg_terminate_backend(pid) from pg_stat_activity)',
      'postgres',
    );
    expect(error.message).toContain(
      'pg_terminate_backend() is not allowed (it terminates other database sessions)',
    );
    expect((await refusal('select pg_sleep(120)', 'postgres')).message).toContain('statement timeout');
    expect((await refusal("SELECT GET_LOCK('x', 10)", 'mysql')).message).toContain('GET_LOCK()');
  });

  it('fails closed on SQL it cannot parse', async () => {
    const error = await refusal('SELEC 1', 'postgres');
    expect(error.code).toBe('sql_parse_failed');
    expect(error.message).toContain('could not verify this SQL as read-only');
  });

  it('refuses invisible characters with their position', async () => {
    const error = await refusal('select 1\u200b', 'sqlite');
    expect(error.message).toContain('U+200B (line 1, column 9)');
  });

  it('refuses nested comments and MariaDB executable comments', async () => {
    expect((await refusal("SELECT 1 /* /* */ , '*/ ; DELETE FROM t; --'", 'duckdb')).message).toContain(
      'nested /* comment */',
    );
    expect((await refusal('SELECT 1 /*M! , GET_LOCK(1, 1) */', 'mysql')).message).toContain('/*M!');
    expect((await refusal('SELECT 1 /*! , GET_LOCK(1, 1) */', 'mysql')).message).toContain('GET_LOCK');
  });

  it('explains PRAGMA refusals', async () => {
    for (const sql of ['PRAGMA user_version = 3', 'PRAGMA journal_mode = DELETE', 'pragma table_info(t)']) {
      const error = (await refusal(sql, 'sqlite')) as { code: string; message: string; hint?: string };
      expect(error.message).toBe('ktx only runs read-only queries: PRAGMA is not allowed.');
      expect(error.hint).toContain('pragma_table_info');
    }
  });

  it('names the statement even when the parser does not know it', async () => {
    expect((await refusal('REFRESH MATERIALIZED VIEW mv', 'postgres')).message).toBe(
      'ktx only runs read-only queries: REFRESH is not allowed.',
    );
    expect((await refusal('/* x */ do $$ begin delete from t; end $$', 'postgres')).message).toContain(
      'DO is not',
    );
  });

  it('rejects empty input as a usage error', async () => {
    const error = (await refusal('  -- nothing\n', 'sqlite')) as { code: string; exitCode?: number };
    expect(error.code).toBe('sql_empty');
  });
});

describe('read-only gate: row cap in SQL', () => {
  const cap = (sql: string, dialect: Dialect = 'postgres', maxRows = 100) =>
    checkReadOnlySql(sql, { dialect, maxRows, timeoutMs: 30_000 });

  it('appends a LIMIT when there is none, after trailing semicolons and comments', async () => {
    expect((await cap('select * from t order by a; -- done')).sql).toBe(
      'select * from t order by a\nLIMIT 101',
    );
    expect((await cap('select 1 /* c */')).sql).toBe('select 1\nLIMIT 101');
  });

  it('keeps a smaller literal LIMIT and lowers a larger one in place', async () => {
    expect(await cap('select * from t limit 10; -- ten')).toMatchObject({
      rowCap: 'none',
      sql: 'select * from t limit 10',
    });
    expect((await cap('select * from t limit 5000 offset 3')).sql).toBe('select * from t limit 101 offset 3');
    expect((await cap('select * from t limit 2, 5000', 'mysql')).sql).toBe('select * from t limit 2, 101');
  });

  it('wraps what it cannot rewrite', async () => {
    const verdict = await cap('select * from t offset 5');
    expect(verdict.rowCap).toBe('wrapped');
    expect(verdict.sql).toBe('SELECT * FROM (\nselect * from t offset 5\n) AS ktx_q LIMIT 101');
  });

  it('leaves SHOW and EXPLAIN alone (the driver caps them)', async () => {
    expect((await cap('explain select * from t')).sql).toBe('explain select * from t');
  });
});
