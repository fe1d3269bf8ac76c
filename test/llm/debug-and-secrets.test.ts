import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { redact } from '../../src/core/redact.js';
import { debugLogFromEnv } from '../../src/llm/debug-log.js';
import { defineTool } from '../../src/mcp/registry.js';
import {
  ANTHROPIC_KEY,
  anthropicHarness,
  type ContractHarness,
  GATEWAY_KEY,
  gatewayHarness,
  VERTEX_TOKEN,
  vertexHarness,
} from './contract/harness.js';

let dir: string;
let harnesses: ContractHarness[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktx-llm-debug-'));
});
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
  rmSync(dir, { recursive: true, force: true });
});

const tool = defineTool({
  name: 'lookup',
  description: 'Look up a term.',
  inputSchema: z.object({ term: z.string() }),
  annotations: { readOnlyHint: true },
  handler: async ({ term }) => `${term}: defined`,
});

it('KTX_LLM_DEBUG records every request, response and event, with credentials removed', async () => {
  const file = join(dir, 'llm-debug.jsonl');
  const debug = debugLogFromEnv({ KTX_LLM_DEBUG: file }, dir)!;
  const secrets = [ANTHROPIC_KEY, VERTEX_TOKEN, GATEWAY_KEY];
  for (const make of [anthropicHarness, vertexHarness, gatewayHarness]) {
    const h = await make();
    harnesses.push(h);
    h.fake.model.script(
      { toolCalls: [{ name: 'lookup', input: { term: 'arr' } }] },
      { status: 429, headers: { 'retry-after': '0' } },
      { text: 'ARR is MRR x 12.' },
    );
    const runtime = await h.runtime({}, { debug });
    const result = await runtime.runAgent({
      system: 'Use the tools.',
      prompt: 'What is ARR?',
      tools: [tool],
      stepBudget: 4,
    });
    expect(result.stopReason).toBe('natural');
  }
  const text = readFileSync(file, 'utf8');
  const records = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const kinds = new Set(records.map((r) => r.kind));
  for (const kind of ['http.request', 'http.response', 'agent.step', 'agent.end'])
    expect(kinds).toContain(kind);
  // The 429 and its retry are both there.
  expect(records.filter((r) => r.kind === 'http.response' && r.status === 429)).toHaveLength(3);
  const request = records.find((r) => r.kind === 'http.request');
  expect(request.body.system[0].cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).toContain('"x-api-key":"[redacted]"');
  expect(text).toContain('"authorization":"[redacted]"');
});

it('masks resolved keys in every error message', async () => {
  const h = await anthropicHarness();
  harnesses.push(h);
  h.fake.model.script({
    status: 401,
    type: 'authentication_error',
    message: `invalid x-api-key ${ANTHROPIC_KEY}`,
  });
  const runtime = await h.runtime();
  const error = await runtime.generateText({ prompt: 'p', maxAttempts: 1 }).catch((e: Error) => e);
  expect(redact((error as Error).message)).not.toContain(ANTHROPIC_KEY);
  expect(redact((error as Error).message)).toContain('invalid x-api-key [redacted]');
});
