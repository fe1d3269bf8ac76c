import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../mcp/registry.js';
import { llmSchema } from '../project/config/schema.js';
import { resolveCachePolicy } from './caching.js';
import { resolveLlmConfig } from './config.js';
import { LlmError } from './errors.js';
import { createRuntime } from './runtime.js';
import type { AgentSession, AgentStep, LlmBackend } from './types.js';

/**
 * The runtime's step semantics with an in-memory backend, the way an SDK-driven backend (LLM
 * layer II: claude-code, codex) reports steps: tool calls through the session, built-in
 * actions via recordAction, usage via recordTurn.
 */

type Script = (session: AgentSession) => Promise<void>;

function runtimeWith(script: Script, extra: Partial<LlmBackend> = {}) {
  const llm = llmSchema.parse({ provider: { backend: 'anthropic' }, models: { default: 'test-model' } });
  const backend: LlmBackend = {
    id: 'anthropic',
    generate: async () => ({
      text: 'x',
      usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
      finishReason: 'stop',
    }),
    runAgent: (_request, session) => script(session),
    ...extra,
  };
  return createRuntime({
    backend,
    config: resolveLlmConfig(llm, { projectDir: '/tmp', env: {} })!,
    caching: resolveCachePolicy(undefined, 'anthropic'),
  });
}

const echo = defineTool({
  name: 'echo',
  description: 'Echo.',
  inputSchema: z.object({ text: z.string() }),
  annotations: { readOnlyHint: true },
  handler: async ({ text }) => text,
});

describe('agent runs (runtime + session)', () => {
  it('counts built-in actions and tool calls as steps, but only tool calls as toolCalls', async () => {
    const steps: AgentStep[] = [];
    const runtime = runtimeWith(async (session) => {
      session.recordAction('command_execution', true);
      await session.callTool('echo', { text: 'a' });
      session.recordAction('command_execution', false, 'exit 1');
      session.recordTurn({ input: 10, output: 5, cacheRead: 3, cacheWrite: 2 }, 'final');
    });
    const result = await runtime.runAgent({
      system: 's',
      prompt: 'p',
      tools: [echo],
      stepBudget: 10,
      onStep: (s) => steps.push(s),
    });
    expect(result).toMatchObject({
      stopReason: 'natural',
      steps: 3,
      toolCalls: 1,
      toolFailures: 0,
      text: 'final',
    });
    expect(result.usage).toEqual({ input: 10, output: 5, cacheRead: 3, cacheWrite: 2 });
    expect(steps.map((s) => `${s.kind}:${s.name}:${s.ok}`)).toEqual([
      'action:command_execution:true',
      'tool:echo:true',
      'action:command_execution:false',
    ]);
  });

  it('aborts the session signal the moment the budget is reached, and reports budget, not error', async () => {
    const runtime = runtimeWith(async (session) => {
      session.recordAction('command_execution', true);
      session.recordAction('command_execution', true);
      expect(session.signal.aborted).toBe(true);
      expect(session.budgetReached()).toBe(true);
      // What an SDK does when its run is interrupted.
      throw new Error('the run was interrupted');
    });
    const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [], stepBudget: 2 });
    expect(result).toMatchObject({ stopReason: 'budget', steps: 2 });
    expect(result.error).toBeUndefined();
  });

  it('refuses tool calls past the budget without running them', async () => {
    let outcome: unknown;
    const runtime = runtimeWith(async (session) => {
      await session.callTool('echo', { text: 'a' });
      outcome = await session.callTool('echo', { text: 'b' });
    });
    const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [echo], stepBudget: 1 });
    expect(result).toMatchObject({ stopReason: 'budget', steps: 1, toolCalls: 1 });
    expect(outcome).toMatchObject({ ok: false, skipped: 'budget' });
  });

  it('reports aborted when the caller aborts, even if the backend then throws', async () => {
    const controller = new AbortController();
    const runtime = runtimeWith(async () => {
      controller.abort();
      throw new Error('interrupted');
    });
    expect(
      (
        await runtime.runAgent({
          system: 's',
          prompt: 'p',
          tools: [],
          stepBudget: 3,
          signal: controller.signal,
        })
      ).stopReason,
    ).toBe('aborted');
  });

  it('returns errors as stopReason error, using the backend classifier first', async () => {
    const runtime = runtimeWith(
      async () => {
        throw new Error('Codex exited with code 1: You have hit your usage limit');
      },
      {
        classifyError: () =>
          new LlmError({ category: 'rate_limited', providerMessage: 'You have hit your usage limit' }),
      },
    );
    const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [], stepBudget: 3 });
    expect(result.stopReason).toBe('error');
    expect(result.error).toMatchObject({
      category: 'rate_limited',
      backend: 'anthropic',
      model: 'test-model',
    });
  });

  it('keeps going when an onStep callback throws', async () => {
    const runtime = runtimeWith(async (session) => {
      await session.callTool('echo', { text: 'a' });
    });
    const result = await runtime.runAgent({
      system: 's',
      prompt: 'p',
      tools: [echo],
      stepBudget: 3,
      onStep: () => {
        throw new Error('display broke');
      },
    });
    expect(result).toMatchObject({ stopReason: 'natural', steps: 1 });
  });

  it('rejects duplicate tool names and non-positive budgets up front', async () => {
    const runtime = runtimeWith(async () => {});
    await expect(
      runtime.runAgent({ system: 's', prompt: 'p', tools: [echo, echo], stepBudget: 3 }),
    ).rejects.toThrow(/twice/);
    await expect(runtime.runAgent({ system: 's', prompt: 'p', tools: [], stepBudget: 0 })).rejects.toThrow(
      /stepBudget/,
    );
  });
});
