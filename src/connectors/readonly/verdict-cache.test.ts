import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/cli.js';
import { writeSignedJson } from '../../core/signed-cache.js';
import { cachedGate, GATE_CACHE_PURPOSE } from './verdict-cache.js';

const options = { dialect: 'postgres' as const, maxRows: 100, timeoutMs: 30_000 };

function entries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('gate verdict cache', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  it('caches acceptances, uses them, and never caches refusals', async () => {
    const keyFile = join(dir, 'gate.key');
    const cache = join(dir, 'cache');
    const gate = cachedGate(cache, keyFile);
    const first = await gate('select 1', options);
    await expect(gate('delete from t', options)).rejects.toMatchObject({ code: 'sql_not_read_only' });
    const [file] = entries(cache);
    expect(entries(cache)).toHaveLength(1);
    // Prove a hit is served from the cache: re-sign the entry with a marker verdict.
    const marker = { ...first, sql: 'SELECT 42 -- from the cache' };
    writeSignedJson(file!, marker, { purpose: GATE_CACHE_PURPOSE, keyFile });
    expect((await gate('select 1', options)).sql).toBe('SELECT 42 -- from the cache');
  });

  it('ignores entries it did not sign (a cache that came with a cloned repository)', async () => {
    const cache = join(dir, 'cache');
    const mine = cachedGate(cache, join(dir, 'mine.key'));
    await mine('select 1', options);
    const [file] = entries(cache);
    // Someone else's (or a forged) entry for the same key: a write disguised as accepted.
    const forged = JSON.parse(readFileSync(file!, 'utf8'));
    forged.payload = forged.payload.replace('select 1', 'DELETE FROM accounts');
    writeFileSync(file!, JSON.stringify(forged));
    expect((await mine('select 1', options)).sql).toBe('select 1\nLIMIT 101');
    const theirs = cachedGate(cache, join(dir, 'theirs.key'));
    writeFileSync(file!, JSON.stringify(forged));
    expect((await theirs('select 1', options)).sql).toBe('select 1\nLIMIT 101');
  });

  it('keys on the row cap and dialect', async () => {
    const gate = cachedGate(join(dir, 'cache'), join(dir, 'gate.key'));
    expect((await gate('select 1', options)).sql).toBe('select 1\nLIMIT 101');
    expect((await gate('select 1', { ...options, maxRows: 5 })).sql).toBe('select 1\nLIMIT 6');
    expect(entries(join(dir, 'cache'))).toHaveLength(2);
  });
});
