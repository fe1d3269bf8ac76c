import { describe, expect, it } from 'vitest';
import { codexConfig, codexEnv, isStrictSchema, MCP_TOKEN_ENV, RUN_SERVER } from './settings.js';

describe('how ktx starts Codex', () => {
  it('passes an allow-listed environment only, plus the run token and test injection', () => {
    const parent = {
      PATH: '/usr/bin',
      HOME: '/home/me',
      CODEX_HOME: '/home/me/.codex',
      HTTPS_PROXY: 'http://proxy:3128',
      no_proxy: 'localhost',
      OPENAI_API_KEY: 'sk-user',
      OPENAI_BASE_URL: 'https://elsewhere.example/v1',
      DATABASE_URL: 'postgres://secret@db/prod',
      AWS_SECRET_ACCESS_KEY: 'aws',
      KTX_PROJECT_DIR: '/p',
    };
    const before = { ...parent };
    const env = codexEnv(parent, { [MCP_TOKEN_ENV]: 'tok' }, { FAKE: '1' });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/me',
      CODEX_HOME: '/home/me/.codex',
      HTTPS_PROXY: 'http://proxy:3128',
      no_proxy: 'localhost',
      OPENAI_API_KEY: 'sk-user',
      [MCP_TOKEN_ENV]: 'tok',
      FAKE: '1',
    });
    expect(parent).toEqual(before);
  });

  it('enables exactly the run tools on the run server, auto-approves only them, and keeps no history', () => {
    const config = codexConfig({
      instructionsFile: '/tmp/x/instructions.md',
      server: { url: 'http://127.0.0.1:4321/mcp', tools: ['lookup', 'count_rows'] },
    });
    expect(config.history).toEqual({ persistence: 'none' });
    expect(config.model_instructions_file).toBe('/tmp/x/instructions.md');
    expect(config.mcp_servers).toEqual({
      [RUN_SERVER]: expect.objectContaining({
        url: 'http://127.0.0.1:4321/mcp',
        bearer_token_env_var: MCP_TOKEN_ENV,
        enabled_tools: ['lookup', 'count_rows'],
        default_tools_approval_mode: 'approve',
        required: true,
      }),
    });
    expect(JSON.stringify(config)).not.toMatch(/bearer_token"|token":/);
    expect(config.features).toMatchObject({
      shell_tool: false,
      unified_exec: false,
      multi_agent: false,
      apps: false,
    });
    expect(codexConfig({}).mcp_servers).toBeUndefined();
  });

  it('merges test injection deeply without dropping ktx settings', () => {
    const config = codexConfig({ injected: { features: { shell_tool: true }, model_provider: 'fake' } });
    expect(config.features).toMatchObject({ shell_tool: true, unified_exec: false });
    expect(config.model_provider).toBe('fake');
  });

  it('sends a JSON schema as Codex output schema only when strict mode accepts it', () => {
    const strict = {
      type: 'object',
      properties: {
        a: {
          type: 'array',
          items: {
            type: 'object',
            properties: { b: { type: 'string' } },
            required: ['b'],
            additionalProperties: false,
          },
        },
      },
      required: ['a'],
      additionalProperties: false,
    };
    expect(isStrictSchema(strict)).toBe(true);
    expect(isStrictSchema({ ...strict, required: [] })).toBe(false);
    expect(isStrictSchema({ type: 'object', properties: {} })).toBe(false);
  });
});
