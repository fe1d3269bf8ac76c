import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectServices } from '../../src/mcp/services.js';
import { ktxTools } from '../../src/mcp/tools/index.js';
import { cleanEnv, runKtx } from '../support/cli.js';
import { createDemoProject, httpClient, stdioClient } from '../support/mcp-project.js';

/**
 * Every ktx tool, called by a real MCP SDK client over both transports (stdio as agent clients
 * launch it; Streamable HTTP through the `ktx mcp start` daemon), with each answer checked
 * against the tool's own output schema; plus resources and the workflow prompt.
 */

let project: { dir: string; cleanup(): void };
const schemas = new Map<string, { safeParse(value: unknown): { success: boolean; error?: unknown } }>();
let expectedCustomers: number;

beforeAll(async () => {
  project = await createDemoProject();
  for (const tool of ktxTools(new ProjectServices(project.dir)))
    if (tool.outputSchema) schemas.set(tool.name, tool.outputSchema);
  const db = new Database(join(project.dir, 'data', 'orbital.sqlite'), { readonly: true });
  expectedCustomers = (
    db.prepare('select count(*) as n from accounts where not is_test and deleted_at is null').get() as {
      n: number;
    }
  ).n;
  db.close();
}, 180_000);

afterAll(async () => {
  await runKtx(['--project-dir', project.dir, 'mcp', 'stop'], { env: cleanEnv() });
  project.cleanup();
});

// biome-ignore lint/suspicious/noExplicitAny: assertions walk the structured answers freely
type Structured = Record<string, any>;

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Structured> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ text: string }>)[0]!.text;
  expect(result.isError, `${name} failed: ${text}`).toBeFalsy();
  const checked = schemas.get(name)!.safeParse(result.structuredContent);
  expect(checked.success, `${name} output breaks its schema: ${JSON.stringify(checked.error)}`).toBe(true);
  // The text is the same answer as JSON, for clients that only read text.
  expect(JSON.parse(text)).toEqual(result.structuredContent);
  return result.structuredContent as Structured;
}

async function failure(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError).toBe(true);
  return JSON.parse((result.content as Array<{ text: string }>)[0]!.text).error as {
    code: string;
    message: string;
    hint?: string;
  };
}

const transports: Array<[string, () => Promise<Client>]> = [
  ['stdio', () => stdioClient(project.dir)],
  [
    'streamable HTTP (daemon)',
    async () => {
      const started = await runKtx(['--project-dir', project.dir, '--json', 'mcp', 'start', '--port', '0'], {
        env: cleanEnv(),
      });
      expect(started.code, started.stderr + started.stdout).toBe(0);
      return httpClient(started.json().data.url);
    },
  ],
];

