import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { readSignedJson, userCacheKey, writeSignedJson } from './signed-cache.js';

describe('signed caches', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  it('creates a private per-user key once', () => {
    const file = join(dir, 'home', 'cache.key');
    const key = userCacheKey(file)!;
    expect(key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(userCacheKey(file)!.equals(key)).toBe(true);
  });

  it('round-trips values it signed', () => {
    const keyFile = join(dir, 'k');
    const file = join(dir, 'cache', 'a.json');
    writeSignedJson(file, { config: { x: 1 } }, { purpose: 'config', keyFile });
    expect(readSignedJson(file, { purpose: 'config', keyFile })).toEqual({ config: { x: 1 } });
  });

  it('treats tampered, foreign, moved or mis-purposed entries as misses', () => {
    const keyFile = join(dir, 'k');
    const file = join(dir, 'cache', 'a.json');
    writeSignedJson(file, { value: 'trusted' }, { purpose: 'config', keyFile });
    const original = readFileSync(file, 'utf8');
    // Another purpose or another user's key does not verify.
    expect(readSignedJson(file, { purpose: 'semantic-layer', keyFile })).toBeUndefined();
    expect(readSignedJson(file, { purpose: 'config', keyFile: join(dir, 'other') })).toBeUndefined();
    // An edited payload does not verify.
    const entry = JSON.parse(original);
    entry.payload = entry.payload.replace('trusted', 'planted');
    writeFileSync(file, JSON.stringify(entry));
    expect(readSignedJson(file, { purpose: 'config', keyFile })).toBeUndefined();
    // A valid entry copied under another name does not verify either.
    const moved = join(dir, 'cache', 'b.json');
    writeFileSync(moved, original);
    expect(readSignedJson(moved, { purpose: 'config', keyFile })).toBeUndefined();
    // Unsigned plain JSON (an old or planted cache) is a miss.
    writeFileSync(file, JSON.stringify({ config: {}, warnings: [] }));
    expect(readSignedJson(file, { purpose: 'config', keyFile })).toBeUndefined();
  });
});
