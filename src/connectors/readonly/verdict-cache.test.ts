import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/cli.js';
import { cachedGate, userGateKey } from './verdict-cache.js';

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

  it('creates a private per-user key', () => {
    const file = join(dir, 'home', 'gate.key');
    const key = userGateKey(file)!;
    expect(key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(userGateKey(file)!.equals(key)).toBe(true);
  });

  it('caches acceptances, uses them, and never caches refusals', async () => {
    const keyFile = join(dir, 'gate.key');
    const cache = join(dir, 'cache');
    const gate = cachedGate(cache, keyFile);
    const first = await gate('select 1', options);
    await expect(gate('delete from t', options)).rejects.toMatchObject({ code: 'sql_not_read_only' });
    const [file] = entries(cache);
    expect(entries(cache)).toHaveLength(1);
    // Prove a hit is served from the cache: re-sign the entry with a marker verdict.
    const key = userGateKey(keyFile)!;
    const id = file!.split('/').pop()!.replace('.json', '');
    const marker = { ...first, sql: 'SELECT 42 -- from the cache' };
    const mac = createHmac('sha256', key)
      .update(id)
      .update('\0')
      .update(JSON.stringify(marker))
      .digest('hex');
    writeFileSync(file!, JSON.stringify({ verdict: marker, mac }));
    expect((await gate('select 1', options)).sql).toBe('SELECT 42 -- from the cache');
  });

  it('ignores entries it did not sign (a cache that came with a cloned repository)', async () => {
    const cache = join(dir, 'cache');
    const mine = cachedGate(cache, join(dir, 'mine.key'));
    await mine('select 1', options);
    const [file] = entries(cache);
    // Someone else's (or a forged) entry for the same key: a write disguised as accepted.
    const forged = JSON.parse(readFileSync(file!, 'utf8'));
    forged.verdict.sql = 'DELETE FROM accounts';
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
