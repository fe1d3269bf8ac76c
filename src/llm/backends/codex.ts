import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCodexModel } from '../agent-models.js';
import { LlmError } from '../errors.js';
import type { RetrySignal } from '../governor.js';
import type {
  AgentSession,
  BackendAgentRequest,
  BackendFactory,
  BackendGenerateRequest,
  BackendGenerateResult,
} from '../types.js';
import { singlePrompt, systemText } from './agent-host/prompt.js';
import { codexError, foreignToolError } from './codex/errors.js';
import { type CodexEvent, CodexRunAccount } from './codex/events.js';
import { type LoopbackMcp, startLoopbackMcp } from './codex/loopback-mcp.js';
import { codexConfig, codexEnv, isStrictSchema, MCP_TOKEN_ENV, RUN_SERVER } from './codex/settings.js';
import { missingSignIn } from './codex/sign-in.js';

/**
 * `codex`: ktx's LLM work through the local Codex sign-in (a ChatGPT plan or an API key),
 * driven by the Codex SDK. Every call is one `codex exec` with a read-only sandbox, no
 * approvals, no web search, no history and an allow-listed environment; ktx's system prompt
 * replaces Codex's own instructions. Agent runs get a loopback MCP server with exactly the
 * run's tools, torn down when the run ends however it ends. What Codex can still load from the
 * user's own configuration is disclosed by setup and status (catalog.ts).
 */

interface RunSpec {
  model: string;
  prompt: string;
  system: readonly string[];
  signal: AbortSignal;
  session?: AgentSession;
  outputSchema?: Record<string, unknown>;
  onAccount?(account: CodexRunAccount): void;
}

/** Codex says "exited with code 1: Reading prompt from stdin..." after every failure; not news. */
function exitMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*Reading prompt from stdin\.\.\.\s*/g, ' ').trim();
}

