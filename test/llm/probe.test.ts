import { expect, it } from 'vitest';
import { describeProbeFailure, probeLlm } from '../../src/llm/probe.js';
import { llmSchema } from '../../src/project/config/schema.js';
import { startFakeLlmServer } from '../support/fakes/llm-server.js';

const KEY = 'sk-ant-probe-test-000000000000';

it('time-boxes the probe: a provider that never answers is reported as a timeout, quickly', async () => {
  const fake = await startFakeLlmServer({ anthropicKey: KEY });
  try {
    fake.model.script({ hang: true });
    const llm = llmSchema.parse({
      provider: { backend: 'anthropic', anthropic: { api_key: KEY, base_url: fake.anthropicBaseUrl } },
      models: { default: 'claude-sonnet-4-6' },
    });
    const started = Date.now();
    const result = await probeLlm(process.cwd(), llm, { timeoutMs: 800, env: {} });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ ok: false, model: 'claude-sonnet-4-6', error: { category: 'transport' } });
    expect(describeProbeFailure(result)).toBe('provider request failed: timed out after 1 s');
    // One attempt only: a probe never retries.
    expect(fake.calls()).toHaveLength(1);
    expect(fake.calls()[0]!.body).toMatchObject({ max_tokens: 1 });
  } finally {
    await fake.close();
  }
});

it('reports configuration problems as such, without calling anyone', async () => {
  const llm = llmSchema.parse({
    provider: { backend: 'anthropic' },
    models: { default: 'claude-sonnet-4-6' },
  });
  const result = await probeLlm(process.cwd(), llm, { env: {} });
  expect(result).toMatchObject({ ok: false, error: { category: 'config', code: 'llm_auth_missing' } });
});
