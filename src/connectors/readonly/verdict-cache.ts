import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readSignedJson, writeSignedJson } from '../../core/signed-cache.js';
import { deniedFunctionNames } from './deny-list.js';
import { checkReadOnlySql, GATE_VERSION, type GateOptions, type GateVerdict } from './gate.js';

/**
 * A per-project cache of the gate's *acceptances*, so re-running a query does not pay for
 * compiling the WASM parser again (the largest part of `ktx sql` start-up). The verdict is a
 * pure function of the SQL text, dialect, row cap, timeout and the gate itself; all of them
 * are in the key.
 *
 * A cached verdict skips layer 1, so entries are authenticated with the per-user key of
 * core/signed-cache.ts: a `.ktx/cache` directory that arrives with a cloned repository, or is
 * edited by hand, is ignored rather than trusted. Refusals are never cached. Without a usable
 * key there is no cache.
 */

export const GATE_CACHE_PURPOSE = 'sql-gate';

export type Gate = (sql: string, options: GateOptions) => Promise<GateVerdict>;

/** Parser version is part of the key: a new parser may read the same text differently. */
const PARSER_VERSION = '@guanmingchiu/sqlparser-ts@0.62';

function cacheKey(sql: string, options: GateOptions): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        GATE_VERSION,
        PARSER_VERSION,
        deniedFunctionNames(),
        options.dialect,
        options.maxRows,
        options.timeoutMs,
        sql,
      ]),
    )
    .digest('hex');
}

/** The gate with a verdict cache under `cacheDir` (e.g. `<project>/.ktx/cache/sql-gate`). */
export function cachedGate(cacheDir: string, keyFile?: string): Gate {
  return async (sql, options) => {
    const id = cacheKey(sql, options);
    const file = join(cacheDir, id.slice(0, 2), `${id}.json`);
    const signed = { purpose: GATE_CACHE_PURPOSE, keyFile };
    const cached = readSignedJson<GateVerdict>(file, signed);
    if (cached) return cached;
    const verdict = await checkReadOnlySql(sql, options);
    writeSignedJson(file, verdict, signed);
    return verdict;
  };
}
