import type { ServerResponse } from 'node:http';
import { withoutOutputFraming } from './agent-host.js';
import type { Block, FakeFault, FakeModel, FakeOutcome, MessagesRequest } from './fake-model.js';

/**
 * The OpenAI Responses protocol as the Codex CLI speaks it to a custom model provider:
 * `POST <base>/responses` with `stream: true`, answered with server-sent events
 * (response.created, response.output_item.added/done, response.output_text.delta,
 * response.completed with usage). Codex sends developer messages for instructions, MCP tools
 * as a `namespace` tool whose function calls must carry that namespace, and tool results as
 * `function_call_output` items. This front end converts to and from the Messages shape the
 * shared fake model works on. Test infrastructure only.
 */

interface ContentPart {
  type: string;
  text?: string;
}

interface InputItem {
  type?: string;
  role?: string;
  content?: string | ContentPart[];
  call_id?: string;
  name?: string;
  namespace?: string;
  arguments?: string;
  output?: string | ContentPart[];
}

interface FunctionTool {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
  tools?: FunctionTool[];
}

export interface ResponsesRequest {
  model: string;
  input: InputItem[];
  tools?: FunctionTool[];
  instructions?: string;
  max_output_tokens?: number;
  stream?: boolean;
  text?: { format?: { type: string; schema?: unknown } };
}

/** Namespaced tools are flattened to `<namespace>__<name>`, the form agent hosts show. */
const flatName = (name: string, namespace?: string) => (namespace ? `${namespace}__${name}` : name);

function partsText(
  content: string | ContentPart[] | undefined,
  keep: (text: string) => boolean = () => true,
) {
  if (typeof content === 'string') return content;
  return (content ?? [])
    .map((part) => part.text ?? '')
    .filter(keep)
    .join('\n');
}

function flatTools(
  tools: FunctionTool[] = [],
): Array<{ name: string; description?: string; input_schema: unknown }> {
  const out: Array<{ name: string; description?: string; input_schema: unknown }> = [];
  for (const tool of tools) {
    if (tool.type === 'namespace') {
      for (const inner of tool.tools ?? [])
        out.push({
          name: flatName(inner.name, tool.name),
          description: inner.description,
          input_schema: inner.parameters ?? {},
        });
    } else if (tool.type === 'function') {
      out.push({ name: tool.name, description: tool.description, input_schema: tool.parameters ?? {} });
    }
  }
  return out;
}

export function responsesToMessages(body: ResponsesRequest): MessagesRequest {
  const system: Array<{ type: 'text'; text: string }> = [];
  if (body.instructions) system.push({ type: 'text', text: body.instructions });
  const messages: MessagesRequest['messages'] = [];
  const push = (role: 'user' | 'assistant', block: Block) => {
    const last = messages.at(-1);
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(block);
    else messages.push({ role, content: [block] });
  };
  for (const item of body.input ?? []) {
    const type = item.type ?? 'message';
    if (type === 'message' && (item.role === 'developer' || item.role === 'system')) {
      const text = partsText(item.content);
      if (text.trim()) system.push({ type: 'text', text });
    } else if (type === 'message') {
      const text = partsText(item.content);
      if (text.trim()) push(item.role === 'assistant' ? 'assistant' : 'user', { type: 'text', text });
    } else if (type === 'function_call') {
      let input: unknown = {};
      try {
        input = JSON.parse(item.arguments || '{}');
      } catch {
        input = item.arguments;
      }
      push('assistant', {
        type: 'tool_use',
        id: item.call_id!,
        name: flatName(item.name!, item.namespace),
        input,
      });
    } else if (type === 'function_call_output') {
      push('user', {
        type: 'tool_result',
        tool_use_id: item.call_id!,
        content: withoutOutputFraming(partsText(item.output)),
      });
    }
  }
  return {
    model: body.model,
    max_tokens: body.max_output_tokens ?? 4096,
    system,
    messages,
    tools: flatTools([...(body.tools ?? []), ...loadedTools(body.input)]),
    stream: body.stream,
  };
}

type Reply = Extract<FakeOutcome, { kind: 'reply' }>;

/**
 * Codex defers MCP tools behind its `tool_search` tool for models that support it, and names
 * their sources (MCP servers) in that tool's description: "- ktx_run", or "- ktx: <the
 * server's instructions>" when the server gives instructions.
 */
export function deferredSources(tools: FunctionTool[] = []): string[] {
  const search = tools.find((tool) => tool.type === 'tool_search');
  if (!search?.description) return [];
  const sources: string[] = [];
  for (const match of search.description.matchAll(/^- ([A-Za-z0-9_-]+)(?::|\s*$)/gm)) sources.push(match[1]!);
  return sources;
}

/** Tools a `tool_search_output` loaded earlier in the conversation (visible from then on). */
function loadedTools(input: InputItem[] = []): FunctionTool[] {
  return input.flatMap((item) =>
    item.type === 'tool_search_output' ? ((item as { tools?: FunctionTool[] }).tools ?? []) : [],
  );
}

