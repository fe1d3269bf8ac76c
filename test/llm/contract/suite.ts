import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmError } from '../../../src/llm/errors.js';
import type { GovernorEvent } from '../../../src/llm/governor.js';
import type { AgentStep } from '../../../src/llm/types.js';
import { type ContractHarness, contractTools, FAST_RETRY, type HarnessFactory } from './harness.js';

/**
 * The runtime contract every backend must pass, end to end through its real SDK against a fake
 * provider on loopback. One suite, one behaviour: LLM layer II runs it for claude-code and codex.
 */

const LONG_SYSTEM = `You describe warehouse tables for analysts.\n${'Rules: be precise, never invent facts. '.repeat(140)}`;

const answerSchema = z.object({ table: z.string(), rows: z.number().int() });

async function expectLlmError(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    expect(LlmError.isLlmError(error), String(error)).toBe(true);
    return error as LlmError;
  }
  throw new Error('expected the call to fail');
}

export interface ContractOptions {
  /**
   * Whether the backend exposes Anthropic cache breakpoints. Backends that cannot (an agent SDK
   * that builds its own requests) leave the three cache-marker tests out of their contract.
   */
  cacheMarkers?: boolean;
  /** Extra time a call may take because the backend starts a process first (agent hosts). */
  startupMs?: number;
  /**
   * Limits of a host's wire that no adapter can make up for (Codex): tool results carry no
   * error flag, a call of an unknown tool is answered by the host without any event (so it
   * cannot be counted), and a rate-limit answer reaches ktx without the provider's retry-after
   * or message. Every other assertion still holds for such a backend.
   */
  hostLimits?: { toolErrorFlag?: false; unknownToolEvents?: false; rateLimitDetails?: false };
  /**
   * The request timeout also covers the host's start-up (Codex starts a process per attempt and
   * ktx cannot see when the request leaves), so timeout tests must leave room for it.
   */
  timeoutCoversStartup?: boolean;
}

