import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLlmRuntime } from '../../src/llm/runtime.js';
import { RateGovernor } from '../../src/llm/governor.js';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer({ anthropicKey: 'sk-ant-test-123456789012', gatewayKey: 'gw-key-12345' });
});
afterAll(() => fake.close());

it('anthropic text', async () => {
  const runtime = await createLlmRuntime({
    projectDir: '/tmp',
    llm: {
      provider: {
        backend: 'anthropic',
        anthropic: { api_key: 'sk-ant-test-123456789012', base_url: fake.anthropicBaseUrl },
      },
      models: { default: 'claude-sonnet-4-6' },
    } as never,
    governor: new RateGovernor({
      maxConcurrency: 2,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    }),
    debug: null,
  });
  const r = await runtime.generateText({ system: ['be nice'], prompt: 'hi' });
  console.log(r, JSON.stringify(fake.requests.at(-1), null, 1));
  expect(r.text).toBe('ok');
});
