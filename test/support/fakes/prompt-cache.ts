import { createHash } from 'node:crypto';

/**
 * Prompt caching as the Anthropic API does it, for the fake servers. A request is a sequence of
 * blocks in prefix order (tools, then system blocks, then message content blocks). A block with
 * `cache_control` is a breakpoint. The API
 * - reads the longest prefix that ends at a breakpoint, or at one of the 20 block boundaries
 *   before it, and is still cached (a read refreshes its TTL);
 * - writes the prefixes ending at the breakpoints after that point;
 * - never caches a prefix below a minimum length (1024 tokens for Sonnet/Opus);
 * - rejects more than 4 breakpoints, and a longer TTL after a shorter one.
 * Usage: `cache_read_input_tokens` (prefix read), `cache_creation_input_tokens` (written after
 * it), `input_tokens` (everything after the last breakpoint).
 */

export interface CacheBlock {
  /** Canonical content (cache_control excluded: it does not change what is cached). */
  key: string;
  tokens: number;
  ttl?: '5m' | '1h';
}

export interface CacheUsage {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export class CacheRuleError extends Error {}

const LOOKBACK_BLOCKS = 20;
const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export class PromptCache {
  private readonly entries = new Map<string, { expiresAt: number; ttl: '5m' | '1h' }>();
  /** Writes per TTL, for assertions. */
  readonly writes: Array<{ tokens: number; ttl: '5m' | '1h' }> = [];

  constructor(
    readonly minTokens = 1024,
    readonly now: () => number = Date.now,
  ) {}

  /** The TTLs of live entries (tests check that 1h was honoured). */
  liveTtls(): Array<'5m' | '1h'> {
    const now = this.now();
    return [...this.entries.values()].filter((entry) => entry.expiresAt > now).map((entry) => entry.ttl);
  }

  process(model: string, blocks: CacheBlock[]): CacheUsage {
    const breakpoints = blocks.flatMap((block, index) => (block.ttl ? [index] : []));
    if (breakpoints.length > 4) {
      throw new CacheRuleError(
        `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints.length}.`,
      );
    }
    for (let i = 1; i < breakpoints.length; i++) {
      const previous = blocks[breakpoints[i - 1]!]!.ttl!;
      const current = blocks[breakpoints[i]!]!.ttl!;
      if (previous === '5m' && current === '1h') {
        throw new CacheRuleError(
          'a ttl=1h cache_control block may not come after a ttl=5m cache_control block. Longer TTLs must come first.',
        );
      }
    }
    const hashes: string[] = [];
    const cumulative: number[] = [];
    const hash = createHash('sha256').update(model);
    let sum = 0;
    for (const block of blocks) {
      hash.update('\u0000').update(block.key);
      hashes.push(hash.copy().digest('hex'));
      sum += block.tokens;
      cumulative.push(sum);
    }
    const total = sum;
    const now = this.now();
    let read = -1;
    for (const bp of breakpoints) {
      for (let i = bp; i >= Math.max(0, bp - LOOKBACK_BLOCKS); i--) {
        const entry = this.entries.get(hashes[i]!);
        if (entry && entry.expiresAt > now) {
          if (i > read) read = i;
          entry.expiresAt = now + TTL_MS[entry.ttl];
          break;
        }
      }
    }
    const readTokens = read >= 0 ? cumulative[read]! : 0;
    let written = readTokens;
    for (const bp of breakpoints) {
      if (bp <= read || cumulative[bp]! < this.minTokens) continue;
      const ttl = blocks[bp]!.ttl!;
      this.entries.set(hashes[bp]!, { expiresAt: now + TTL_MS[ttl], ttl });
      this.writes.push({ tokens: cumulative[bp]! - written, ttl });
      written = cumulative[bp]!;
    }
    return {
      cache_read_input_tokens: readTokens,
      cache_creation_input_tokens: written - readTokens,
      input_tokens: total - written,
    };
  }
}
