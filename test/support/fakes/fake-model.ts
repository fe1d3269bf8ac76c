import { isBillingHeader, isHostSystemBlock, structuredOutputCall, withoutReminders } from './agent-host.js';
import {
  type CacheBlock,
  CacheRuleError,
  type CacheUsage,
  estimateTokens,
  PromptCache,
} from './prompt-cache.js';

/**
 * The brain shared by the fake provider servers: it takes a request in Anthropic Messages shape
 * (the Vertex and Gateway front ends convert theirs), checks it the way the real API does,
 * models prompt caching, and answers from a script, a responder function, or a default
 * behaviour. Test infrastructure only.
 */

export type Block =
  | { type: 'text'; text: string; cache_control?: CacheControl }
  | { type: 'tool_use'; id: string; name: string; input: unknown; cache_control?: CacheControl }
  | {
      type: 'tool_result';
      tool_use_id: string;
      content?: string | Array<{ type: 'text'; text: string }>;
      is_error?: boolean;
      cache_control?: CacheControl;
    };

export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface MessagesRequest {
  model: string;
  max_tokens?: number;
  system?: string | Array<{ type: 'text'; text: string; cache_control?: CacheControl }>;
  messages: Array<{ role: 'user' | 'assistant'; content: string | Block[] }>;
  tools?: Array<{ name: string; description?: string; input_schema: unknown; cache_control?: CacheControl }>;
  temperature?: number;
  stream?: boolean;
}

export type Protocol = 'anthropic' | 'vertex' | 'gateway' | 'openai';

/** What a responder sees about one request. */
export interface FakeCall {
  protocol: Protocol;
  model: string;
  headers: Record<string, string>;
  request: MessagesRequest;
  systemText: string;
  lastUserText: string;
  toolNames: string[];
  toolResults: Array<{ id: string; text: string; isError: boolean }>;
  breakpoints: Array<{ target: 'tool' | 'system' | 'message'; ttl: '5m' | '1h' }>;
}

export type FakeReply =
  | { text: string }
  | { toolCalls: Array<{ name: string; input: unknown }>; text?: string };

export type FakeFault =
  | { status: number; type?: string; message?: string; headers?: Record<string, string> }
  | { hang: true }
  | { malformed: true };

export type ScriptItem = FakeReply | FakeFault | ((call: FakeCall) => FakeReply | FakeFault);

export type FakeOutcome =
  | {
      kind: 'reply';
      content: Block[];
      stopReason: 'end_turn' | 'tool_use';
      usage: CacheUsage & { output_tokens: number };
    }
  | { kind: 'fault'; fault: FakeFault };

export function isFault(item: FakeReply | FakeFault): item is FakeFault {
  return 'status' in item || 'hang' in item || 'malformed' in item;
}

function textOf(content: string | Block[]): string {
  if (typeof content === 'string') return withoutReminders(content);
  return content
    .map((block) => (block.type === 'text' ? withoutReminders(block.text) : ''))
    .filter(Boolean)
    .join('\n');
}

function resultText(block: Extract<Block, { type: 'tool_result' }>): string {
  if (typeof block.content === 'string') return withoutReminders(block.content);
  return withoutReminders((block.content ?? []).map((part) => part.text).join(''));
}

/** Recipe-style default: answer tool results, call a tool on `USE_TOOL:<name>`, else say ok. */
export function defaultResponder(call: FakeCall): FakeReply {
  if (call.toolResults.length > 0)
    return { text: `done: ${call.toolResults.map((r) => r.text).join(' | ')}` };
  const wanted = [...call.lastUserText.matchAll(/USE_TOOL:([a-z0-9_]+)/g)].map((match) => match[1]!);
  const tools = wanted.filter((name) => call.toolNames.includes(name));
  if (tools.length > 0) return { toolCalls: tools.map((name) => ({ name, input: {} })) };
  return { text: 'ok' };
}

export interface FakeModelOptions {
  /** Model ids that exist; others get "model not found". Undefined = all exist. */
  models?: string[];
  cacheMinTokens?: number;
  now?: () => number;
  responder?: (call: FakeCall) => FakeReply | FakeFault | Promise<FakeReply | FakeFault>;
}

export class FakeModel {
  readonly calls: FakeCall[] = [];
  readonly cache: PromptCache;
  private readonly queue: ScriptItem[] = [];
  private toolUseCounter = 0;

  constructor(private readonly options: FakeModelOptions = {}) {
    this.cache = new PromptCache(options.cacheMinTokens ?? 1024, options.now);
  }

  /** Queue answers (or faults) for the next requests, in order. */
  script(...items: ScriptItem[]): this {
    this.queue.push(...items);
    return this;
  }

  pending(): number {
    return this.queue.length;
  }

  /** The next scripted answer, without taking it (front ends that add a step of their own). */
  peek(): ScriptItem | undefined {
    return this.queue[0];
  }

  /** Records a request a front end answered itself (it still counts as a model call). */
  note(call: FakeCall): void {
    this.calls.push(call);
  }

  modelExists(model: string): boolean {
    return !this.options.models || this.options.models.includes(model);
  }

