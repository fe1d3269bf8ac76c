import { describe, expect, it } from 'vitest';
import { claudeCodeError } from './errors.js';

// The `error` kinds, statuses and texts below are what the bundled Claude Code reports in its
// stream for these provider answers (observed against the fake Anthropic API).
describe('classifying what Claude Code reported', () => {
  const model = 'claude-opus-4-7';

  it('keeps an authentication failure apart from a model the account cannot use', () => {
    const auth = claudeCodeError(
      { kind: 'authentication_failed', status: 401, text: 'Invalid API key · Fix external API key' },
      { model },
    );
    expect(auth).toMatchObject({ category: 'auth', status: 401 });
    expect(auth.hint).toContain('/login');
    const signedOut = claudeCodeError(
      { kind: 'authentication_failed', status: null, text: 'Not logged in · Please run /login' },
      { model },
    );
    expect(signedOut.category).toBe('auth');
    const noAccess = claudeCodeError(
      {
        kind: 'authentication_failed',
        status: 403,
        text: 'Failed to authenticate. API Error: 403 Your account does not have access to model claude-opus-4-7',
      },
      { model },
    );
    expect(noAccess).toMatchObject({
      category: 'model_unavailable',
      providerMessage: 'Your account does not have access to model claude-opus-4-7',
    });
    const missing = claudeCodeError(
      {
        kind: 'model_not_found',
        status: 404,
        text: "There's an issue with the selected model (claude-opus-4-7). It may not exist or you may not have access to it.",
      },
      { model },
    );
    expect(missing.category).toBe('model_unavailable');
  });

  it('maps rate limits, overload, oversized prompts and silence', () => {
    expect(
      claudeCodeError({ kind: 'rate_limit', status: 429, text: 'API Error: 429 Rate limit' }, { model })
        .category,
    ).toBe('rate_limited');
    expect(
      claudeCodeError({ kind: 'server_error', status: 529, text: 'API Error: 529 Overloaded.' }, { model })
        .category,
    ).toBe('overloaded');
    expect(
      claudeCodeError(
        {
          kind: 'invalid_request',
          status: 400,
          terminalReason: 'prompt_too_long',
          text: 'Prompt is too long',
        },
        { model },
      ).category,
    ).toBe('context_overflow');
    const silent = claudeCodeError({ text: 'Request timed out' }, { model, requestTimeoutMs: 30_000 });
    expect(silent).toMatchObject({ category: 'transport' });
    expect(silent.providerMessage).toContain('no response within 30 s');
    expect(silent.hint).toContain('llm.requestTimeoutMs');
  });
});
