import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakeCall,
  type FakeFault,
  FakeModel,
  type FakeModelOptions,
  type FakeOutcome,
  type MessagesRequest,
  type Protocol,
} from './fake-model.js';
import { gatewayErrorBody, type V3Call, v3Result, v3StreamParts, v3ToMessages } from './gateway-wire.js';
import {
  intakeResponses,
  type ResponsesRequest,
  responsesErrorBody,
  writeResponsesSse,
  writeToolSearchSse,
} from './responses-wire.js';

/**
 * One loopback server speaking the real wire protocols ktx's LLM backends use:
 * - Anthropic Messages: `POST /v1/messages` (JSON or SSE), x-api-key + anthropic-version;
 * - Vertex AI Anthropic: `POST /v1/projects/<p>/locations/<l>/publishers/anthropic/models/<m>:rawPredict`
 *   (and `:streamRawPredict`), a Bearer token, `anthropic_version: vertex-2023-10-16`, Google error bodies;
 * - AI Gateway: `POST /v3/ai/language-model` (LanguageModelV3 JSON or SSE);
 * - OpenAI Responses as Codex calls it: `POST /v1/responses` (SSE), a Bearer key;
 * - the GCE metadata server (`/computeMetadata/v1/...`), so Google application-default
 *   credentials work offline when GCE_METADATA_HOST points here.
 * Test infrastructure, never product code.
 */

export const EXTENDED_TTL_BETA = 'extended-cache-ttl-2025-04-11';

export interface RecordedRequest {
  protocol: Protocol | 'metadata';
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeLlmServerOptions extends FakeModelOptions {
  anthropicKey?: string;
  gatewayKey?: string;
  vertexToken?: string;
  vertexProject?: string;
  openaiKey?: string;
  /** Responses: look deferred tools up with Codex's tool_search before calling them. */
  toolSearch?: boolean;
}

export interface FakeLlmServer {
  model: FakeModel;
  requests: RecordedRequest[];
  /** Base URLs in the form each provider setting expects. */
  anthropicBaseUrl: string;
  vertexBaseUrl: string;
  gatewayBaseUrl: string;
  /** Base URL of the Responses API (a Codex model provider's base_url). */
  openaiBaseUrl: string;
  /** host:port for GCE_METADATA_HOST. */
  metadataHost: string;
  /** Requests of one protocol (metadata excluded). */
  calls(protocol?: Protocol): RecordedRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers))
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : (value ?? '');
  return out;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const RATE_HEADERS = {
  'anthropic-ratelimit-requests-limit': '1000',
  'anthropic-ratelimit-requests-remaining': '999',
  'anthropic-ratelimit-requests-reset': new Date(Date.now() + 60_000).toISOString(),
};

function anthropicError(type: string, message: string) {
  return { type: 'error', error: { type, message } };
}

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
};

type Reply = Extract<FakeOutcome, { kind: 'reply' }>;

function messageJson(reply: Reply, model: string) {
  return {
    id: `msg_${Date.now().toString(36)}`,
    type: 'message',
    role: 'assistant',
    model,
    content: reply.content,
    stop_reason: reply.stopReason,
    stop_sequence: null,
    usage: reply.usage,
  };
}

