import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { deniedFunctionNames } from './deny-list.js';
import { checkReadOnlySql, GATE_VERSION, type GateOptions, type GateVerdict } from './gate.js';

/**
 * A per-project cache of the gate's *acceptances*, so re-running a query does not pay for
 * compiling the WASM parser again (the largest part of `ktx sql` start-up). The verdict is a
 * pure function of the SQL text, dialect, row cap, timeout and the gate itself; all of them
 * are in the key.
 *
 * A cached verdict skips layer 1, so entries are authenticated: each carries an HMAC made with
 * a per-user key kept outside the project (`~/.cache/ktx/gate.key`, 0600). A `.ktx/cache`
 * directory that arrives with a cloned repository, or is edited by hand, is ignored rather
 * than trusted. Refusals are never cached. Without a usable key there is no cache.
 */

export type Gate = (sql: string, options: GateOptions) => Promise<GateVerdict>;

/** Parser version is part of the key: a new parser may read the same text differently. */
const PARSER_VERSION = '@guanmingchiu/sqlparser-ts@0.62';

let keyCache: Buffer | null | undefined;

function userKeyFile(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ktx', 'gate.key');
}

/** The per-user HMAC key, created on first use; null when it cannot be read or created. */
export function userGateKey(file = userKeyFile()): Buffer | null {
  if (keyCache !== undefined && file === userKeyFile()) return keyCache;
  let key: Buffer | null = null;
  try {
    key = readFileSync(file);
  } catch {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
      key = readFileSync(file);
    } catch {
      key = null;
    }
  }
  if (key && key.length < 32) key = null;
  if (file === userKeyFile()) keyCache = key;
  return key;
}

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

function mac(key: Buffer, id: string, verdict: GateVerdict): Buffer {
  return createHmac('sha256', key).update(id).update('\0').update(JSON.stringify(verdict)).digest();
}

/** The gate with a verdict cache under `cacheDir` (e.g. `<project>/.ktx/cache/sql-gate`). */
export function cachedGate(cacheDir: string, keyFile?: string): Gate {
  return async (sql, options) => {
    const key = userGateKey(keyFile);
    if (!key) return checkReadOnlySql(sql, options);
    const id = cacheKey(sql, options);
    const file = join(cacheDir, id.slice(0, 2), `${id}.json`);
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as { verdict: GateVerdict; mac: string };
      const expected = mac(key, id, entry.verdict);
      const given = Buffer.from(String(entry.mac), 'hex');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return entry.verdict;
    } catch {
      // a miss, or an entry that is not ours: parse
    }
    const verdict = await checkReadOnlySql(sql, options);
    try {
      writeFileAtomic(file, JSON.stringify({ verdict, mac: mac(key, id, verdict).toString('hex') }));
    } catch {
      // a read-only project still works, it just parses every time
    }
    return verdict;
  };
}