describe.each(transports)('ktx MCP server over %s', (_name, connect) => {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  }, 60_000);
  afterAll(async () => {
    await client?.close();
  });

  it('identifies itself, lists every tool with schemas and truthful annotations, and gives instructions', async () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'ktx' });
    const instructions = client.getInstructions() ?? '';
    expect(instructions).toContain('sl_query');
    // usage_mode: always pages are part of the instructions.
    expect(instructions).toContain('Analysis ground rules');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'status',
        'connection_list',
        'search',
        'wiki_search',
        'wiki_read',
        'sl_list',
        'sl_read_source',
        'sl_query',
        'sl_validate',
        'entity_details',
        'dictionary_search',
        'sql_execution',
        'wiki_write',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(60);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      const writes = tool.name === 'wiki_write';
      expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: !writes, destructiveHint: writes });
    }
  });

  it('status and connection_list describe the project', async () => {
    const status = await call(client, 'status', {});
    expect(status.checks.map((check: { id: string }) => check.id)).toEqual(
      expect.arrayContaining(['project.config', 'connections', 'context.built', 'agents']),
    );
    const connections = await call(client, 'connection_list', {});
    expect(connections).toMatchObject({
      defaultConnection: 'warehouse',
      connections: [
        { id: 'warehouse', driver: 'sqlite', semanticSources: 14, scanned: true, isDefault: true },
      ],
    });
  });

  it('search ranks wiki pages and semantic entities, each with the call that reads it', async () => {
    const found = await call(client, 'search', { query: 'monthly recurring revenue', limit: 5 });
    expect(found.results.length).toBeGreaterThan(0);
    const kinds = new Set(found.results.map((result: { kind: string }) => result.kind));
    expect([...kinds].some((kind) => kind !== 'wiki')).toBe(true);
    for (const result of found.results)
      expect(result.readWith?.tool).toMatch(/wiki_read|sl_read_source|entity_details/);
    const wiki = await call(client, 'wiki_search', { query: 'test accounts' });
    expect(wiki.results.map((result: { key: string }) => result.key)).toContain('test-accounts');
  });

  it('wiki_read returns a page with its references', async () => {
    const page = await call(client, 'wiki_read', { key: 'mrr' });
    expect(page).toMatchObject({ key: 'mrr', scope: 'global', file: 'wiki/global/mrr.md' });
    expect(page.slRefs.length).toBeGreaterThan(0);
    expect(page.body).toContain('MRR');
  });

  it('sl_list, sl_read_source and sl_validate read the semantic layer', async () => {
    const list = await call(client, 'sl_list', {});
    expect(list).toMatchObject({ connectionId: 'warehouse', dialect: 'sqlite', brokenFiles: [] });
    expect(list.sources).toHaveLength(14);
    const source = await call(client, 'sl_read_source', { source: 'accounts' });
    expect(source.measures.map((m: { field: string }) => m.field)).toContain('accounts.customer_count');
    expect(source.yaml).toBe(
      readFileSync(join(project.dir, 'semantic-layer/warehouse/accounts.yaml'), 'utf8'),
    );
    const report = await call(client, 'sl_validate', {});
    expect(report).toMatchObject({ connectionId: 'warehouse', valid: true, errors: [] });
  });

  it('sl_query compiles by default and executes only when asked, with a row cap', async () => {
    const compiled = await call(client, 'sl_query', { measures: ['accounts.customer_count'] });
    expect(compiled.executed).toBe(false);
    expect(compiled.rows).toBeUndefined();
    expect(compiled.sql).toMatch(/SELECT/);
    const executed = await call(client, 'sl_query', { measures: ['accounts.customer_count'], execute: true });
    expect(executed).toMatchObject({ executed: true, rowCount: 1, truncated: false });
    expect(Number(executed.rows[0].customer_count)).toBe(expectedCustomers);
    const capped = await call(client, 'sl_query', {
      measures: ['subscriptions.mrr'],
      dimensions: ['accounts.segment', 'plans.plan_name'],
      execute: true,
      max_rows: 2,
      explain: true,
    });
    expect(capped).toMatchObject({ rowCount: 2, truncated: true });
    expect(capped.plan.strategy).toBeTruthy();
  });

  it('entity_details and dictionary_search read the scan', async () => {
    const details = await call(client, 'entity_details', { tables: ['accounts', 'nope_table'] });
    const [accounts, missing] = details.results;
    expect(accounts).toMatchObject({ found: true, key: 'accounts', semanticSource: 'accounts' });
    expect(accounts.columns.find((c: { name: string }) => c.name === 'account_id').primaryKey).toBe(true);
    expect(missing).toMatchObject({ found: false, error: { code: 'table_not_found' } });
    const dictionary = await call(client, 'dictionary_search', { values: ['Enterprise', 'zzz-not-there'] });
    expect(dictionary.results[0].matches[0]).toMatchObject({
      table: 'accounts',
      column: 'segment',
      matchedValue: 'enterprise',
      exact: true,
      field: 'accounts.segment',
    });
    expect(dictionary.results[1]).toMatchObject({ found: false, matches: [] });
  });

  it('sql_execution runs read-only SQL with a row cap and refuses writes', async () => {
    const rows = await call(client, 'sql_execution', {
      sql: 'select account_id from accounts order by 1',
      max_rows: 3,
    });
    expect(rows).toMatchObject({ connectionId: 'warehouse', rowCount: 3, truncated: true, maxRows: 3 });
    const refused = await failure(client, 'sql_execution', { sql: 'delete from accounts' });
    expect(refused.code).toBe('sql_not_read_only');
    expect(refused.hint).toBeTruthy();
  });

  it('wiki_write validates, writes and commits; invalid pages are refused with the problem', async () => {
    const key = `note-${_name.split(' ')[0]}`;
    const written = await call(client, 'wiki_write', {
      key,
      content: '---\nsummary: A test note.\nrefs: [mrr]\n---\n\n# Note\n\nSee [[mrr]].\n',
    });
    expect(written).toMatchObject({ key, created: true, changed: true, file: `wiki/global/${key}.md` });
    expect(written.commit).toMatch(/^[0-9a-f]{7,}/);
    expect((await call(client, 'wiki_read', { key })).summary).toBe('A test note.');
    const bad = await failure(client, 'wiki_write', {
      key: 'bad',
      content: '---\nsummary: x\nrefs: [no-such-page]\n---\n',
    });
    expect(bad.code).toBe('wiki_page_invalid');
  });

  it('errors are structured (code, message, hint) so agents can recover', async () => {
    const unknown = await failure(client, 'sl_query', { measures: ['subscriptions.mmr'] });
    expect(unknown).toMatchObject({ code: 'sl_unknown_field' });
    expect(unknown.hint).toContain('subscriptions.mrr');
    const invalid = await failure(client, 'sl_query', { measure: ['x'] });
    expect(invalid.code).toBe('tool_input_invalid');
    const page = await failure(client, 'wiki_read', { key: 'mmr' });
    expect(page).toMatchObject({ code: 'wiki_page_not_found' });
  });

  it('serves wiki pages and semantic sources as resources', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((resource) => resource.uri);
    expect(uris).toContain('ktx://wiki/mrr');
    expect(uris).toContain('ktx://semantic-layer/warehouse/accounts.yaml');
    const page = await client.readResource({ uri: 'ktx://wiki/mrr' });
    expect(page.contents[0]).toMatchObject({ mimeType: 'text/markdown' });
    expect((page.contents[0] as { text: string }).text).toContain('summary:');
    const source = await client.readResource({ uri: 'ktx://semantic-layer/warehouse/accounts.yaml' });
    expect((source.contents[0] as { text: string }).text).toContain('name: accounts');
    await expect(
      client.readResource({ uri: 'ktx://semantic-layer/warehouse/../../ktx.yaml' }),
    ).rejects.toThrow(/No semantic source file/);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toContain('ktx://wiki/{key}');
  });

  it('offers the analytics workflow prompt with the always-on wiki pages', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['analytics_workflow']);
    const prompt = await client.getPrompt({
      name: 'analytics_workflow',
      arguments: { question: 'MRR by segment?' },
    });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain('sl_query');
    expect(text).toContain('Exclude test accounts');
    expect(text).toContain('Question: MRR by segment?');
  });
});
