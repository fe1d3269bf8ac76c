import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Caches under a project's `.ktx/cache` speed up start-up (validated ktx.yaml, parsed semantic
 * sources, read-only verdicts), but a project directory is not trusted input: a cloned or
 * hand-edited cache could make ktx act on a config or a verdict that differs from the files.
 * Every entry is therefore authenticated with an HMAC made with a per-user key kept outside
 * the project (`$XDG_CACHE_HOME/ktx/cache.key`, 0600). An entry that does not verify is a miss.
 * Without a usable key there is simply no cache.
 */

let cachedKey: { file: string; key: Buffer | null } | undefined;

function defaultKeyFile(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ktx', 'cache.key');
}

/** The per-user HMAC key, created on first use; null when it cannot be read or created. */
export function userCacheKey(file = defaultKeyFile()): Buffer | null {
  if (cachedKey?.file === file) return cachedKey.key;
  let key: Buffer | null = null;
  try {
    key = readFileSync(file);
  } catch {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
      key = readFileSync(file);
    } catch {
      try {
        key = readFileSync(file); // another process created it first
      } catch {
        key = null;
      }
    }
  }
  if (key && key.length < 32) key = null;
  cachedKey = { file, key };
  return key;
}

function mac(key: Buffer, purpose: string, file: string, payload: string): Buffer {
  // The file name is bound in, so a valid entry cannot be copied under another cache key.
  return createHmac('sha256', key)
    .update(purpose)
    .update('\0')
    .update(basename(file))
    .update('\0')
    .update(payload)
    .digest();
}

export interface SignedCacheOptions {
  /** What the entry is for ("config", "semantic-layer", "sql-gate"); entries of one purpose never verify as another. */
  purpose: string;
  keyFile?: string;
}

export function readSignedJson<T>(file: string, options: SignedCacheOptions): T | undefined {
  const key = userCacheKey(options.keyFile);
  if (!key) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { mac?: unknown; payload?: unknown };
    if (typeof entry.mac !== 'string' || typeof entry.payload !== 'string') return undefined;
    const expected = mac(key, options.purpose, file, entry.payload);
    const given = Buffer.from(entry.mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return JSON.parse(entry.payload) as T;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only project (or no key) just runs uncached. */
export function writeSignedJson(file: string, value: unknown, options: SignedCacheOptions): void {
  const key = userCacheKey(options.keyFile);
  if (!key) return;
  try {
    const payload = JSON.stringify(value);
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(
      file,
      JSON.stringify({ mac: mac(key, options.purpose, file, payload).toString('hex'), payload }),
    );
  } catch {
    // not cached
  }
}
