import { describe, expect, it } from 'vitest';
import { KtxError } from '../../../src/core/errors.js';
import { warehouseChecksum } from '../../support/checksum.js';
import type { Engine } from '../../support/warehouses.js';
import { adminQuery } from '../../support/warehouses.js';
import { SESSION_LAYER_CORPUS, WRITE_CORPUS } from '../../support/write-corpus.js';
import type { Loaded } from './connector-suite.js';

/**
 * Read-only, layer by layer, on one engine, with a checksum of the whole warehouse taken before
 * and after: layer 1 (the parser gate) refuses the write corpus before any SQL is sent; layer 2
 * (the read-only session) refuses writes on its own when the gate is bypassed.
 */
export function readOnlySuite(engine: Engine, get: () => Loaded): void {
  describe(`${engine}: read-only`, () => {
    it('refuses every statement of the write corpus and leaves the warehouse byte-identical', async () => {
      const { connector, demo } = get();
      const entries = WRITE_CORPUS.filter((entry) => !entry.engines || entry.engines.includes(engine));
      expect(entries.length).toBeGreaterThanOrEqual(150);
      const before = await warehouseChecksum(demo);
      // A second session of our own: if anything killed sessions or took locks, it would show.
      const sentinel = engine === 'postgres' || engine === 'mysql' ? demo.adminUrl! : undefined;
      const accepted: string[] = [];
      for (const entry of entries) {
        try {
          await connector.query(entry.sql, { maxRows: 10, timeoutMs: 5000 });
          accepted.push(entry.sql);
        } catch (error) {
          if (!KtxError.is(error) || !['sql_not_read_only', 'sql_parse_failed'].includes(error.code)) {
            accepted.push(`${entry.sql} → ${String((error as Error).message)}`);
          }
        }
      }
      expect(accepted).toEqual([]);
      expect(await warehouseChecksum(demo)).toBe(before);
      if (sentinel && engine === 'mysql') {
        const [lock] = (await adminQuery('mysql', sentinel, "SELECT IS_USED_LOCK('x') AS holder")) as Array<{
          holder: unknown;
        }>;
        expect(lock!.holder).toBeNull();
      }
      if (sentinel && engine === 'postgres') {
        const locks = await adminQuery(
          'postgres',
          sentinel,
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'",
        );
        expect(locks).toEqual([{ n: 0 }]);
      }
      // The connector still works after 200 refusals.
      expect((await connector.query('SELECT count(*) AS n FROM plans', { maxRows: 1 })).rows).toEqual([[8]]);
    });

    it('refusals name the statement', async () => {
      await expect(get().connector.query("UPDATE accounts SET name = 'x'", { maxRows: 1 })).rejects.toThrow(
        'ktx only runs read-only queries: UPDATE is not allowed.',
      );
    });

    it('the read-only session alone refuses writes (gate bypassed)', async () => {
      const { connector, demo } = get();
      const before = await warehouseChecksum(demo);
      for (const sql of SESSION_LAYER_CORPUS) {
        // kind 'show': run the statement as is (PostgreSQL would otherwise wrap it in a cursor).
        const outcome = await connector.runTrusted(sql, { maxRows: 10, timeoutMs: 5000, kind: 'show' }).then(
          () => 'executed',
          (error: unknown) => (KtxError.is(error) ? error.code : String(error)),
        );
        expect(`${sql} → ${outcome}`).toBe(`${sql} → sql_not_read_only`);
      }
      expect(await warehouseChecksum(demo)).toBe(before);
      expect((await connector.query('SELECT count(*) AS n FROM plans', { maxRows: 1 })).rows).toEqual([[8]]);
    });

    it('the session refuses to turn read-only off, and so does the gate', async () => {
      const { connector } = get();
      const undo: Record<Engine, string> = {
        postgres: 'SET default_transaction_read_only = off',
        mysql: 'SET SESSION TRANSACTION READ WRITE',
        sqlite: 'PRAGMA query_only = OFF',
        duckdb: "SET access_mode = 'READ_WRITE'",
      };
      await expect(connector.query(undo[engine], { maxRows: 1 })).rejects.toMatchObject({
        code: 'sql_not_read_only',
      });
      // Even if a session setting were flipped, every statement still runs in a read-only
      // transaction (server engines) or on a read-only file (SQLite, DuckDB).
      await connector.runTrusted(undo[engine], { maxRows: 1, kind: 'show' }).catch(() => {});
      await expect(
        connector.runTrusted("UPDATE accounts SET name = 'x'", { maxRows: 1, kind: 'show' }),
      ).rejects.toMatchObject({
        code: 'sql_not_read_only',
      });
    });
  });
}
