import { join } from 'node:path';
import { query, type SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import type { FakeCall, FakeReply } from '../support/fakes/fake-model.js';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';
import { createDemoProject } from '../support/mcp-project.js';

/**
 * The real Claude Code (through the Claude Agent SDK) in a project set up by
 * `ktx setup --agents --target claude-code`, and nothing else: it loads the written .mcp.json
 * and settings, starts `ktx mcp stdio`, and answers a question through the ktx tool. Only the
 * model is fake (a loopback Anthropic API that behaves like a model following the skill).
 */

const KEY = 'sk-ant-api03-claude-e2e-test-key-0001';
const TOOL = 'mcp__ktx__sl_query';

let project: { dir: string; cleanup(): void };
let home: { dir: string; cleanup(): void };
let fake: FakeLlmServer;
let customers: number;

/** A model that finds the ktx tool (through Claude Code's tool search when it is deferred), calls it, and reports. */
function model(call: FakeCall): FakeReply {
  const result = call.toolResults.find((r) => r.text.includes('customer_count'));
  if (result) {
    const answer = JSON.parse(result.text) as { rows: Array<{ customer_count: number | string }> };
    return {
      text: `There are ${answer.rows[0]!.customer_count} customers (ktx sl_query, accounts.customer_count).`,
    };
  }
  if (!/how many customers/i.test(call.lastUserText) && call.toolResults.length === 0) return { text: 'ok' };
  if (call.toolNames.includes(TOOL)) {
    return {
      toolCalls: [
        { name: TOOL, input: { measures: ['accounts.customer_count'], execute: true, max_rows: 10 } },
      ],
    };
  }
  if (call.toolNames.includes('ToolSearch')) {
    return { toolCalls: [{ name: 'ToolSearch', input: { query: `select:${TOOL}`, max_results: 1 } }] };
  }
  return { text: 'I cannot see the ktx tools.' };
}

beforeAll(async () => {
  project = await createDemoProject('ktx-claude-e2e-');
  home = makeTempDir('ktx-claude-home-');
  fake = await startFakeLlmServer({ anthropicKey: KEY, responder: model });
  const db = new Database(join(project.dir, 'data', 'orbital.sqlite'), { readonly: true });
  customers = (
    db.prepare('select count(*) as n from accounts where not is_test and deleted_at is null').get() as {
      n: number;
    }
  ).n;
  db.close();
}, 180_000);
afterAll(async () => {
  await fake?.close();
  project.cleanup();
  home.cleanup();
});

describe('Claude Code, configured by ktx setup --agents', () => {
  it('calls the ktx MCP server from the written .mcp.json and answers right', async () => {
    const setup = await runKtx(
      ['--project-dir', project.dir, 'setup', '--agents', '--target', 'claude-code', '--no-input'],
      {
        env: cleanEnv({ HOME: home.dir }),
      },
    );
    expect(setup.code, setup.stderr).toBe(0);

    const messages: SDKMessage[] = [];
    const stderr: string[] = [];
    for await (const message of query({
      prompt: 'How many customers do we have? Use ktx.',
      options: {
        cwd: project.dir,
        model: 'claude-sonnet-4-6',
        maxTurns: 6,
        // What the `claude` CLI reads in a project: its .mcp.json and .claude/ settings.
        settingSources: ['project', 'local'],
        env: {
          HOME: home.dir,
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          ANTHROPIC_BASE_URL: fake.anthropicBaseUrl.replace(/\/v1$/, ''),
          ANTHROPIC_API_KEY: KEY,
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_AUTOUPDATER: '1',
        },
        stderr: (data) => stderr.push(data),
      },
    })) {
      messages.push(message);
    }
    const init = messages.find((m) => m.type === 'system' && m.subtype === 'init') as
      | { mcp_servers: Array<{ name: string; status: string; source?: string }> }
      | undefined;
    // Claude Code connects MCP servers in the background: on a busy machine ktx may still be
    // starting when the session begins. The tool call below proves the connection.
    expect(init?.mcp_servers).toContainEqual(
      expect.objectContaining({
        name: 'ktx',
        source: 'project',
        status: expect.stringMatching(/^(connected|pending)$/),
      }),
    );
    const uses = messages.flatMap((m) =>
      m.type === 'assistant' ? m.message.content.filter((block) => block.type === 'tool_use') : [],
    ) as Array<{ name: string }>;
    expect(uses.map((use) => use.name)).toContain(TOOL);
    const result = messages.find((m) => m.type === 'result') as
      | { subtype: string; result?: string }
      | undefined;
    expect(result?.subtype, stderr.join('').slice(-2000)).toBe('success');
    expect(result?.result).toContain(`There are ${customers} customers`);
    // Like a real model, it found the deferred ktx tool through Claude Code's tool search first.
    expect(uses[0]?.name).toBe('ToolSearch');
    // The skill ktx wrote is offered to the model.
    expect(JSON.stringify(fake.calls('anthropic').map((c) => c.body))).toContain(
      '- ktx: Answer questions about the orbital-demo data',
    );
  });
});
