import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RateGovernor } from '../../src/llm/governor.js';
import { createLlmRuntime } from '../../src/llm/runtime.js';
import { llmSchema } from '../../src/project/config/schema.js';
import {
  ANTHROPIC_KEY,
  type ContractHarness,
  claudeCodeHarness,
  claudeCodeTestEnv,
  contractTools,
  FAST_RETRY,
  tempHome,
} from './contract/harness.js';

/**
 * What only the claude-code backend has to prove, through the real Claude Code binary against
 * the fake Anthropic API: the environment it gets, the tools it can reach, structured output
 * through its JSON-schema mode, and the part of prompt caching it honours.
 */

let h: ContractHarness;
beforeEach(async () => {
  h = await claudeCodeHarness();
});
afterEach(() => h.close());

const LONG_SYSTEM = `You describe warehouse tables.\n${'Rules: be precise and never invent facts. '.repeat(160)}`;

describe('claude-code backend', () => {
  it('strips provider-routing variables from the Claude Code environment', async () => {
    const home = tempHome('ktx-claude-leak-');
    try {
      // Each of these would send the request elsewhere or with other credentials if it leaked.
      const leaky = {
        PATH: process.env.PATH,
        ANTHROPIC_AUTH_TOKEN: 'leaked-bearer-token',
        ANTHROPIC_CUSTOM_HEADERS: 'x-ktx-leak: yes',
        ANTHROPIC_MODEL: 'claude-opus-4-7',
        CLAUDE_CODE_USE_BEDROCK: '1',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIALEAK',
        CLAUDE_CODE_USE_VERTEX: '1',
        CLOUD_ML_REGION: 'us-east5',
      };
      const runtime = await createLlmRuntime({
        projectDir: home.dir,
        llm: llmSchema.parse({
          provider: { backend: 'claude-code' },
          models: { default: 'sonnet' },
          retry: FAST_RETRY,
        }),
        governor: new RateGovernor({ maxConcurrency: 2, retry: FAST_RETRY }),
        debug: null,
        env: leaky,
        overrides: { agentEnv: claudeCodeTestEnv(home.dir, h.fake) },
      });
      const result = await runtime.generateText({ prompt: 'hi' });
      expect(result.text).toBe('ok');
      const request = h.fake.calls()[0]!;
      expect(request.headers['x-api-key']).toBe(ANTHROPIC_KEY);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['x-ktx-leak']).toBeUndefined();
      // The alias went in, not ANTHROPIC_MODEL.
      expect(h.fake.model.calls[0]!.model).toBe('claude-sonnet-4-6');
    } finally {
      home.remove();
    }
  });

  it('offers the model only the ktx tools of the run (no built-in tool, no other server)', async () => {
    const { lookup, count } = contractTools();
    h.fake.model.script({ text: 'nothing to do' });
    const runtime = await h.runtime();
    await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup, count], stepBudget: 3 });
    expect(h.fake.model.calls[0]!.toolNames.sort()).toEqual(['mcp__ktx__count_rows', 'mcp__ktx__lookup']);
    await runtime.generateText({ prompt: 'p' });
    expect(h.fake.model.calls[1]!.toolNames).toEqual([]);
  });

  it('stops the run when the model reaches for a host tool, before anything runs', async () => {
    const log: string[] = [];
    const { lookup } = contractTools(log);
    for (const attempt of ['Bash', 'mcp__github__create_issue']) {
      const before = h.fake.model.calls.length;
      // Were the run not stopped, the next turn would answer (the default reply) and end naturally.
      h.fake.model.script({ toolCalls: [{ name: attempt, input: { command: 'cat ~/.ssh/id_rsa' } }] });
      const runtime = await h.runtime();
      const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
      expect(result.stopReason, attempt).toBe('error');
      expect(result.error).toMatchObject({ category: 'tool_failed' });
      expect(result.error!.message).toContain(`tried to call ${attempt}`);
      // No further model turn: the process was stopped at the attempt.
      expect(h.fake.model.calls.length - before).toBe(1);
    }
    expect(log).toEqual([]);
  });

  it('answers structured requests through Claude Code’s JSON-schema output', async () => {
    h.fake.model.script({ text: '{"table":"orders","rows":12}' });
    const runtime = await h.runtime();
    const result = await runtime.generateObject({
      prompt: 'Describe orders',
      schema: z.object({ table: z.string(), rows: z.number().int() }),
    });
    expect(result).toMatchObject({ object: { table: 'orders', rows: 12 }, repaired: false });
    const request = h.fake.model.calls[0]!.request;
    const tool = request.tools!.find((candidate) => candidate.name === 'StructuredOutput')!;
    expect(tool.input_schema).toMatchObject({ type: 'object', required: ['table', 'rows'] });
  });

  it('honours llm.promptCaching.enabled (Claude Code caches by itself, and usage shows it)', async () => {
    const on = await h.runtime();
    const first = await on.generateText({ system: LONG_SYSTEM, prompt: 'orders' });
    const second = await on.generateText({ system: LONG_SYSTEM, prompt: 'refunds' });
    expect(JSON.stringify(h.fake.model.calls[0]!.request)).toContain('cache_control');
    expect(first.usage.cacheWrite).toBeGreaterThan(1000);
    expect(second.usage.cacheRead).toBeGreaterThan(1000);
    const off = await h.runtime({ promptCaching: { enabled: false } });
    await off.generateText({ system: LONG_SYSTEM, prompt: 'payments' });
    expect(JSON.stringify(h.fake.model.calls[2]!.request)).not.toContain('cache_control');
  });
});
