import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runKtx } from '../support/cli.js';
import { createDemoProject, httpClient, stdioClient } from '../support/mcp-project.js';

/**
 * The security model of the MCP server, attacked through real HTTP requests and a real MCP
 * client: no non-loopback bind without a token, 401 without the right token, 403 for foreign
 * Host and Origin headers (DNS rebinding, browsers), 413 for oversized bodies, and no way to
 * write to the warehouse through sql_execution or sl_query.
 */

let project: { dir: string; cleanup(): void };
const ktx = (...args: string[]) => runKtx(['--project-dir', project.dir, ...args], { env: cleanEnv() });

beforeAll(async () => {
  project = await createDemoProject('ktx-mcp-sec-');
}, 180_000);
afterAll(async () => {
  await ktx('mcp', 'stop');
  project.cleanup();
});

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

function post(
  port: number,
  headers: Record<string, string>,
  body: string | Buffer = INITIALIZE,
  path = '/mcp',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          host: `127.0.0.1:${port}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      // The server may close the socket while a refused oversized body is still being sent.
      error.code === 'EPIPE' || error.code === 'ECONNRESET'
        ? resolve({ status: -1, body: error.code })
        : reject(error),
    );
    req.end(body);
  });
}

describe('binding beyond loopback', () => {
  it('is refused without a token, by start and by serve', async () => {
    for (const command of ['start', 'serve']) {
      const refused = await ktx('--json', 'mcp', command, '--host', '0.0.0.0', '--port', '0');
      expect(refused.code, command).toBe(1);
      expect(refused.json().error).toMatchObject({ code: 'mcp_token_required' });
      expect(refused.json().error.hint).toContain('ktx mcp token');
    }
    expect((await ktx('--json', 'mcp', 'status')).json().data.running).toBe(false);
  });

  it('`ktx mcp token` creates a 0600 secret, points ktx.yaml at it, and never prints it', async () => {
    const created = await ktx('--json', 'mcp', 'token');
    expect(created.code, created.stderr).toBe(0);
    expect(created.json().data).toMatchObject({
      action: 'created',
      reference: 'file:.ktx/secrets/mcp-token',
    });
    const file = join(project.dir, '.ktx', 'secrets', 'mcp-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(created.stdout + created.stderr).not.toContain(token);
    expect(readFileSync(join(project.dir, 'ktx.yaml'), 'utf8')).toContain(
      'token: file:.ktx/secrets/mcp-token',
    );
    expect((await ktx('--json', 'mcp', 'token')).json().data.action).toBe('kept');
  });
});

describe('the HTTP daemon with a token, bound to every interface', () => {
  let port: number;
  let token: string;
  beforeAll(async () => {
    const yaml = readFileSync(join(project.dir, 'ktx.yaml'), 'utf8');
    writeFileSync(
      join(project.dir, 'ktx.yaml'),
      `${yaml}  allowed_origins: [http://localhost:3000]\n  max_body_bytes: 65536\n`,
    );
    const started = await ktx('--json', 'mcp', 'start', '--host', '0.0.0.0', '--port', '0');
    expect(started.code, started.stderr + started.stdout).toBe(0);
    expect(started.json().data.tokenAuth).toBe(true);
    port = Number(new URL(started.json().data.url).port);
    token = readFileSync(join(project.dir, '.ktx', 'secrets', 'mcp-token'), 'utf8').trim();
  }, 60_000);

  it('answers 401 to a missing or wrong token, and serves the right one', async () => {
    expect((await post(port, {})).status).toBe(401);
    expect((await post(port, { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await post(port, { authorization: `Bearer ${token.slice(0, -1)}` })).status).toBe(401);
    expect((await post(port, { authorization: token })).status).toBe(401);
    expect((await post(port, { authorization: `Bearer ${token}` })).status).toBe(200);
    const client = await httpClient(`http://127.0.0.1:${port}/mcp`, token);
    const status = await client.callTool({ name: 'connection_list', arguments: {} });
    expect(status.isError).toBeFalsy();
    await client.close();
  });

  it('answers 403 to a foreign Host (DNS rebinding) or a browser Origin not allowed', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await post(port, { ...auth, host: `evil.example:${port}` })).status).toBe(403);
    expect((await post(port, { ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(port, { ...auth, origin: 'http://localhost:3000' })).status).toBe(200);
    expect((await post(port, { ...auth, host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses bodies over the limit (declared or streamed) before parsing them', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const big = Buffer.alloc(200_000, 'a');
    expect((await post(port, auth, big)).status).toBe(413);
    expect((await post(port, { ...auth, 'transfer-encoding': 'chunked' }, big)).status).toBe(413);
    expect((await post(port, auth, '{not json')).status).toBe(400);
  });

  it('answers /health without the token (no secrets, no paths in it) and 404 elsewhere', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const body = await health.text();
    expect(JSON.parse(body)).toMatchObject({ status: 'ok', name: 'ktx' });
    expect(body).not.toContain(token);
    expect(body).not.toContain(project.dir);
    expect((await post(port, { authorization: `Bearer ${token}` }, '{}', '/other')).status).toBe(404);
  });

  it('keeps the token out of status output and logs', async () => {
    const status = await ktx('--json', 'mcp', 'status');
    expect(status.json().data).toMatchObject({ running: true, tokenAuth: true });
    expect(status.stdout).not.toContain(token);
    const log = readFileSync(join(project.dir, '.ktx', 'logs', 'mcp.log'), 'utf8');
    expect(log).toContain('refused POST /mcp: missing or wrong bearer token');
    expect(log).not.toContain(token);
  });
});

describe('the warehouse stays read-only', () => {
  let client: Client;
  const count = () => {
    const db = new Database(join(project.dir, 'data', 'orbital.sqlite'), { readonly: true });
    const n = (db.prepare('select count(*) as n from accounts').get() as { n: number }).n;
    db.close();
    return n;
  };
  beforeAll(async () => {
    client = await stdioClient(project.dir);
  });
  afterAll(() => client.close());

  it('sql_execution refuses writes, DDL, multi-statements and data-modifying CTEs', async () => {
    const before = count();
    for (const sql of [
      'delete from accounts',
      'update accounts set name = 1',
      'insert into accounts (account_id) values (999999)',
      'drop table accounts',
      'select 1; delete from accounts',
      'with gone as (delete from accounts returning *) select * from gone',
      'attach database ":memory:" as other',
    ]) {
      const result = await client.callTool({ name: 'sql_execution', arguments: { sql } });
      expect(result.isError, sql).toBe(true);
      const { error } = JSON.parse((result.content as Array<{ text: string }>)[0]!.text);
      expect(error.code, sql).toMatch(/^sql_(not_read_only|parse_failed)$/);
    }
    expect(count()).toBe(before);
  });

  it('sl_query cannot smuggle a write through a filter', async () => {
    const before = count();
    const result = await client.callTool({
      name: 'sl_query',
      arguments: {
        measures: ['accounts.account_count'],
        filters: ['1=1); delete from accounts; --'],
        execute: true,
      },
    });
    expect(result.isError).toBe(true);
    expect(count()).toBe(before);
  });
});
