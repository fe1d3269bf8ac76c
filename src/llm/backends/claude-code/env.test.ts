import { describe, expect, it } from 'vitest';
import { claudeCodeEnv, isRoutingVariable } from './env.js';

describe('the Claude Code process environment', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    LANG: 'C.UTF-8',
    DATABASE_URL: 'kept (not a provider-routing variable)',
    ANTHROPIC_API_KEY: 'sk-ant-leak',
    ANTHROPIC_AUTH_TOKEN: 'leak',
    ANTHROPIC_BASE_URL: 'https://proxy.example',
    ANTHROPIC_MODEL: 'claude-opus-4-7',
    ANTHROPIC_SMALL_FAST_MODEL: 'x',
    ANTHROPIC_VERTEX_PROJECT_ID: 'p',
    ANTHROPIC_CUSTOM_HEADERS: 'x-a: b',
    CLAUDE_CODE_USE_BEDROCK: '1',
    CLAUDE_CODE_USE_VERTEX: '1',
    CLAUDE_CODE_USE_FOUNDRY: '1',
    CLOUD_ML_REGION: 'us-east5',
    GOOGLE_APPLICATION_CREDENTIALS: '/k.json',
    GOOGLE_CLOUD_PROJECT: 'p',
    AWS_ACCESS_KEY_ID: 'a',
    AWS_SECRET_ACCESS_KEY: 's',
    AWS_SESSION_TOKEN: 't',
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: 'dev',
    VERTEX_REGION_CLAUDE_4_6_SONNET: 'europe-west1',
    CLAUDE_CODE_OAUTH_TOKEN: 'the subscription token stays',
  };

  it('drops every provider-routing variable and keeps the rest, including the subscription token', () => {
    const env = claudeCodeEnv(parent, { settings: {} });
    expect(Object.keys(env).sort()).toEqual([
      'CLAUDE_CODE_OAUTH_TOKEN',
      'DATABASE_URL',
      'HOME',
      'LANG',
      'PATH',
    ]);
    for (const name of Object.keys(parent)) {
      if (!(name in env)) expect(isRoutingVariable(name), name).toBe(true);
    }
  });

  it('adds ktx settings, and test injection last; the parent environment is not modified', () => {
    const before = { ...parent };
    const env = claudeCodeEnv(parent, {
      settings: { CLAUDE_CODE_MAX_RETRIES: '3' },
      injected: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' },
    });
    expect(env).toMatchObject({ CLAUDE_CODE_MAX_RETRIES: '3', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' });
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(parent).toEqual(before);
  });
});
