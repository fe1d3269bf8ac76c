import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../../../mcp/registry.js';
import { AgentRunSession } from '../../agent-session.js';
import { type LoopbackMcp, startLoopbackMcp, tokenMatches } from './loopback-mcp.js';

const calls: string[] = [];
const lookup = defineTool({
  name: 'lookup',
  description: 'Look up a term.',
  inputSchema: z.object({ term: z.string() }),
  annotations: { readOnlyHint: true },
  async handler({ term }) {
    calls.push(term);
    return { text: `${term}: defined` };
  },
});

let server: LoopbackMcp | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  calls.length = 0;
});

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};
const post = (url: string, headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(initialize),
  });

describe("the run's loopback MCP server", () => {
  it('serves exactly the run tools on 127.0.0.1 to a client holding the token, through the session', async () => {
    const session = new AgentRunSession({ tools: [lookup], stepBudget: 5 });
    server = await startLoopbackMcp(session, { name: 'ktx_run' });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${server.token}` } },
      }),
    );
    const listed = await client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toEqual(['lookup']);
    expect(listed.tools[0]!.inputSchema).toMatchObject({ type: 'object', required: ['term'] });
    const result = await client.callTool({ name: 'lookup', arguments: { term: 'mrr' } });
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'mrr: defined' }], isError: false });
    // Validation is ktx's, and a bad call counts as a failed step like on every backend.
    const bad = await client.callTool({ name: 'lookup', arguments: { term: 7 } });
    expect(bad).toMatchObject({ isError: true });
    expect(JSON.stringify(bad.content)).toContain('invalid input for lookup: term');
    expect(calls).toEqual(['mrr']);
    expect(session).toMatchObject({ steps: 2, toolCalls: 2, toolFailures: 1 });
    await client.close();
  });

  it('refuses a missing or wrong token, a foreign Host header and any browser Origin', async () => {
    const refused: string[] = [];
    server = await startLoopbackMcp(new AgentRunSession({ tools: [lookup], stepBudget: 5 }), {
      name: 'ktx_run',
      onRefused: (reason) => refused.push(reason),
    });
    const port = new URL(server.url).port;
    expect((await post(server.url, {})).status).toBe(401);
    expect((await post(server.url, { authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401);
    expect((await post(server.url, { authorization: server.token })).status).toBe(401);
    expect(
      (await post(server.url, { authorization: `Bearer ${server.token}`, origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    // A DNS-rebinding page reaches the port under its own host name.
    const rebound = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/mcp',
            method: 'POST',
            headers: { host: `evil.example:${port}`, authorization: `Bearer ${server!.token}` },
          },
          (res) => resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end('{}');
      });
    });
    expect(rebound).toBe(403);
    expect(refused).toEqual([
      'missing or wrong bearer token',
      'missing or wrong bearer token',
      'missing or wrong bearer token',
      'browser origins are not allowed',
      'unexpected Host header',
    ]);
    expect(calls).toEqual([]);
    expect((await post(server.url, { authorization: `Bearer ${server.token}` })).status).toBe(200);
  });

  it('compares tokens by digest, so a prefix or a different length never matches', () => {
    expect(tokenMatches('Bearer abc', 'abc')).toBe(true);
    expect(tokenMatches('Bearer ab', 'abc')).toBe(false);
    expect(tokenMatches('Bearer abcd', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });

  it('stops listening when closed (twice is fine)', async () => {
    server = await startLoopbackMcp(new AgentRunSession({ tools: [lookup], stepBudget: 5 }), {
      name: 'ktx_run',
    });
    const { url, token } = server;
    await server.close();
    await server.close();
    await expect(post(url, { authorization: `Bearer ${token}` })).rejects.toThrow();
  });
});