  /** Validates like the API does; returns an error message for a 400. */
  validate(request: MessagesRequest): string | undefined {
    if (!request.model) return 'model: Field required';
    if (!request.max_tokens) return 'max_tokens: Field required';
    if (!Array.isArray(request.messages) || request.messages.length === 0)
      return 'messages: at least one message is required';
    if (request.messages[0]!.role !== 'user') return 'messages: first message must use the "user" role';
    for (let i = 1; i < request.messages.length; i++) {
      const message = request.messages[i]!;
      const previous = request.messages[i - 1]!;
      const results =
        typeof message.content === 'string' ? [] : message.content.filter((b) => b.type === 'tool_result');
      const uses =
        typeof previous.content === 'string' ? [] : previous.content.filter((b) => b.type === 'tool_use');
      const useIds = new Set(uses.map((b) => (b as { id: string }).id));
      for (const result of results) {
        if (!useIds.has((result as { tool_use_id: string }).tool_use_id)) {
          return `messages.${i}: unexpected tool_use_id found in tool_result blocks`;
        }
      }
      if (uses.length > 0 && results.length < uses.length) {
        return `messages.${i}: tool_use ids were found without tool_result blocks immediately after`;
      }
    }
    return undefined;
  }

  view(protocol: Protocol, headers: Record<string, string>, request: MessagesRequest): FakeCall {
    const last = request.messages.at(-1)!;
    const blocks = typeof last.content === 'string' ? [] : last.content;
    const breakpoints: FakeCall['breakpoints'] = [];
    for (const tool of request.tools ?? [])
      if (tool.cache_control) breakpoints.push({ target: 'tool', ttl: tool.cache_control.ttl ?? '5m' });
    if (Array.isArray(request.system)) {
      for (const block of request.system)
        if (block.cache_control) breakpoints.push({ target: 'system', ttl: block.cache_control.ttl ?? '5m' });
    }
    for (const message of request.messages) {
      if (typeof message.content === 'string') continue;
      for (const block of message.content)
        if (block.cache_control)
          breakpoints.push({ target: 'message', ttl: block.cache_control.ttl ?? '5m' });
    }
    return {
      protocol,
      model: request.model,
      headers,
      request,
      systemText:
        typeof request.system === 'string'
          ? request.system
          : (request.system ?? [])
              .map((b) => b.text)
              .filter((text) => !isHostSystemBlock(text))
              .join('\n'),
      lastUserText: last.role === 'user' ? textOf(last.content) : '',
      toolNames: (request.tools ?? []).map((tool) => tool.name),
      toolResults: blocks
        .filter((b): b is Extract<Block, { type: 'tool_result' }> => b.type === 'tool_result')
        .map((b) => ({ id: b.tool_use_id, text: resultText(b), isError: b.is_error === true })),
      breakpoints,
    };
  }

  cacheBlocks(request: MessagesRequest, allow1h: boolean): CacheBlock[] {
    const blocks: CacheBlock[] = [];
    const ttl = (control?: CacheControl) =>
      control ? (control.ttl === '1h' && allow1h ? '1h' : '5m') : undefined;
    const push = (key: unknown, control?: CacheControl) => {
      const text = JSON.stringify(key);
      blocks.push({ key: text, tokens: estimateTokens(text), ttl: ttl(control) });
    };
    for (const tool of request.tools ?? [])
      push({ name: tool.name, d: tool.description, s: tool.input_schema }, tool.cache_control);
    const system =
      typeof request.system === 'string'
        ? [{ type: 'text' as const, text: request.system }]
        : (request.system ?? []);
    for (const block of system) {
      if (isBillingHeader(block.text)) continue;
      push({ system: block.text }, (block as { cache_control?: CacheControl }).cache_control);
    }
    for (const message of request.messages) {
      const content =
        typeof message.content === 'string'
          ? [{ type: 'text' as const, text: message.content }]
          : message.content;
      for (const block of content) {
        const { cache_control, ...rest } = block as Block & { cache_control?: CacheControl };
        push({ role: message.role, ...rest }, cache_control);
      }
    }
    return blocks;
  }

  async handle(call: FakeCall, options: { allow1h: boolean }): Promise<FakeOutcome> {
    this.calls.push(call);
    const next = this.queue.shift();
    let answer: FakeReply | FakeFault;
    if (next === undefined) answer = await (this.options.responder ?? defaultResponder)(call);
    else answer = typeof next === 'function' ? next(call) : next;
    if (isFault(answer)) return { kind: 'fault', fault: answer };
    let usage: CacheUsage;
    try {
      usage = this.cache.process(call.model, this.cacheBlocks(call.request, options.allow1h));
    } catch (error) {
      if (error instanceof CacheRuleError) {
        return {
          kind: 'fault',
          fault: { status: 400, type: 'invalid_request_error', message: error.message },
        };
      }
      throw error;
    }
    const content: Block[] = [];
    if ('toolCalls' in answer) {
      if (answer.text) content.push({ type: 'text', text: answer.text });
      for (const toolCall of answer.toolCalls) {
        // Agent hosts prefix the tools they serve (`mcp__ktx__lookup`); scripts use the bare name.
        const name = call.toolNames.includes(toolCall.name)
          ? toolCall.name
          : (call.toolNames.find((candidate) => candidate.endsWith(`__${toolCall.name}`)) ?? toolCall.name);
        const id = `toolu_${String(++this.toolUseCounter).padStart(4, '0')}`;
        content.push({ type: 'tool_use', id, name, input: toolCall.input });
      }
    } else if (
      call.toolNames.includes('StructuredOutput') &&
      structuredOutputCall(answer.text) !== undefined
    ) {
      const id = `toolu_${String(++this.toolUseCounter).padStart(4, '0')}`;
      content.push({
        type: 'tool_use',
        id,
        name: 'StructuredOutput',
        input: structuredOutputCall(answer.text),
      });
    } else {
      content.push({ type: 'text', text: answer.text });
    }
    return {
      kind: 'reply',
      content,
      stopReason: content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn',
      usage: { ...usage, output_tokens: Math.max(1, estimateTokens(JSON.stringify(content))) },
    };
  }
}
