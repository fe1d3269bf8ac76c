import { describe, expect, it } from 'vitest';
import { codexError, parseCodexError } from './errors.js';

// The shapes below are what the bundled Codex CLI prints in its event stream for these
// provider answers (observed against the fake Responses API).
describe('classifying what Codex reported', () => {
  it('unwraps "unexpected status" lines and JSON error envelopes to the provider message', () => {
    expect(
      parseCodexError(
        'unexpected status 401 Unauthorized: Incorrect API key provided., url: http://127.0.0.1:1/v1/responses',
      ),
    ).toMatchObject({ status: 401, message: 'Incorrect API key provided.' });
    expect(
      parseCodexError(
        '{"error":{"message":"The \'gpt-5.3-codex\' model is not supported when using Codex with a ChatGPT account.","type":"invalid_request_error"}}',
      ),
    ).toMatchObject({
      message: "The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account.",
    });
    expect(
      parseCodexError('rate limit exceeded: Rate limit reached. Please try again in 1.2s.'),
    ).toMatchObject({ retryAfterMs: 1200 });
  });

  it('tells auth, model access, rate limits, overload and context overflow apart', () => {
    const model = 'gpt-5.3-codex';
    expect(
      codexError('unexpected status 401 Unauthorized: Incorrect API key provided.', { model }).category,
    ).toBe('auth');
    const access = codexError(
      '{"error":{"message":"The \'gpt-5.3-codex\' model is not supported when using Codex with a ChatGPT account.","type":"invalid_request_error"}}',
      { model },
    );
    expect(access.category).toBe('model_unavailable');
    expect(access.hint).toContain('llm.models.default');
    expect(access.hint).toContain('gpt-5.5');
    expect(
      codexError(
        'unexpected status 404 Not Found: The model `gpt-nope` does not exist or you do not have access to it.',
        { model },
      ).category,
    ).toBe('model_unavailable');
    expect(codexError('exceeded retry limit, last status: 429 Too Many Requests', { model })).toMatchObject({
      category: 'rate_limited',
      status: 429,
    });
    expect(
      codexError('We’re currently experiencing high demand, which may cause temporary errors.', { model })
        .category,
    ).toBe('overloaded');
    expect(
      codexError(
        '{"error":{"message":"Your input exceeds the context window of this model.","type":"invalid_request_error","code":"context_length_exceeded"}}',
        { model },
      ).category,
    ).toBe('context_overflow');
    expect(
      codexError('stream disconnected before completion: stream closed before response.completed', { model })
        .category,
    ).toBe('transport');
  });
});