function writeAnthropicSse(res: ServerResponse, reply: Reply, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...RATE_HEADERS });
  const event = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const start = messageJson(reply, model);
  event('message_start', {
    message: { ...start, content: [], stop_reason: null, usage: { ...reply.usage, output_tokens: 1 } },
  });
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      const half = Math.ceil(block.text.length / 2);
      event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text.slice(0, half) } });
      event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text.slice(half) } });
    } else if (block.type === 'tool_use') {
      event('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason: reply.stopReason, stop_sequence: null },
    usage: { output_tokens: reply.usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}

export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const model = new FakeModel(options);
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const vertexToken = options.vertexToken ?? 'ya29.fake-vertex-token';

  const sendFault = (
    res: ServerResponse,
    protocol: Protocol,
    fault: FakeFault,
    modelId: string,
    stream: boolean,
  ) => {
    if ('hang' in fault) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if ('malformed' in fault) {
      if (stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('event: message_start\ndata: {"type":"message_start","message":{"id":\n\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"msg_broken","type":"message","content":[{"type":"text","te');
      }
      return;
    }
    const type =
      fault.type ??
      (fault.status === 429
        ? 'rate_limit_error'
        : fault.status === 529
          ? 'overloaded_error'
          : fault.status >= 500
            ? 'api_error'
            : 'invalid_request_error');
    const message =
      fault.message ??
      (fault.status === 429
        ? 'Number of request tokens has exceeded your per-minute rate limit'
        : fault.status === 529
          ? 'Overloaded'
          : 'Internal server error');
    if (protocol === 'gateway')
      return json(res, fault.status, gatewayErrorBody(fault.status, type, message, modelId), fault.headers);
    if (protocol === 'openai')
      return json(res, fault.status, responsesErrorBody(fault, message), fault.headers);
    if (protocol === 'vertex' && GOOGLE_STATUS[fault.status]) {
      return json(
        res,
        fault.status,
        { error: { code: fault.status, message, status: GOOGLE_STATUS[fault.status] } },
        fault.headers,
      );
    }
    json(res, fault.status, anthropicError(type, message), fault.headers);
  };

  const answer = async (res: ServerResponse, call: FakeCall, stream: boolean, allow1h: boolean) => {
    const outcome = await model.handle(call, { allow1h });
    if (outcome.kind === 'fault') return sendFault(res, call.protocol, outcome.fault, call.model, stream);
    if (call.protocol === 'gateway') {
      if (!stream) return json(res, 200, v3Result(outcome, call.model));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const part of v3StreamParts(outcome, call.model)) res.write(`data: ${JSON.stringify(part)}\n\n`);
      return res.end();
    }
    if (call.protocol === 'openai') {
      return writeResponsesSse(
        res,
        outcome,
        openaiBodies.get(call) as ResponsesRequest,
        String(++responseCounter),
      );
    }
    if (stream) return writeAnthropicSse(res, outcome, call.model);
    json(res, 200, messageJson(outcome, call.model), RATE_HEADERS);
  };
  // The original Responses body of a call, to answer in its terms (namespaces of its tools).
  const openaiBodies = new WeakMap<FakeCall, unknown>();
  let responseCounter = 0;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = lowerHeaders(req);
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep the text
    }
    if (url.pathname.startsWith('/computeMetadata/v1/')) {
      requests.push({ protocol: 'metadata', method: req.method ?? 'GET', path: url.pathname, headers, body });
      if (headers['metadata-flavor'] !== 'Google')
        return json(res, 403, { error: 'Missing Metadata-Flavor header' });
      res.setHeader('Metadata-Flavor', 'Google');
      if (url.pathname.endsWith('/token'))
        return json(
          res,
          200,
          { access_token: vertexToken, expires_in: 3599, token_type: 'Bearer' },
          { 'Metadata-Flavor': 'Google' },
        );
      if (url.pathname.endsWith('/project/project-id')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'Metadata-Flavor': 'Google' });
        return res.end(options.vertexProject ?? 'fake-project');
      }
      return json(res, 200, {}, { 'Metadata-Flavor': 'Google' });
    }
    if (url.pathname === '/v1/messages/count_tokens' && req.method === 'POST') {
      // Claude Code asks for token counts; answer with the estimate the cache model uses.
      return json(res, 200, { input_tokens: Math.ceil(raw.length / 4) });
    }
    const vertex = /\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/.exec(
      url.pathname,
    );
    const protocol: Protocol | undefined = vertex
      ? 'vertex'
      : url.pathname.endsWith('/language-model')
        ? 'gateway'
        : url.pathname === '/v1/messages'
          ? 'anthropic'
          : url.pathname === '/v1/responses'
            ? 'openai'
            : undefined;
    if (!protocol || req.method !== 'POST')
      return json(res, 404, anthropicError('not_found_error', `Not found: ${url.pathname}`));
    requests.push({ protocol, method: req.method, path: url.pathname + url.search, headers, body });
    if (typeof body !== 'object' || body === null)
      return json(res, 400, anthropicError('invalid_request_error', 'body must be JSON'));

    if (protocol === 'gateway') {
      const modelId = headers['ai-language-model-id'] ?? '';
      const stream = headers['ai-language-model-streaming'] === 'true';
      if (options.gatewayKey && headers.authorization !== `Bearer ${options.gatewayKey}`) {
        return json(res, 401, gatewayErrorBody(401, 'authentication_error', 'Invalid API key', modelId));
      }
      if (!model.modelExists(modelId))
        return json(
          res,
          404,
          gatewayErrorBody(404, 'not_found_error', `Model ${modelId} not found`, modelId),
        );
      const request = v3ToMessages(modelId, body as V3Call);
      const invalid = model.validate(request);
      if (invalid) return json(res, 400, gatewayErrorBody(400, 'invalid_request_error', invalid, modelId));
      // Without the extended-TTL beta header the gateway quietly caches for 5 minutes.
      const allow1h = (headers['anthropic-beta'] ?? '').includes(EXTENDED_TTL_BETA);
      return answer(res, model.view('gateway', headers, request), stream, allow1h);
    }

    if (protocol === 'openai') {
      const intake = intakeResponses(body as ResponsesRequest, headers.authorization, model, options);
      if ('refuse' in intake) return json(res, intake.refuse.status, intake.refuse.body);
      const call = model.view('openai', headers, intake.request);
      openaiBodies.set(call, body);
      if (intake.toolSearch.length > 0) {
        model.note(call);
        return writeToolSearchSse(res, intake.toolSearch.join(' '), String(++responseCounter));
      }
      return answer(res, call, true, false);
    }

    const request = body as MessagesRequest & { anthropic_version?: string };
    let modelId = request.model;
    let stream = request.stream === true;
    if (protocol === 'vertex') {
      if (headers.authorization !== `Bearer ${vertexToken}`) {
        return json(res, 401, {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.',
            status: 'UNAUTHENTICATED',
          },
        });
      }
      if (request.anthropic_version !== 'vertex-2023-10-16')
        return json(
          res,
          400,
          anthropicError('invalid_request_error', 'anthropic_version: must be vertex-2023-10-16'),
        );
      if (request.model)
        return json(
          res,
          400,
          anthropicError('invalid_request_error', 'model: Extra inputs are not permitted'),
        );
      modelId = vertex![1]!;
      stream = vertex![2] === 'streamRawPredict';
      if (!model.modelExists(modelId)) {
        return json(res, 404, {
          error: {
            code: 404,
            message: `Publisher Model \`${url.pathname.split('/models/')[0]}/models/${modelId}\` not found.`,
            status: 'NOT_FOUND',
          },
        });
      }
    } else {
      if (options.anthropicKey && headers['x-api-key'] !== options.anthropicKey)
        return json(res, 401, anthropicError('authentication_error', 'invalid x-api-key'));
      if (!headers['anthropic-version'])
        return json(
          res,
          400,
          anthropicError('invalid_request_error', 'anthropic-version: header is required'),
        );
      if (!model.modelExists(modelId))
        return json(res, 404, anthropicError('not_found_error', `model: ${modelId}`));
    }
    const normalized = { ...request, model: modelId };
    const invalid = model.validate(normalized);
    if (invalid) return json(res, 400, anthropicError('invalid_request_error', invalid));
    const has1h = JSON.stringify(normalized).includes('"ttl":"1h"');
    if (has1h && !(headers['anthropic-beta'] ?? '').includes(EXTENDED_TTL_BETA)) {
      return json(
        res,
        400,
        anthropicError('invalid_request_error', 'cache_control.ttl: Extra inputs are not permitted'),
      );
    }
    return answer(res, model.view(protocol, headers, normalized), stream, true);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    model,
    requests,
    anthropicBaseUrl: `${base}/v1`,
    vertexBaseUrl: `${base}/v1/projects/${options.vertexProject ?? 'fake-project'}/locations/us-east5/publishers/anthropic/models`,
    gatewayBaseUrl: `${base}/v3/ai`,
    openaiBaseUrl: `${base}/v1`,
    metadataHost: `127.0.0.1:${port}`,
    calls: (protocol) =>
      requests.filter((r) => r.protocol !== 'metadata' && (!protocol || r.protocol === protocol)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