export const createBackend: BackendFactory = async (ctx) => {
  const { Codex } = await import('@openai/codex-sdk');
  const keyOf = (model: string) => `codex/${model}`;
  const seconds = Math.round(ctx.requestTimeoutMs / 1000);

  async function run(spec: RunSpec): Promise<CodexRunAccount> {
    const noSignIn = missingSignIn(ctx.env, ctx.overrides?.codexConfig);
    if (noSignIn)
      throw new LlmError({
        category: 'auth',
        providerMessage: noSignIn,
        backend: 'codex',
        model: spec.model,
      });
    const account = new CodexRunAccount(spec.session, RUN_SERVER);
    spec.onAccount?.(account);
    const scratch = await mkdtemp(join(tmpdir(), 'ktx-codex-'));
    let server: LoopbackMcp | undefined;
    try {
      const system = systemText(spec.system);
      const instructionsFile = system ? join(scratch, 'instructions.md') : undefined;
      if (instructionsFile) await writeFile(instructionsFile, system, { mode: 0o600 });
      const tools = spec.session?.tools.map((tool) => tool.name) ?? [];
      if (spec.session && tools.length > 0) {
        server = await startLoopbackMcp(spec.session, {
          name: RUN_SERVER,
          onCall: (name, input) => account.noteReached(name, input),
        });
        ctx.debug?.record('codex.mcp.started', { url: server.url, tools });
      }
      const codex = new Codex({
        env: codexEnv(ctx.env, server ? { [MCP_TOKEN_ENV]: server.token } : {}, ctx.overrides?.agentEnv),
        config: codexConfig({
          instructionsFile,
          server: server && { url: server.url, tools },
          injected: ctx.overrides?.codexConfig,
        }),
      });
      const thread = codex.startThread({
        model: spec.model,
        workingDirectory: ctx.projectDir,
        skipGitRepoCheck: true,
        sandboxMode: 'read-only',
        approvalPolicy: 'never',
        webSearchMode: 'disabled',
      });
      const stop = new AbortController();
      let streamError: unknown;
      try {
        const { events } = await thread.runStreamed(spec.prompt, {
          signal: AbortSignal.any([spec.signal, stop.signal]),
          ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}),
        });
        for await (const event of events) {
          ctx.debug?.record('codex.event', event as unknown as Record<string, unknown>);
          if (!account.handle(event as CodexEvent)) {
            stop.abort();
            break;
          }
        }
      } catch (error) {
        // The SDK throws after the stream when Codex exits non-zero; the events said more.
        streamError = error;
      }
      if (account.foreignTool) throw foreignToolError(account.foreignTool, spec.model);
      if (spec.signal.aborted) throw spec.signal.reason;
      const failure =
        account.turnError ?? (streamError ? (account.lastError ?? exitMessage(streamError)) : undefined);
      if (failure) throw codexError(failure, { model: spec.model, cause: streamError });
      return account;
    } finally {
      spec.session?.recordTurn(account.usage, account.text);
      if (server) {
        await server.close();
        ctx.debug?.record('codex.mcp.closed', { url: server.url });
      }
      await rm(scratch, { recursive: true, force: true });
    }
  }

  const retryable = (error: unknown): RetrySignal | undefined => {
    if (!LlmError.isLlmError(error) || error.category !== 'rate_limited') return undefined;
    return {
      reason: `rate limited${error.status ? ` (HTTP ${error.status})` : ''}`,
      status: error.status,
      retryAfterMs: error.retryAfterMs,
      shared: true,
    };
  };

  return {
    id: 'codex',

    async generate(request: BackendGenerateRequest): Promise<BackendGenerateResult> {
      const model = resolveCodexModel(request.model);
      let timeouts = 0;
      const account = await ctx.governor.run(
        keyOf(model),
        async () => {
          // One attempt is bounded like one HTTP request elsewhere: Codex would wait much longer.
          const timer = AbortSignal.timeout(ctx.requestTimeoutMs);
          try {
            const value = await run({
              model,
              prompt: singlePrompt(request.messages),
              system: request.system,
              signal: AbortSignal.any([request.signal, timer]),
              outputSchema:
                request.jsonSchema && isStrictSchema(request.jsonSchema) ? request.jsonSchema : undefined,
            });
            return { value };
          } catch (error) {
            if (timer.aborted && !request.signal.aborted) {
              throw new LlmError({
                category: 'transport',
                providerMessage: `no response within ${seconds} s (llm.requestTimeoutMs)`,
                backend: 'codex',
                model,
                cause: error,
              });
            }
            throw error;
          }
        },
        {
          signal: request.signal,
          maxAttempts: request.maxAttempts ?? ctx.config.retry.maxAttempts,
          // A silent provider is tried once more, as on every backend; rate limits as configured.
          retryableError: (error) =>
            retryable(error) ??
            (LlmError.isLlmError(error) && /no response within/.test(error.providerMessage) && ++timeouts <= 1
              ? { reason: `no response within ${seconds} s` }
              : undefined),
        },
      );
      if (!account.text.trim()) {
        throw new LlmError({
          category: 'invalid_output',
          providerMessage: 'Codex finished without an answer',
          backend: 'codex',
          model,
        });
      }
      return { text: account.text, usage: account.usage, finishReason: 'stop' };
    },

    async runAgent(request: BackendAgentRequest, session: AgentSession): Promise<void> {
      const model = resolveCodexModel(request.model);
      let current: CodexRunAccount | undefined;
      await ctx.governor.run(
        keyOf(model),
        async () => ({
          value: await run({
            model,
            prompt: request.prompt,
            system: request.system,
            signal: session.signal,
            session,
            onAccount: (account) => {
              current = account;
            },
          }),
        }),
        {
          signal: session.signal,
          maxAttempts: ctx.config.retry.maxAttempts,
          // A run can be started over only while it has done nothing yet.
          retryableError: (error) => (current && current.steps === 0 ? retryable(error) : undefined),
        },
      );
    },
  };
};