export function runBackendContract(
  name: string,
  makeHarness: HarnessFactory,
  options: ContractOptions = {},
): void {
  const cacheIt = options.cacheMarkers === false ? () => {} : it;
  const startup = options.startupMs ?? 0;
  const limits = options.hostLimits ?? {};
  describe(`LLM runtime contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(() => h.close());

    it('generates text and reports usage', async () => {
      h.fake.model.script({ text: 'Net revenue is payments minus refunds.' });
      const runtime = await h.runtime();
      const result = await runtime.generateText({ system: 'Be brief.', prompt: 'What is net revenue?' });
      expect(result.text).toBe('Net revenue is payments minus refunds.');
      expect(result.model).toBe(h.model);
      expect(result.usage.input).toBeGreaterThan(0);
      expect(result.usage.output).toBeGreaterThan(0);
      const call = h.fake.model.calls[0]!;
      expect(call.lastUserText).toBe('What is net revenue?');
      expect(call.systemText).toBe('Be brief.');
    });

    it('falls back to the default model for a role without its own', async () => {
      const runtime = await h.runtime({ models: { default: h.model } });
      await runtime.generateText({ role: 'curator', prompt: 'hi' });
      expect(h.fake.model.calls[0]!.model).toBe(h.model);
    });

    cacheIt('reads the stable prefix from the cache on the next call and reports it', async () => {
      const runtime = await h.runtime();
      const first = await runtime.generateText({ system: LONG_SYSTEM, prompt: 'table a' });
      const second = await runtime.generateText({ system: LONG_SYSTEM, prompt: 'table b' });
      expect(first.usage.cacheWrite).toBeGreaterThan(1000);
      expect(first.usage.cacheRead).toBe(0);
      expect(second.usage.cacheRead).toBe(first.usage.cacheWrite);
      expect(second.usage.input).toBeGreaterThan(second.usage.cacheRead);
      expect(h.fake.model.calls[0]!.breakpoints.map((b) => b.target)).toEqual(['system']);
    });

    it('returns a validated object', async () => {
      h.fake.model.script({ text: '{"table":"invoices","rows":30000}' });
      const runtime = await h.runtime();
      const result = await runtime.generateObject({ prompt: 'Describe invoices', schema: answerSchema });
      expect(result).toMatchObject({ object: { table: 'invoices', rows: 30000 }, repaired: false });
      // The schema travels in the (cached) system prompt, after the caller's instructions.
      expect(h.fake.model.calls[0]!.systemText).toContain('"rows"');
    });

    it('extracts JSON wrapped in prose locally, without a repair call', async () => {
      h.fake.model.script({ text: 'Here it is:\n```json\n{"table":"plans","rows":8}\n```\nAnything else?' });
      const runtime = await h.runtime();
      const result = await runtime.generateObject({ prompt: 'Describe plans', schema: answerSchema });
      expect(result.object).toEqual({ table: 'plans', rows: 8 });
      expect(h.fake.model.calls).toHaveLength(1);
    });

    it('repairs an invalid object once, feeding the validation error back', async () => {
      h.fake.model.script(
        { text: '{"table":"plans","rows":"eight"}' },
        { text: '{"table":"plans","rows":8}' },
      );
      const runtime = await h.runtime();
      const result = await runtime.generateObject({ prompt: 'Describe plans', schema: answerSchema });
      expect(result).toMatchObject({ object: { table: 'plans', rows: 8 }, repaired: true });
      const repair = h.fake.model.calls[1]!;
      expect(repair.lastUserText).toContain('rows');
      expect(repair.lastUserText).toMatch(/expected number/i);
      expect(JSON.stringify(repair.request.messages)).toContain('\\"eight\\"');
      expect(result.usage.input).toBeGreaterThan(0);
    });

    it('fails with invalid_output when the repair is invalid too (no third call)', async () => {
      h.fake.model.script({ text: 'no json here' }, { text: 'still no json' });
      const runtime = await h.runtime();
      const error = await expectLlmError(runtime.generateObject({ prompt: 'x', schema: answerSchema }));
      expect(error.category).toBe('invalid_output');
      expect(error.hint).toContain('llm.models.default');
      expect(h.fake.model.calls).toHaveLength(2);
    });

    it('runs an agent loop with several tool calls, firing onStep live', async () => {
      const log: string[] = [];
      const { lookup, count } = contractTools(log);
      h.fake.model.script(
        { toolCalls: [{ name: 'lookup', input: { term: 'net revenue' } }] },
        {
          toolCalls: [
            { name: 'count_rows', input: { table: 'payments' } },
            { name: 'lookup', input: { term: 'mrr' } },
          ],
        },
        { text: 'Net revenue uses payments (42 rows).' },
      );
      const runtime = await h.runtime();
      const seen: Array<AgentStep & { requestsSoFar: number }> = [];
      const result = await runtime.runAgent({
        system: 'Answer with the tools.',
        prompt: 'Explain net revenue.',
        tools: [lookup, count],
        stepBudget: 10,
        onStep: (step) => seen.push({ ...step, requestsSoFar: h.fake.model.calls.length }),
      });
      expect(result).toMatchObject({ stopReason: 'natural', steps: 3, toolCalls: 3, toolFailures: 0 });
      expect(result.text).toBe('Net revenue uses payments (42 rows).');
      expect(log.sort()).toEqual(['count:payments', 'lookup:mrr', 'lookup:net revenue']);
      expect(seen.map((s) => s.index)).toEqual([1, 2, 3]);
      // Step 1 was reported before the model was asked for its next turn.
      expect(seen[0]!.requestsSoFar).toBe(1);
      expect(h.fake.model.calls).toHaveLength(3);
      expect(h.fake.model.calls[2]!.toolResults.map((r) => r.text).sort()).toEqual([
        'mrr means revenue minus refunds',
        'payments has 42 rows',
      ]);
      expect(result.usage.input).toBeGreaterThan(0);
    });

    cacheIt(
      'puts cache breakpoints on tools, system and the latest history in every loop request',
      async () => {
        const { lookup, count } = contractTools();
        h.fake.model.script({ toolCalls: [{ name: 'lookup', input: { term: 'a' } }] }, { text: 'done' });
        const runtime = await h.runtime();
        await runtime.runAgent({ system: 'sys', prompt: 'go', tools: [lookup, count], stepBudget: 5 });
        for (const call of h.fake.model.calls) {
          expect(call.breakpoints.map((b) => b.target)).toEqual(['tool', 'system', 'message']);
        }
        // Only the last tool (by name) carries the tools breakpoint.
        const tools = h.fake.model.calls[0]!.request.tools!;
        expect(tools.map((t) => t.name)).toEqual(['count_rows', 'lookup']);
        expect(tools[0]!.cache_control).toBeUndefined();
        // The history breakpoint moved to the tool result of the second request.
        const lastMessage = h.fake.model.calls[1]!.request.messages.at(-1)!;
        const blocks = lastMessage.content as Array<{ type: string; cache_control?: unknown }>;
        expect(blocks.at(-1)).toMatchObject({ type: 'tool_result', cache_control: { type: 'ephemeral' } });
      },
    );

    cacheIt(
      'sends the configured TTLs, with the extended-TTL beta header exactly when a 1h breakpoint is sent',
      async () => {
        const { lookup } = contractTools();
        const loop = async (llm: Parameters<ContractHarness['runtime']>[0]) => {
          const before = h.fake.model.calls.length;
          h.fake.model.script({ toolCalls: [{ name: 'lookup', input: { term: 'a' } }] }, { text: 'done' });
          const runtime = await h.runtime(llm);
          await runtime.runAgent({ system: LONG_SYSTEM, prompt: 'go', tools: [lookup], stepBudget: 5 });
          return h.fake.model.calls.slice(before);
        };
        const ttls = (calls: Awaited<ReturnType<typeof loop>>) =>
          calls.map((c) => c.breakpoints.map((b) => b.ttl).join(','));
        const beta = (calls: Awaited<ReturnType<typeof loop>>) =>
          calls.map((c) => (c.headers['anthropic-beta'] ?? '').includes('extended-cache-ttl'));

        const defaults = await loop({});
        const expected = [h.defaultTtls.tools, h.defaultTtls.system, h.defaultTtls.history].join(',');
        expect(ttls(defaults)).toEqual([expected, expected]);
        expect(beta(defaults)).toEqual(Array(2).fill(expected.includes('1h')));
        // The provider really cached the prefix with that TTL (the gateway drops 1h without the header).
        expect(h.fake.model.cache.liveTtls()).toContain(h.defaultTtls.system);

        const oneHour = await loop({
          promptCaching: { vertexFallbackTo5m: false, systemTtl: '1h', toolsTtl: '1h', historyTtl: '5m' },
        });
        expect(ttls(oneHour)).toEqual(['1h,1h,5m', '1h,1h,5m']);
        expect(beta(oneHour)).toEqual([true, true]);
        expect(JSON.stringify(h.fake.calls().at(-1)!.body)).toContain('"ttl":"1h"');

        const off = await loop({ promptCaching: { enabled: false } });
        expect(ttls(off)).toEqual(['', '']);
        expect(beta(off)).toEqual([false, false]);
      },
    );

    it('stops at the step budget, live, without running extra calls', async () => {
      const log: string[] = [];
      const { lookup } = contractTools(log);
      h.fake.model.script(
        { toolCalls: [{ name: 'lookup', input: { term: 'a' } }] },
        {
          toolCalls: [
            { name: 'lookup', input: { term: 'b' } },
            { name: 'lookup', input: { term: 'c' } },
            { name: 'lookup', input: { term: 'd' } },
          ],
        },
        { text: 'never reached' },
      );
      const runtime = await h.runtime();
      const steps: number[] = [];
      const result = await runtime.runAgent({
        system: 's',
        prompt: 'p',
        tools: [lookup],
        stepBudget: 2,
        onStep: (step) => steps.push(step.index),
      });
      expect(result).toMatchObject({ stopReason: 'budget', steps: 2, toolCalls: 2 });
      // Agent hosts may run the calls of one turn concurrently: which of them got the last step
      // is theirs to decide; that exactly one did is not.
      expect(log).toHaveLength(2);
      expect(log[0]).toBe('lookup:a');
      expect(['lookup:b', 'lookup:c', 'lookup:d']).toContain(log[1]);
      expect(steps).toEqual([1, 2]);
      expect(h.fake.model.calls).toHaveLength(2);
      expect(h.fake.model.pending()).toBe(1);
    });

    it('counts a run without tool calls as one step', async () => {
      const runtime = await h.runtime();
      const result = await runtime.runAgent({
        system: 's',
        prompt: 'just answer',
        tools: [contractTools().lookup],
        stepBudget: 1,
      });
      expect(result).toMatchObject({ stopReason: 'natural', steps: 1, toolCalls: 0, text: 'ok' });
    });

    it('reports a failing tool to the model and keeps going', async () => {
      const { broken } = contractTools();
      h.fake.model.script(
        { toolCalls: [{ name: 'broken_tool', input: {} }] },
        { toolCalls: [{ name: 'no_such_tool', input: {} }] },
        { text: 'gave up' },
      );
      const runtime = await h.runtime();
      const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [broken], stepBudget: 5 });
      const counted = limits.unknownToolEvents === false ? 1 : 2;
      expect(result).toMatchObject({
        stopReason: 'natural',
        steps: counted,
        toolCalls: counted,
        toolFailures: counted,
        text: 'gave up',
      });
      const failed = h.fake.model.calls[1]!.toolResults[0]!;
      if (limits.toolErrorFlag !== false) expect(failed).toMatchObject({ isError: true });
      expect(failed.text).toContain('warehouse connection refused');
      // Agent hosts answer an unknown name themselves, in their own words.
      const unknown = h.fake.model.calls[2]!.toolResults[0]!;
      if (limits.toolErrorFlag !== false) expect(unknown).toMatchObject({ isError: true });
      expect(unknown.text).toMatch(/(unknown|no such|unsupported) (tool|call)/i);
      expect(unknown.text).toContain('no_such_tool');
    });

    it('validates tool input and tells the model what was wrong', async () => {
      const { lookup } = contractTools();
      h.fake.model.script({ toolCalls: [{ name: 'lookup', input: { term: 7 } }] }, { text: 'ok' });
      const runtime = await h.runtime();
      const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
      expect(result.toolFailures).toBe(1);
      expect(h.fake.model.calls[1]!.toolResults[0]!.text).toContain('invalid input for lookup: term');
    });

    it('stops with `aborted` when the caller aborts mid-loop', async () => {
      const { lookup } = contractTools();
      h.fake.model.script({ toolCalls: [{ name: 'lookup', input: { term: 'a' } }] }, { hang: true });
      const runtime = await h.runtime();
      const controller = new AbortController();
      const started = Date.now();
      const result = await runtime.runAgent({
        system: 's',
        prompt: 'p',
        tools: [lookup],
        stepBudget: 5,
        signal: controller.signal,
        onStep: () => setTimeout(() => controller.abort(), 100),
      });
      expect(result).toMatchObject({ stopReason: 'aborted', steps: 1 });
      expect(Date.now() - started).toBeLessThan(5_000 + startup);
    });

    it('aborts a pending text call through its signal', async () => {
      h.fake.model.script({ hang: true });
      const runtime = await h.runtime();
      const error = await expectLlmError(
        runtime.generateText({ prompt: 'p', signal: AbortSignal.timeout(200) }),
      );
      expect(error.category).toBe('aborted');
    });

    it('ends a loop with `error` and the real provider message when a turn fails', async () => {
      const { lookup } = contractTools();
      h.fake.model.script(
        { toolCalls: [{ name: 'lookup', input: { term: 'a' } }] },
        {
          status: 400,
          type: 'invalid_request_error',
          message: 'prompt is too long: 210000 tokens > 200000 maximum',
        },
      );
      const runtime = await h.runtime();
      const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
      expect(result.stopReason).toBe('error');
      expect(result.error?.category).toBe('context_overflow');
      expect(result.error?.message).toMatch(/prompt is too long/i);
      expect(result.steps).toBe(1);
    });

    it('retries a 429 after the retry-after the provider sent, with a visible wait', async () => {
      h.fake.model.script({ status: 429, headers: { 'retry-after': '1' } }, { text: 'after the wait' });
      const events: GovernorEvent[] = [];
      h.governor.subscribe((event) => events.push(event));
      const runtime = await h.runtime();
      const started = Date.now();
      const result = await runtime.generateText({ prompt: 'p' });
      expect(result.text).toBe('after the wait');
      if (limits.rateLimitDetails !== false) expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      const wait = events.find((event) => event.type === 'wait');
      expect(wait).toMatchObject({ type: 'wait', reason: 'rate limited (HTTP 429)', attempt: 2 });
      expect(events.some((event) => event.type === 'concurrency' && event.to === 1)).toBe(true);
      expect(h.fake.calls()).toHaveLength(2);
    });

    it('retries 529 (overloaded) and 500 with backoff', async () => {
      h.fake.model.script({ status: 529 }, { status: 500 }, { text: 'third time lucky' });
      const runtime = await h.runtime();
      const result = await runtime.generateText({ prompt: 'p' });
      expect(result.text).toBe('third time lucky');
      expect(h.fake.calls()).toHaveLength(3);
    });

    it('retries inside an agent loop without losing the steps already taken', async () => {
      const log: string[] = [];
      const { lookup } = contractTools(log);
      h.fake.model.script(
        { toolCalls: [{ name: 'lookup', input: { term: 'a' } }] },
        { status: 529 },
        { text: 'fine' },
      );
      const runtime = await h.runtime();
      const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
      expect(result).toMatchObject({ stopReason: 'natural', steps: 1, text: 'fine' });
      expect(log).toEqual(['lookup:a']);
    });

    it('gives up after the configured attempts with the rate-limit details', async () => {
      for (let i = 0; i < FAST_RETRY.maxAttempts; i++)
        h.fake.model.script({
          status: 429,
          headers: { 'retry-after': '0' },
          message: 'Rate limit: 50 requests per minute',
        });
      const runtime = await h.runtime();
      const error = await expectLlmError(runtime.generateText({ prompt: 'p' }));
      expect(error.category).toBe('rate_limited');
      if (limits.rateLimitDetails !== false) expect(error.message).toContain('50 requests per minute');
      else expect(error.status).toBe(429);
      expect(error.hint).toMatch(/llm.maxConcurrency/);
      expect(h.fake.calls()).toHaveLength(FAST_RETRY.maxAttempts);
    });

    // Where the timeout covers the host's start-up, leave room for it, or a retry on a busy
    // machine could time out before it even reaches the provider.
    const requestTimeoutMs = 1000 + (options.timeoutCoversStartup ? startup : 0);

    it('times out a request that never answers, retries once, then fails clearly', async () => {
      h.fake.model.script({ hang: true }, { hang: true });
      const runtime = await h.runtime({ requestTimeoutMs });
      const started = Date.now();
      const error = await expectLlmError(runtime.generateText({ prompt: 'p' }));
      expect(error.category).toBe('transport');
      expect(error.message).toContain(`no response within ${requestTimeoutMs / 1000} s`);
      expect(error.hint).toContain('llm.requestTimeoutMs');
      expect(Date.now() - started).toBeLessThan(2 * requestTimeoutMs + 2_000 + startup);
      expect(h.fake.calls()).toHaveLength(2);
    });

    it('recovers when only the first attempt times out', async () => {
      h.fake.model.script({ hang: true }, { text: 'second try' });
      const runtime = await h.runtime({ requestTimeoutMs });
      expect((await runtime.generateText({ prompt: 'p' })).text).toBe('second try');
    });

    it('reports a malformed provider response as a transport error', async () => {
      // Some hosts retry a broken stream; every attempt gets a broken one.
      for (let i = 0; i < FAST_RETRY.maxAttempts; i++) h.fake.model.script({ malformed: true });
      const runtime = await h.runtime();
      const error = await expectLlmError(runtime.generateText({ prompt: 'p' }));
      expect(error.category).toBe('transport');
    });

    it('classifies an authentication failure with the provider message and a backend fix', async () => {
      h.fake.model.script({ status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
      const runtime = await h.runtime();
      const error = await expectLlmError(runtime.generateText({ prompt: 'p', maxAttempts: 1 }));
      expect(error.category).toBe('auth');
      expect(error.code).toBe('llm_auth');
      expect(error.hint).toBeTruthy();
    });

    it('classifies an unknown model as model_unavailable and names the setting it came from', async () => {
      await h.close();
      h = await makeHarness({ models: ['some-other-model'] });
      const runtime = await h.runtime();
      const error = await expectLlmError(runtime.generateText({ role: 'triage', prompt: 'p' }));
      expect(error.category).toBe('model_unavailable');
      expect(error.message).toContain(h.model.replace(/^anthropic\//, ''));
      // triage has no model of its own: the fix points at the default it fell back to.
      expect(error.hint).toContain('llm.models.default');
    });
  });
}
