import { describe, expect, it } from 'vitest';
import { retryAfterMs, utilization } from './rate-limit-headers.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    expect(retryAfterMs({ 'retry-after-ms': '1500' }, now)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'Retry-After': '7' }), now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 25 Nov 2026 10:00:30 GMT' }, now)).toBe(30_000);
  });

  it('falls back to the reset time of an exhausted Anthropic limit', () => {
    expect(
      retryAfterMs(
        {
          'anthropic-ratelimit-requests-remaining': '5',
          'anthropic-ratelimit-requests-reset': '2026-11-25T10:00:05Z',
          'anthropic-ratelimit-input-tokens-remaining': '0',
          'anthropic-ratelimit-input-tokens-reset': '2026-11-25T10:00:20Z',
        },
        now,
      ),
    ).toBe(20_000);
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('utilization', () => {
  it('is the highest used share of any advertised limit', () => {
    expect(
      utilization({
        'anthropic-ratelimit-requests-limit': '100',
        'anthropic-ratelimit-requests-remaining': '80',
        'anthropic-ratelimit-tokens-limit': '10000',
        'anthropic-ratelimit-tokens-remaining': '500',
      }),
    ).toBeCloseTo(0.95);
    expect(
      utilization({ 'x-ratelimit-limit-requests': '10', 'x-ratelimit-remaining-requests': '9' }),
    ).toBeCloseTo(0.1);
    expect(utilization({})).toBeUndefined();
  });
});
