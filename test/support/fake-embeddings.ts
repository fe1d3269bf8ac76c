import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for an OpenAI-compatible embeddings endpoint (POST /v1/embeddings).
 * Vectors are deterministic and carry meaning: a hashed bag of (lightly normalised) words plus
 * character trigrams, so texts sharing words — or misspellings of them — point the same way.
 */

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function normaliseWord(word: string): string {
  return word.replace(/(ies)$/, 'y').replace(/(ing|ed|es|s)$/, '');
}

const FUNCTION_WORDS = new Set(
  'a an and are as at be by for from has have how in is it of on or that the this to was we what when which with'.split(
    ' ',
  ),
);

export function fakeEmbedding(text: string, dims: number): number[] {
  const counts = new Map<string, { count: number; weight: number }>();
  const add = (feature: string, weight: number) =>
    counts.set(feature, { count: (counts.get(feature)?.count ?? 0) + 1, weight });
  const tokens = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !FUNCTION_WORDS.has(word));
  for (const token of tokens) {
    const word = normaliseWord(token);
    add(`w:${word}`, 1);
    const padded = `#${word}#`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.2);
  }
  const vector = new Array<number>(dims).fill(0);
  for (const [feature, { count, weight: base }] of counts) {
    // Sub-linear term frequency, like most text encoders: presence matters more than repetition.
    const weight = base * (1 + Math.log(count));
    const hash = fnv1a(feature);
    vector[hash % dims]! += hash & 0x80000000 ? -weight : weight;
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

export interface EmbeddingsRequestLog {
  model: string;
  inputs: string[];
  dimensions?: number;
  authorization?: string;
}

export interface FakeEmbeddingsServer {
  /** Base URL to put in embeddings.base_url (ends with /v1). */
  baseUrl: string;
  requests: EmbeddingsRequestLog[];
  /** Make the next N requests fail with HTTP 500. */
  failNext(count: number): void;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeEmbeddingsServer(
  options: { dims?: number; apiKey?: string } = {},
): Promise<FakeEmbeddingsServer> {
  const requests: EmbeddingsRequestLog[] = [];
  let failures = 0;
  const server = createServer(async (request, response) => {
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.method !== 'POST' || !request.url?.endsWith('/embeddings'))
      return send(404, { error: { message: 'not found' } });
    const payload = JSON.parse(await body(request)) as {
      model: string;
      input: string | string[];
      dimensions?: number;
    };
    const inputs = Array.isArray(payload.input) ? payload.input : [payload.input];
    requests.push({
      model: payload.model,
      inputs,
      dimensions: payload.dimensions,
      authorization: request.headers.authorization,
    });
    if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    }
    if (failures > 0) {
      failures--;
      return send(500, { error: { message: 'the fake server was told to fail' } });
    }
    const dims = payload.dimensions ?? options.dims ?? 384;
    send(200, {
      object: 'list',
      model: payload.model,
      data: inputs.map((input, index) => ({
        object: 'embedding',
        index,
        embedding: fakeEmbedding(input, dims),
      })),
      usage: {
        prompt_tokens: inputs.join(' ').split(/\s+/).length,
        total_tokens: inputs.join(' ').split(/\s+/).length,
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
