import { createAnthropic } from '@ai-sdk/anthropic';
import { createGateway } from '@ai-sdk/gateway';
import { createVertexAnthropic } from '@ai-sdk/google-vertex/anthropic';
import { streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';

/**
 * The fake provider servers are test infrastructure the contract suite trusts, so they are
 * checked against the real SDKs too: streaming (SSE) on all three protocols, and the prompt
 * cache rules of the Anthropic API.
 */

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer({
    anthropicKey: 'sk-ant-fake-000000000000',
    gatewayKey: 'gw-fake',
    vertexToken: 'ya29.fake',
    cacheMinTokens: 50,
  });
});
afterAll(() => fake.close());

interface ApiBody {
  error: { message: string };
  usage: Record<string, number>;
}
const body = async (response: Response): Promise<ApiBody> => (await response.json()) as ApiBody;

async function streamed(model: Parameters<typeof streamText>[0]['model']): Promise<string> {
  const result = streamText({ model, prompt: 'hello', maxRetries: 0 });
  let text = '';
  for await (const delta of result.textStream) text += delta;
  return text;
}

describe('fake provider servers', () => {
  it('stream SSE like the real APIs (Anthropic, Vertex streamRawPredict, Gateway)', async () => {
    fake.model.script(
      { text: 'streamed anthropic' },
      { text: 'streamed vertex' },
      { text: 'streamed gateway' },
    );
    expect(
      await streamed(
        createAnthropic({ apiKey: 'sk-ant-fake-000000000000', baseURL: fake.anthropicBaseUrl })(
          'claude-sonnet-4-6',
        ),
      ),
    ).toBe('streamed anthropic');
    expect(
      await streamed(
        createVertexAnthropic({ baseURL: fake.vertexBaseUrl, generateAuthToken: async () => 'ya29.fake' })(
          'claude-sonnet-4-6',
        ),
      ),
    ).toBe('streamed vertex');
    expect(
      await streamed(
        createGateway({ apiKey: 'gw-fake', baseURL: fake.gatewayBaseUrl })('anthropic/claude-sonnet-4-6'),
      ),
    ).toBe('streamed gateway');
    expect(fake.calls('vertex').at(-1)!.path).toMatch(/claude-sonnet-4-6:streamRawPredict$/);
    expect(fake.calls('gateway').at(-1)!.headers['ai-language-model-streaming']).toBe('true');
  });

  it('model the Anthropic cache rules: breakpoint limit, TTL order, 1h needs the beta header', async () => {
    const post = (payload: unknown, beta = true) =>
      fetch(`${fake.anthropicBaseUrl}/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': 'sk-ant-fake-000000000000',
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
          ...(beta ? { 'anthropic-beta': 'extended-cache-ttl-2025-04-11' } : {}),
        },
        body: JSON.stringify(payload),
      });
    const block = (text: string, ttl?: '5m' | '1h') => ({
      type: 'text',
      text,
      ...(ttl ? { cache_control: { type: 'ephemeral', ttl } } : {}),
    });
    const long = 'stable instructions '.repeat(30);
    const base = { model: 'claude-sonnet-4-6', max_tokens: 10 };
    const tooMany = await post({
      ...base,
      system: [block(long, '1h'), block('a', '1h'), block('b', '1h'), block('c', '1h')],
      messages: [{ role: 'user', content: [block('q', '5m')] }],
    });
    expect(tooMany.status).toBe(400);
    expect((await body(tooMany)).error.message).toContain('maximum of 4 blocks');
    const order = await post({
      ...base,
      system: [block(long, '5m'), block('x', '1h')],
      messages: [{ role: 'user', content: 'q' }],
    });
    expect((await body(order)).error.message).toContain('Longer TTLs must come first');
    const noBeta = await post(
      { ...base, system: [block(long, '1h')], messages: [{ role: 'user', content: 'q' }] },
      false,
    );
    expect(noBeta.status).toBe(400);

    const first = await body(
      await post({ ...base, system: [block(long, '1h')], messages: [{ role: 'user', content: 'one' }] }),
    );
    const second = await body(
      await post({ ...base, system: [block(long, '1h')], messages: [{ role: 'user', content: 'two' }] }),
    );
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(fake.model.cache.liveTtls()).toContain('1h');
  });

  it('reject tool results that do not answer the previous tool calls, like the API', async () => {
    const response = await fetch(`${fake.anthropicBaseUrl}/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'sk-ant-fake-000000000000',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-6',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'r' }] },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect((await body(response)).error.message).toContain('unexpected tool_use_id');
  });
});
