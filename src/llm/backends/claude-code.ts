import type { Options } from '@anthropic-ai/claude-agent-sdk';
import { resolveClaudeCodeModel } from '../agent-models.js';
import type {
  AgentSession,
  BackendAgentRequest,
  BackendFactory,
  BackendGenerateRequest,
  BackendGenerateResult,
} from '../types.js';
import { singlePrompt } from './agent-host/prompt.js';
import { createRunToolServer } from './agent-host/tool-server.js';
import { claudeCodeEnv } from './claude-code/env.js';
import { HOST_TOOL_DENYLIST } from './claude-code/isolation.js';
import { runClaudeQuery } from './claude-code/run-query.js';

/**
 * `claude-code`: ktx's LLM work through the local Claude Code sign-in (a Claude Pro or Max
 * plan), driven by the Claude Agent SDK. Every call starts an isolated Claude Code process: no
 * settings files, no built-in tools, no slash commands or skills, and, in agent runs, exactly
 * the run's ktx tools served in process. Claude Code retries provider errors itself (it knows
 * the retry-after); ktx bounds those retries with llm.retry.maxAttempts and shows the waits.
 */

const KTX_SERVER = 'ktx';

export const createBackend: BackendFactory = async (ctx) => {
  const { query } = await import('@anthropic-ai/claude-agent-sdk');

  const settingsEnv = (maxAttempts: number, maxOutputTokens: number, extra: Record<string, string> = {}) =>
    claudeCodeEnv(ctx.env, {
      settings: {
        CLAUDE_CODE_MAX_RETRIES: String(Math.max(0, maxAttempts - 1)),
        API_TIMEOUT_MS: String(ctx.requestTimeoutMs),
        // Compaction would silently rewrite a run's conversation; a prompt that no longer fits is
        // an error here, like on the API backends.
        DISABLE_COMPACT: '1',
        DISABLE_AUTO_COMPACT: '1',
        CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(maxOutputTokens),
        // No telemetry, error reports or update checks from a process ktx starts for one call.
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_AGENT_SDK_CLIENT_APP: 'ktx',
        ...(ctx.caching.enabled ? {} : { DISABLE_PROMPT_CACHING: '1' }),
        ...extra,
      },
      injected: ctx.overrides?.agentEnv,
    });

  const isolated = (model: string, env: Record<string, string>): Options => ({
    cwd: ctx.projectDir,
    model,
    env,
    settingSources: [],
    tools: [],
    disallowedTools: HOST_TOOL_DENYLIST,
    skills: [],
    plugins: [],
    strictMcpConfig: true,
    persistSession: false,
    permissionMode: 'dontAsk',
    // The API backends send no thinking either: the same work costs the same everywhere.
    thinking: { type: 'disabled' },
    extraArgs: { restricted: null, 'disable-slash-commands': null },
  });

  const keyOf = (model: string) => `claude-code/${model}`;

  return {
    id: 'claude-code',

    async generate(request: BackendGenerateRequest): Promise<BackendGenerateResult> {
      const model = resolveClaudeCodeModel(request.model);
      const structured = request.jsonSchema !== undefined;
      const env = settingsEnv(
        request.maxAttempts ?? ctx.config.retry.maxAttempts,
        request.maxOutputTokens,
        // One answer per call: a failed validation is repaired by the runtime, like everywhere.
        structured ? { MAX_STRUCTURED_OUTPUT_RETRIES: '0' } : {},
      );
      const options: Options = {
        ...isolated(model, env),
        systemPrompt: request.system.length ? request.system : [''],
        maxTurns: 1,
        allowedTools: structured ? ['StructuredOutput'] : [],
        ...(structured ? { outputFormat: { type: 'json_schema', schema: request.jsonSchema! } } : {}),
      };
      const outcome = await ctx.governor.run(
        keyOf(model),
        async () => ({
          value: await runClaudeQuery({
            query,
            prompt: singlePrompt(request.messages),
            options,
            model,
            expected: { tools: structured ? ['StructuredOutput'] : [], mcpServers: [] },
            ktxServer: KTX_SERVER,
            governor: ctx.governor,
            governorKey: keyOf(model),
            signal: request.signal,
            debug: ctx.debug,
            requestTimeoutMs: ctx.requestTimeoutMs,
          }),
        }),
        // Claude Code already retried inside this attempt.
        { signal: request.signal, maxAttempts: 1 },
      );
      const text =
        outcome.structured !== undefined
          ? JSON.stringify(outcome.structured)
          : outcome.attemptedStructured !== undefined
            ? JSON.stringify(outcome.attemptedStructured)
            : outcome.text;
      return { text, usage: outcome.usage, finishReason: outcome.maxTurns ? 'max_turns' : 'end_turn' };
    },

    async runAgent(request: BackendAgentRequest, session: AgentSession): Promise<void> {
      const model = resolveClaudeCodeModel(request.model);
      const server = createRunToolServer(session, { name: KTX_SERVER });
      const tools = session.tools.map((tool) => `mcp__${KTX_SERVER}__${tool.name}`);
      const hasTools = tools.length > 0;
      const options: Options = {
        ...isolated(model, settingsEnv(ctx.config.retry.maxAttempts, request.maxOutputTokens)),
        systemPrompt: request.system.length ? request.system : [''],
        allowedTools: tools,
        // The session enforces the step budget; this only stops a model that talks forever.
        maxTurns: session.stepBudget + 2,
        ...(hasTools
          ? { mcpServers: { [KTX_SERVER]: { type: 'sdk', name: KTX_SERVER, instance: server } } }
          : {}),
      };
      await ctx.governor.run(
        keyOf(model),
        async () => ({
          value: await runClaudeQuery({
            query,
            prompt: request.prompt,
            options,
            model,
            expected: { tools, mcpServers: hasTools ? [KTX_SERVER] : [] },
            ktxServer: KTX_SERVER,
            governor: ctx.governor,
            governorKey: keyOf(model),
            signal: session.signal,
            debug: ctx.debug,
            requestTimeoutMs: ctx.requestTimeoutMs,
            session,
          }),
        }),
        { signal: session.signal, maxAttempts: 1 },
      );
    },
  };
};
