import { expect, it } from 'vitest';
import { RateGovernor } from '../../src/llm/governor.js';
import { createLlmRuntime } from '../../src/llm/runtime.js';
import { llmSchema } from '../../src/project/config/schema.js';
import { startFakeLlmServer } from '../support/fakes/llm-server.js';
import { ANTHROPIC_KEY } from './contract/harness.js';

it('shows every rate-limit wait on the wait display (stderr in the CLI)', async () => {
  const fake = await startFakeLlmServer({ anthropicKey: ANTHROPIC_KEY });
  try {
    fake.model.script({ status: 429, headers: { 'retry-after': '1' } }, { text: 'done' });
    const written: string[] = [];
    const stream = { write: (chunk: string) => written.push(chunk), isTTY: false };
    const retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 5_000 };
    const runtime = await createLlmRuntime({
      projectDir: process.cwd(),
      llm: llmSchema.parse({
        provider: {
          backend: 'anthropic',
          anthropic: { api_key: ANTHROPIC_KEY, base_url: fake.anthropicBaseUrl },
        },
        models: { default: 'claude-sonnet-4-6' },
        retry,
      }),
      governor: new RateGovernor({ maxConcurrency: 2, retry }),
      debug: null,
      env: {},
      waitDisplay: stream,
    });
    expect((await runtime.generateText({ prompt: 'p' })).text).toBe('done');
    await runtime.close();
    expect(written.join('')).toContain(
      'LLM anthropic/claude-sonnet-4-6: rate limited (HTTP 429); retrying in 1 s (attempt 2/3)',
    );
    expect(written.join('')).toContain('concurrency 2 → 1');
  } finally {
    await fake.close();
  }
});