/** Splits a flat tool name back into what Codex expects in a function call. */
function callName(name: string, body: ResponsesRequest): { name: string; namespace?: string } {
  const tools = [...(body.tools ?? []), ...loadedTools(body.input)];
  if (tools.some((tool) => tool.type === 'function' && tool.name === name)) return { name };
  for (const tool of tools) {
    if (tool.type !== 'namespace') continue;
    const inner = (tool.tools ?? []).find((candidate) => flatName(candidate.name, tool.name) === name);
    if (inner) return { name: inner.name, namespace: tool.name };
  }
  // A deferred MCP tool (Codex lists only its server in tool_search): the model may call it by
  // name in that server's namespace, and Codex routes the call.
  const sources = deferredSources(tools);
  if (sources.length === 1) {
    const namespace = `mcp__${sources[0]}`;
    const short = name.startsWith(`${namespace}__`) ? name.slice(namespace.length + 2) : name;
    return { name: short, namespace };
  }
  return { name };
}

export function writeResponsesSse(
  res: ServerResponse,
  reply: Reply,
  body: ResponsesRequest,
  id: string,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const items = reply.content.map((block, index) =>
    block.type === 'tool_use'
      ? {
          type: 'function_call',
          id: `fc_${id}_${index}`,
          call_id: block.id,
          ...callName(block.name, body),
          arguments: JSON.stringify(block.input),
          status: 'completed',
        }
      : {
          type: 'message',
          id: `msg_${id}_${index}`,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: block.type === 'text' ? block.text : '', annotations: [] }],
        },
  );
  const usage = {
    input_tokens:
      reply.usage.input_tokens +
      reply.usage.cache_read_input_tokens +
      reply.usage.cache_creation_input_tokens,
    input_tokens_details: { cached_tokens: reply.usage.cache_read_input_tokens },
    output_tokens: reply.usage.output_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 0,
  };
  usage.total_tokens = usage.input_tokens + usage.output_tokens;
  const response = { id: `resp_${id}`, object: 'response', model: body.model };
  event('response.created', { response: { ...response, status: 'in_progress', output: [] } });
  items.forEach((item, index) => {
    event('response.output_item.added', {
      output_index: index,
      item:
        item.type === 'message'
          ? { ...item, status: 'in_progress', content: [] }
          : { ...item, arguments: '' },
    });
    if (item.type === 'message') {
      const text = (item.content as Array<{ text: string }>)[0]!.text;
      event('response.output_text.delta', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        delta: text,
      });
    }
    event('response.output_item.done', { output_index: index, item });
  });
  event('response.completed', { response: { ...response, status: 'completed', output: items, usage } });
  res.end();
}

/** OpenAI error bodies: `{error: {message, type, code}}`. */
export function responsesErrorBody(fault: Extract<FakeFault, { status: number }>, message: string) {
  const type =
    fault.type ??
    (fault.status === 429
      ? 'rate_limit_exceeded'
      : fault.status >= 500
        ? 'server_error'
        : 'invalid_request_error');
  return { error: { message, type, code: fault.status === 429 ? 'rate_limit_exceeded' : null, param: null } };
}

/**
 * A model that finds deferred tools the way Codex expects: before calling a tool it has not
 * loaded yet, it asks Codex's `tool_search` for it. Codex runs the search itself and sends the
 * matching tools back (`tool_search_output`), after which the call can be made.
 */
export function toolSearchFor(wanted: string[], request: MessagesRequest, body: ResponsesRequest): string[] {
  if (!(body.tools ?? []).some((tool) => tool.type === 'tool_search')) return [];
  const visible = (request.tools ?? []).map((tool) => tool.name);
  return wanted.filter(
    (name) => !visible.some((candidate) => candidate === name || candidate.endsWith(`__${name}`)),
  );
}

export function writeToolSearchSse(res: ServerResponse, query: string, id: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const item = {
    type: 'tool_search_call',
    id: `ts_${id}`,
    call_id: `call_ts_${id}`,
    execution: 'client',
    status: 'completed',
    arguments: { query, limit: 8 },
  };
  const response = { id: `resp_${id}`, object: 'response' };
  event('response.created', { response: { ...response, status: 'in_progress', output: [] } });
  event('response.output_item.added', { output_index: 0, item });
  event('response.output_item.done', { output_index: 0, item });
  const usage = {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 5,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 15,
  };
  event('response.completed', { response: { ...response, status: 'completed', output: [item], usage } });
  res.end();
}

export type ResponsesIntake =
  | { refuse: { status: number; body: unknown } }
  | { request: MessagesRequest; toolSearch: string[] };

/** Checks a Responses request the way the API does, and converts it for the shared model. */
export function intakeResponses(
  body: ResponsesRequest,
  authorization: string | undefined,
  model: FakeModel,
  options: { openaiKey?: string; toolSearch?: boolean },
): ResponsesIntake {
  const error = (status: number, message: string, code: string | null = null) => ({
    refuse: { status, body: { error: { message, type: 'invalid_request_error', code } } },
  });
  if (options.openaiKey && authorization !== `Bearer ${options.openaiKey}`)
    return error(401, 'Incorrect API key provided.', 'invalid_api_key');
  if (!model.modelExists(body.model))
    return error(
      404,
      `The model \`${body.model}\` does not exist or you do not have access to it.`,
      'model_not_found',
    );
  const request = responsesToMessages(body);
  const invalid = model.validate(request);
  if (invalid) return error(400, invalid);
  const next = model.peek();
  const wanted =
    next && typeof next === 'object' && 'toolCalls' in next ? next.toolCalls.map((c) => c.name) : [];
  return { request, toolSearch: options.toolSearch ? toolSearchFor(wanted, request, body) : [] };
}
