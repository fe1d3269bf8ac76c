import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../core/redact.js';
import { llmSchema } from '../project/config/schema.js';
import { resolveLlmConfig } from './config.js';

const projectDir = mkdtempSync(join(tmpdir(), 'ktx-llm-config-'));
const llm = (value: unknown) => llmSchema.parse(value);

function thrown(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a throw');
}

describe('resolveLlmConfig', () => {
  it('returns null for backend none', () => {
    expect(resolveLlmConfig(llm({}), { projectDir })).toBeNull();
  });

  it('requires llm.models.default for any other backend', () => {
    const error = thrown(() => resolveLlmConfig(llm({ provider: { backend: 'anthropic' } }), { projectDir }));
    expect(error.code).toBe('llm_model_missing');
    expect(error.message).toContain('llm.models.default is required when llm.provider.backend is anthropic');
    expect(error.hint).toContain('ktx setup --llm-backend anthropic');
  });

  it('falls back to default for every role without its own model', () => {
    const config = resolveLlmConfig(
      llm({
        provider: { backend: 'anthropic' },
        models: { default: 'claude-sonnet-4-6', triage: 'claude-haiku-4-5' },
      }),
      { projectDir, env: {} },
    )!;
    expect(config.modelFor('triage')).toBe('claude-haiku-4-5');
    for (const role of ['curator', 'reconcile', 'repair', 'candidateExtraction'] as const) {
      expect(config.modelFor(role)).toBe('claude-sonnet-4-6');
      expect(config.modelPath(role)).toBe('llm.models.default');
    }
    expect(config.modelPath('triage')).toBe('llm.models.triage');
  });

  it('resolves model ids from refs lazily, naming the path, without treating them as secrets', () => {
    const config = resolveLlmConfig(
      llm({
        provider: { backend: 'anthropic' },
        models: { default: 'env:KTX_MODEL', curator: 'env:KTX_UNSET_MODEL' },
      }),
      { projectDir, env: { KTX_MODEL: 'claude-opus-4-7' } },
    )!;
    expect(config.modelFor('default')).toBe('claude-opus-4-7');
    expect(redact('model claude-opus-4-7')).toBe('model claude-opus-4-7');
    const error = thrown(() => config.modelFor('curator'));
    expect(error.message).toContain('llm.models.curator');
    expect(error.hint).toContain('KTX_UNSET_MODEL');
  });

  it('never resolves the blocks of inactive providers', () => {
    const broken = { api_key: 'file:/nonexistent/ktx/key', base_url: 'env:KTX_NOPE' };
    for (const backend of ['vertex', 'gateway'] as const) {
      const config = resolveLlmConfig(
        llm({
          provider: {
            backend,
            anthropic: broken,
            vertex: { project: 'p', location: 'us-east5' },
            gateway: { api_key: 'literal-gateway-key' },
          },
          models: { default: 'm' },
        }),
        { projectDir, env: {} },
      )!;
      expect(() => config.provider()).not.toThrow();
    }
  });

  it('reads the Anthropic key from the configured ref, else ANTHROPIC_API_KEY, and registers it for redaction', () => {
    const keyFile = join(projectDir, 'anthropic.key');
    writeFileSync(keyFile, 'sk-ant-from-a-file-0000000000\n');
    const fromFile = resolveLlmConfig(
      llm({
        provider: { backend: 'anthropic', anthropic: { api_key: `file:${keyFile}` } },
        models: { default: 'm' },
      }),
      { projectDir, env: {} },
    )!;
    expect(fromFile.provider()).toMatchObject({ kind: 'anthropic', apiKey: 'sk-ant-from-a-file-0000000000' });
    expect(redact('key=sk-ant-from-a-file-0000000000')).toBe('key=[redacted]');
    const fromEnv = resolveLlmConfig(llm({ provider: { backend: 'anthropic' }, models: { default: 'm' } }), {
      projectDir,
      env: { ANTHROPIC_API_KEY: 'env-key-abcdef' },
    })!;
    expect(fromEnv.provider()).toMatchObject({
      apiKey: 'env-key-abcdef',
      apiKeySource: 'environment variable ANTHROPIC_API_KEY',
    });
  });

  it('names the exact path when the active block cannot be resolved', () => {
    const unset = resolveLlmConfig(
      llm({
        provider: { backend: 'anthropic', anthropic: { api_key: 'env:KTX_NO_SUCH_KEY' } },
        models: { default: 'm' },
      }),
      { projectDir, env: {} },
    )!;
    expect(thrown(() => unset.provider()).message).toContain(
      'llm.provider.anthropic.api_key resolves to nothing',
    );
    const none = resolveLlmConfig(llm({ provider: { backend: 'anthropic' }, models: { default: 'm' } }), {
      projectDir,
      env: {},
    })!;
    expect(thrown(() => none.provider())).toMatchObject({ code: 'llm_auth_missing' });
    const badFile = resolveLlmConfig(
      llm({
        provider: { backend: 'gateway', gateway: { api_key: 'file:missing.key' } },
        models: { default: 'm' },
      }),
      { projectDir, env: {} },
    )!;
    expect(thrown(() => badFile.provider()).message).toContain('llm.provider.gateway.api_key');
    const vertex = resolveLlmConfig(
      llm({ provider: { backend: 'vertex', vertex: { project: 'p' } }, models: { default: 'm' } }),
      { projectDir, env: {} },
    )!;
    expect(thrown(() => vertex.provider()).message).toContain('llm.provider.vertex.location');
  });

  it('takes Vertex project and region from the SDK variables when ktx.yaml has none', () => {
    const config = resolveLlmConfig(llm({ provider: { backend: 'vertex' }, models: { default: 'm' } }), {
      projectDir,
      env: { GOOGLE_VERTEX_PROJECT: 'acme-ml', GOOGLE_VERTEX_LOCATION: 'europe-west1' },
    })!;
    expect(config.provider()).toEqual({
      kind: 'vertex',
      project: 'acme-ml',
      location: 'europe-west1',
      baseURL: undefined,
    });
  });

  it('applies retry, concurrency and timeout defaults', () => {
    const config = resolveLlmConfig(
      llm({ provider: { backend: 'anthropic' }, models: { default: 'm' }, retry: { maxAttempts: 2 } }),
      { projectDir },
    )!;
    expect(config.retry).toEqual({ maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 60_000 });
    expect(config.maxConcurrency).toBe(4);
    expect(config.requestTimeoutMs).toBe(120_000);
  });
});
