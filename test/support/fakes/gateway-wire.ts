import type { Block, CacheControl, FakeOutcome, MessagesRequest } from './fake-model.js';

/**
 * The AI Gateway protocol (what @ai-sdk/gateway speaks): `POST <base>/language-model` with the
 * model in `ai-language-model-id` and `ai-language-model-streaming: true|false`; the body is a
 * LanguageModelV3 call (prompt, tools, providerOptions), the answer a LanguageModelV3 result or
 * a stream of V3 parts. The gateway forwards Anthropic cache markers from providerOptions.
 */

interface V3Part {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  output?: { type: string; value: unknown };
  providerOptions?: { anthropic?: { cacheControl?: CacheControl } };
}

interface V3Message {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | V3Part[];
  providerOptions?: { anthropic?: { cacheControl?: CacheControl } };
}

export interface V3Call {
  prompt: V3Message[];
  maxOutputTokens?: number;
  temperature?: number;
  tools?: Array<{
    type: string;
    name: string;
    description?: string;
    inputSchema: unknown;
    providerOptions?: { anthropic?: { cacheControl?: CacheControl } };
  }>;
}

const marker = (options: V3Part['providerOptions']) => options?.anthropic?.cacheControl;

export function v3ToMessages(model: string, call: V3Call): MessagesRequest {
  const system: Array<{ type: 'text'; text: string; cache_control?: CacheControl }> = [];
  const messages: MessagesRequest['messages'] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    const last = messages.at(-1);
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of call.prompt) {
    if (message.role === 'system') {
      system.push({
        type: 'text',
        text: String(message.content),
        cache_control: marker(message.providerOptions),
      });
      continue;
    }
    const parts =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    const blocks: Block[] = parts.flatMap((part): Block[] => {
      const cache_control = marker(part.providerOptions);
      if (part.type === 'text') return [{ type: 'text', text: part.text ?? '', cache_control }];
      if (part.type === 'tool-call') {
        const input = typeof part.input === 'string' ? JSON.parse(part.input) : part.input;
        return [{ type: 'tool_use', id: part.toolCallId!, name: part.toolName!, input, cache_control }];
      }
      if (part.type === 'tool-result') {
        return [
          {
            type: 'tool_result',
            tool_use_id: part.toolCallId!,
            content: String(part.output?.value ?? ''),
            is_error: part.output?.type === 'error-text' || part.output?.type === 'error-json',
            cache_control,
          },
        ];
      }
      return [];
    });
    push(message.role === 'assistant' ? 'assistant' : 'user', blocks);
  }
  return {
    model,
    max_tokens: call.maxOutputTokens ?? 4096,
    temperature: call.temperature,
    system,
    messages,
    tools: call.tools
      ?.filter((tool) => tool.type === 'function')
      .map((tool) => ({
        name: tool.name,
        description: tool.description,
        input_schema: tool.inputSchema,
        cache_control: marker(tool.providerOptions),
      })),
  };
}

type Reply = Extract<FakeOutcome, { kind: 'reply' }>;

function v3Usage(reply: Reply) {
  const u = reply.usage;
  return {
    inputTokens: {
      total: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
      noCache: u.input_tokens,
      cacheRead: u.cache_read_input_tokens,
      cacheWrite: u.cache_creation_input_tokens,
    },
    outputTokens: { total: u.output_tokens, text: u.output_tokens, reasoning: 0 },
  };
}

function v3Content(reply: Reply) {
  return reply.content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : block.type === 'tool_use'
        ? {
            type: 'tool-call',
            toolCallId: block.id,
            toolName: block.name,
            input: JSON.stringify(block.input),
          }
        : { type: 'text', text: '' },
  );
}

function finishReason(reply: Reply) {
  return reply.stopReason === 'tool_use'
    ? { unified: 'tool-calls', raw: 'tool_use' }
    : { unified: 'stop', raw: 'end_turn' };
}

export function v3Result(reply: Reply, model: string) {
  return {
    content: v3Content(reply),
    finishReason: finishReason(reply),
    usage: v3Usage(reply),
    warnings: [],
    providerMetadata: { gateway: { routing: { finalProvider: 'anthropic' } } },
    response: { id: `gen_${Date.now().toString(36)}`, modelId: model, timestamp: new Date().toISOString() },
  };
}

/** The same answer as V3 stream parts (each becomes one SSE `data:` line). */
export function v3StreamParts(reply: Reply, model: string): unknown[] {
  const parts: unknown[] = [{ type: 'stream-start', warnings: [] }];
  parts.push({
    type: 'response-metadata',
    id: `gen_${Date.now().toString(36)}`,
    modelId: model,
    timestamp: new Date().toISOString(),
  });
  v3Content(reply).forEach((part, index) => {
    if (part.type === 'text') {
      const id = `t${index}`;
      parts.push(
        { type: 'text-start', id },
        { type: 'text-delta', id, delta: part.text },
        { type: 'text-end', id },
      );
    } else {
      parts.push(part);
    }
  });
  parts.push({ type: 'finish', finishReason: finishReason(reply), usage: v3Usage(reply) });
  return parts;
}

const GATEWAY_TYPES: Record<string, string> = {
  rate_limit_error: 'rate_limit_exceeded',
  authentication_error: 'authentication_error',
  permission_error: 'forbidden',
  not_found_error: 'model_not_found',
  invalid_request_error: 'invalid_request_error',
};

export function gatewayErrorBody(status: number, type: string, message: string, model: string) {
  const gatewayType = GATEWAY_TYPES[type] ?? 'internal_server_error';
  return {
    error: {
      message,
      type: gatewayType,
      ...(gatewayType === 'model_not_found' ? { param: { modelId: model } } : {}),
      code: status,
    },
    generationId: `gen_err_${Date.now().toString(36)}`,
  };
}
