import type { LanguageModel, LanguageModelUsage, ModelMessage } from 'ai';
import type { LlmBackendName } from '../../../project/config/schema.js';
import { isAnthropicModel } from '../../caching.js';
import type {
  AgentSession,
  BackendAgentRequest,
  BackendContext,
  BackendGenerateRequest,
  BackendGenerateResult,
  LlmBackend,
  TokenUsage,
} from '../../types.js';
import { type CallScope, callScope, createGovernedFetch, withHttpFailure } from './governed-fetch.js';
import { aiSdkTools, chatMessages, markerPlan, systemMessages, withHistoryMarker } from './prompt.js';

/**
 * The shared part of the three AI SDK adapters (anthropic, vertex, gateway). An adapter only
 * says how to build a LanguageModel for a model id from a governed fetch; this file does the
 * calls. The agent loop is driven here one model turn at a time, so the session decides which
 * tool calls run (the budget is enforced inside a turn with parallel calls) and every turn's
 * usage, including cache reads and writes, is counted.
 */

/** Builds the provider once, around ktx's governed fetch; returns a model per id. */
export type ProviderFactory = (fetch: typeof globalThis.fetch) => (modelId: string) => LanguageModel;

export interface AiSdkBackendSpec {
  id: LlmBackendName;
  createProvider: ProviderFactory;
}

export function toTokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  if (!usage) return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  return {
    input: usage.inputTokens ?? 0,
    output: usage.outputTokens ?? 0,
    cacheRead: usage.inputTokenDetails?.cacheReadTokens ?? 0,
    cacheWrite: usage.inputTokenDetails?.cacheWriteTokens ?? 0,
  };
}

/** Runs one call in its own scope, keeping the provider's HTTP failure attached to any error. */
async function scoped<T>(scope: CallScope, run: () => Promise<T>): Promise<T> {
  try {
    return await callScope.run(scope, run);
  } catch (error) {
    throw withHttpFailure(error, scope.lastFailure);
  }
}

export function createAiSdkBackend(spec: AiSdkBackendSpec, ctx: BackendContext): LlmBackend {
  const provider = spec.createProvider(
    createGovernedFetch({
      governor: ctx.governor,
      defaultKey: spec.id,
      requestTimeoutMs: ctx.requestTimeoutMs,
      debug: ctx.debug,
    }),
  );
  const models = new Map<string, LanguageModel>();
  const modelFor = (modelId: string): LanguageModel => {
    let model = models.get(modelId);
    if (!model) {
      model = provider(modelId);
      models.set(modelId, model);
    }
    return model;
  };
  const keyOf = (modelId: string) => `${spec.id}/${modelId}`;

  return {
    id: spec.id,

    async generate(request: BackendGenerateRequest): Promise<BackendGenerateResult> {
      const { generateText } = await import('ai');
      // A one-shot call gets no history breakpoint: writing its unique tail to the cache costs
      // extra and is never read back. Multi-turn calls (repairs) reuse their history.
      const plan = markerPlan(ctx.caching, isAnthropicModel(request.model), request.messages.length > 1);
      const result = await scoped({ key: keyOf(request.model), maxAttempts: request.maxAttempts }, () =>
        generateText({
          model: modelFor(request.model),
          system: systemMessages(request.system, plan.system),
          messages: withHistoryMarker(chatMessages(request.messages), plan.history),
          maxOutputTokens: request.maxOutputTokens,
          temperature: request.temperature,
          abortSignal: request.signal,
          maxRetries: 0,
        }),
      );
      return { text: result.text, usage: toTokenUsage(result.usage), finishReason: result.finishReason };
    },

    runAgent(request: BackendAgentRequest, session: AgentSession): Promise<void> {
      return scoped({ key: keyOf(request.model) }, () => runLoop(request, session));
    },
  };

  async function runLoop(request: BackendAgentRequest, session: AgentSession): Promise<void> {
    const { generateText } = await import('ai');
    const plan = markerPlan(ctx.caching, isAnthropicModel(request.model), true);
    const tools = await aiSdkTools(session.tools, plan.tools);
    const system = systemMessages(request.system, plan.system);
    const messages: ModelMessage[] = [{ role: 'user', content: [{ type: 'text', text: request.prompt }] }];
    while (!session.budgetReached()) {
      session.signal.throwIfAborted();
      const result = await generateText({
        model: modelFor(request.model),
        system,
        messages: withHistoryMarker(messages, plan.history),
        tools: session.tools.length ? tools : undefined,
        maxOutputTokens: request.maxOutputTokens,
        temperature: request.temperature,
        abortSignal: session.signal,
        maxRetries: 0,
      });
      session.recordTurn(toTokenUsage(result.usage), result.text);
      if (result.toolCalls.length === 0) return;
      // Keep only the assistant turn: the SDK answers unknown or malformed calls itself, but the
      // session must run (and count) every call, so all results come from it.
      messages.push(...result.response.messages.filter((message) => message.role === 'assistant'));
      // All calls of one turn run in parallel; the session reserves budget slots in order.
      const outcomes = await Promise.all(
        result.toolCalls.map((call) => session.callTool(call.toolName, call.input)),
      );
      messages.push({
        role: 'tool',
        content: result.toolCalls.map((call, index) => ({
          type: 'tool-result' as const,
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output: outcomes[index]!.ok
            ? { type: 'text' as const, value: outcomes[index]!.text }
            : { type: 'error-text' as const, value: outcomes[index]!.text },
        })),
      });
    }
  }
}
