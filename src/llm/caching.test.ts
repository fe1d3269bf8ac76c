import { describe, expect, it } from 'vitest';
import { isAnthropicModel, resolveCachePolicy } from './caching.js';

describe('resolveCachePolicy', () => {
  it('is on by default: 1h for tools and system, 5m for history, with the beta header', () => {
    expect(resolveCachePolicy(undefined, 'anthropic')).toMatchObject({
      enabled: true,
      tools: '1h',
      system: '1h',
      history: '5m',
      extendedTtlBeta: true,
      warnings: [],
    });
  });

  it('can be switched off', () => {
    const policy = resolveCachePolicy({ enabled: false }, 'gateway');
    expect(policy).toEqual({
      enabled: false,
      extendedTtlBeta: false,
      warnings: [],
      notes: [expect.stringContaining('off')],
    });
  });

  it('falls back to 5m everywhere on Vertex unless told otherwise', () => {
    expect(resolveCachePolicy({}, 'vertex')).toMatchObject({
      tools: '5m',
      system: '5m',
      history: '5m',
      extendedTtlBeta: false,
    });
    expect(resolveCachePolicy({}, 'vertex').notes[0]).toContain('vertexFallbackTo5m');
    expect(resolveCachePolicy({ vertexFallbackTo5m: false }, 'vertex')).toMatchObject({
      system: '1h',
      extendedTtlBeta: true,
    });
  });

  it('never sends a longer TTL after a shorter one, and says so', () => {
    const policy = resolveCachePolicy({ toolsTtl: '5m', systemTtl: '1h', historyTtl: '1h' }, 'anthropic');
    expect(policy).toMatchObject({ tools: '5m', system: '5m', history: '5m', extendedTtlBeta: false });
    expect(policy.warnings).toHaveLength(2);
    expect(policy.warnings[0]).toContain('llm.promptCaching.systemTtl');
  });

  it('recognises Anthropic-protocol model ids', () => {
    expect(isAnthropicModel('claude-sonnet-4-6')).toBe(true);
    expect(isAnthropicModel('anthropic/claude-opus-4-7')).toBe(true);
    expect(isAnthropicModel('openai/gpt-5')).toBe(false);
  });
});
