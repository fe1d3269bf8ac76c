import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { classifyLlmError } from './classify-error.js';

function apiError(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new APICallError({
    message: 'provider said no',
    url: 'https://api.anthropic.com/v1/messages',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    responseBody: typeof body === 'string' ? body : JSON.stringify(body),
    isRetryable: status === 429 || status >= 500,
  });
}

const anthropicBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });

describe('classifyLlmError', () => {
  it('unwraps a RetryError around a 429 and reads retry-after from the response headers', () => {
    const inner = apiError(
      429,
      anthropicBody('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'),
      { 'retry-after': '12' },
    );
    const wrapped = new RetryError({
      message: 'Failed after 3 attempts',
      reason: 'maxRetriesExceeded',
      errors: [inner, inner, inner],
    });
    const error = classifyLlmError(wrapped, { backend: 'anthropic', model: 'claude-sonnet-4-6' });
    expect(error).toMatchObject({
      category: 'rate_limited',
      status: 429,
      retryAfterMs: 12_000,
      code: 'llm_rate_limited',
    });
    expect(error.providerMessage).toBe('Number of request tokens has exceeded your per-minute rate limit');
    expect(error.message).toContain('[anthropic claude-sonnet-4-6] (HTTP 429)');
  });

  it('maps statuses and provider error types to categories', () => {
    const cases: Array<[number, unknown, string]> = [
      [401, anthropicBody('authentication_error', 'invalid x-api-key'), 'auth'],
      [
        403,
        {
          error: {
            code: 403,
            message: 'Permission denied on resource project acme',
            status: 'PERMISSION_DENIED',
          },
        },
        'auth',
      ],
      [404, anthropicBody('not_found_error', 'model: claude-nope'), 'model_unavailable'],
      [
        404,
        { error: { code: 404, message: 'Publisher Model `claude-x` not found.', status: 'NOT_FOUND' } },
        'model_unavailable',
      ],
      [
        404,
        { error: { message: 'Model anthropic/claude-x not found', type: 'model_not_found' } },
        'model_unavailable',
      ],
      [529, anthropicBody('overloaded_error', 'Overloaded'), 'overloaded'],
      [
        429,
        { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } },
        'rate_limited',
      ],
      [
        400,
        anthropicBody('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'),
        'context_overflow',
      ],
      [500, anthropicBody('api_error', 'Internal server error'), 'transport'],
    ];
    for (const [status, body, category] of cases)
      expect(classifyLlmError(apiError(status, body)).category, JSON.stringify(body)).toBe(category);
  });

  it('points a bare 404 at the base URL rather than the model', () => {
    const error = classifyLlmError(apiError(404, '<html><body>Not Found</body></html>'), {
      backend: 'anthropic',
    });
    expect(error.category).toBe('transport');
    expect(error.providerMessage).toBe('Not Found');
    expect(error.hint).toContain('llm.provider.anthropic.base_url');
  });

  it('recognises network failures, aborts and missing credentials', () => {
    const refused = new APICallError({
      message: 'Cannot connect to API: connect ECONNREFUSED 127.0.0.1:9',
      url: 'http://127.0.0.1:9/v1/messages',
      requestBodyValues: {},
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyLlmError(refused)).toMatchObject({
      category: 'transport',
      providerMessage: expect.stringContaining('cannot reach 127.0.0.1:9 (ECONNREFUSED'),
    });
    const controller = new AbortController();
    controller.abort();
    expect(classifyLlmError(new Error('whatever'), { signal: controller.signal }).category).toBe('aborted');
    expect(
      classifyLlmError(new LoadAPIKeyError({ message: 'Anthropic API key is missing.' }), {
        backend: 'anthropic',
      }),
    ).toMatchObject({
      category: 'auth',
      hint: expect.stringContaining('ANTHROPIC_API_KEY'),
    });
  });
});
