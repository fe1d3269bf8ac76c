import type { ModelMessage, SystemModelMessage, Tool } from 'ai';
import { type ToolDefinition, toolInputJsonSchema } from '../../../mcp/registry.js';
import type { CachePolicy, CacheTtl } from '../../caching.js';
import type { ChatMessage } from '../../types.js';

/**
 * Building AI SDK prompts with cache breakpoints. The request prefix is tools → system →
 * messages; each gets one breakpoint at its end (the last tool, the last system section, the
 * last message), so the stable parts are read from cache and only what follows the last
 * breakpoint is new. Breakpoints are applied to a fresh copy on every request: an agent loop
 * moves the history breakpoint forward each step instead of piling up old ones (the API
 * accepts at most four).
 */

type ProviderOptions = NonNullable<SystemModelMessage['providerOptions']>;

export function cacheMarker(ttl: CacheTtl | undefined): ProviderOptions | undefined {
  return ttl ? { anthropic: { cacheControl: { type: 'ephemeral', ttl } } } : undefined;
}

export interface MarkerPlan {
  tools?: CacheTtl;
  system?: CacheTtl;
  history?: CacheTtl;
}

/** Breakpoints for one request: none when caching is off or the model does not speak Anthropic. */
export function markerPlan(policy: CachePolicy, anthropicModel: boolean, withHistory: boolean): MarkerPlan {
  if (!policy.enabled || !anthropicModel) return {};
  return { tools: policy.tools, system: policy.system, history: withHistory ? policy.history : undefined };
}

export function systemMessages(sections: string[], ttl: CacheTtl | undefined): SystemModelMessage[] {
  const present = sections.filter((section) => section.trim());
  return present.map((content, index) => ({
    role: 'system',
    content,
    ...(index === present.length - 1 && ttl ? { providerOptions: cacheMarker(ttl) } : {}),
  }));
}

export function chatMessages(messages: ChatMessage[]): ModelMessage[] {
  return messages.map((message) =>
    message.role === 'user'
      ? { role: 'user', content: [{ type: 'text', text: message.content }] }
      : { role: 'assistant', content: [{ type: 'text', text: message.content }] },
  );
}

/** A copy of `messages` whose last content part carries the history breakpoint. */
export function withHistoryMarker(messages: ModelMessage[], ttl: CacheTtl | undefined): ModelMessage[] {
  if (!ttl || messages.length === 0) return messages;
  const copy = messages.slice();
  const last = copy.at(-1)!;
  if (typeof last.content === 'string') {
    copy[copy.length - 1] = {
      ...last,
      content: [{ type: 'text', text: last.content, providerOptions: cacheMarker(ttl) }],
    } as ModelMessage;
    return copy;
  }
  const parts = (last.content as Array<Record<string, unknown>>).slice();
  if (parts.length === 0) return copy;
  parts[parts.length - 1] = { ...parts.at(-1)!, providerOptions: cacheMarker(ttl) };
  copy[copy.length - 1] = { ...last, content: parts } as ModelMessage;
  return copy;
}

/**
 * Tool definitions for the SDK, without `execute`: the agent session runs tools, so the SDK
 * only reports the calls. Sorted by name, because their order is part of the cached prefix.
 */
export async function aiSdkTools(
  tools: readonly ToolDefinition[],
  ttl: CacheTtl | undefined,
): Promise<Record<string, Tool>> {
  const { jsonSchema, tool } = await import('ai');
  const sorted = [...tools].sort((a, b) => a.name.localeCompare(b.name));
  const out: Record<string, Tool> = {};
  sorted.forEach((definition, index) => {
    out[definition.name] = tool({
      description: definition.description,
      inputSchema: jsonSchema(toolInputJsonSchema(definition) as Parameters<typeof jsonSchema>[0]),
      ...(index === sorted.length - 1 && ttl ? { providerOptions: cacheMarker(ttl) } : {}),
    });
  });
  return out;
}
