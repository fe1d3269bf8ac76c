import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DebugLog } from '../../src/llm/debug-log.js';
import type { AgentStep } from '../../src/llm/types.js';
import { defineTool } from '../../src/mcp/registry.js';
import { type ContractHarness, codexHarness, contractTools } from './contract/harness.js';

/**
 * What only the codex backend has to prove, through the real Codex binary against the fake
 * Responses API: the shape of what Codex is allowed to do, the run-scoped loopback MCP server's
 * lifetime, Codex's deferred tool discovery, built-in actions counted as steps, and a tool of
 * the user's own Codex configuration stopping the run.
 */

let h: ContractHarness;
beforeEach(async () => {
  h = await codexHarness();
});
afterEach(() => h.close());

function recorder() {
  const records: Array<{ kind: string; data: Record<string, unknown> }> = [];
  const debug: DebugLog = { path: '(memory)', record: (kind, data) => records.push({ kind, data }) };
  const urls = () => records.filter((r) => r.kind === 'codex.mcp.started').map((r) => String(r.data.url));
  const closed = () => records.filter((r) => r.kind === 'codex.mcp.closed').map((r) => String(r.data.url));
  return { debug, records, urls, closed };
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

describe('codex backend', () => {
  it('sends ktx instructions instead of Codex’s own, and offers no shell, web search or other built-ins', async () => {
    const runtime = await h.runtime();
    await runtime.generateText({ system: ['You describe tables.', 'Be brief.'], prompt: 'Describe orders.' });
    const call = h.fake.model.calls[0]!;
    expect(call.systemText).toBe('You describe tables.\n\nBe brief.');
    expect(call.lastUserText).toBe('Describe orders.');
    expect(JSON.stringify(call.request)).not.toContain('You are Codex');
    const offered = (
      (h.fake.calls()[0]!.body as { tools?: Array<{ name?: string; type: string }> }).tools ?? []
    ).map((tool) => tool.name ?? tool.type);
    for (const builtIn of ['exec_command', 'shell', 'web_search', 'view_image', 'spawn_agent', 'create_goal'])
      expect(offered).not.toContain(builtIn);
    expect((h.fake.calls()[0]!.body as { store?: boolean }).store).toBe(false);
  });

  it('tears the loopback MCP server down after a run that succeeds, fails, or is aborted', async () => {
    const { lookup } = contractTools();
    const rec = recorder();
    const runtime = await h.runtime({}, { debug: rec.debug });

    h.fake.model.script({ toolCalls: [{ name: 'lookup', input: { term: 'a' } }] }, { text: 'done' });
    const ok = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
    expect(ok).toMatchObject({ stopReason: 'natural', toolCalls: 1 });

    h.fake.model.script(
      { toolCalls: [{ name: 'lookup', input: { term: 'b' } }] },
      { status: 400, message: 'bad request' },
    );
    const failed = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
    expect(failed.stopReason).toBe('error');

    const controller = new AbortController();
    h.fake.model.script({ toolCalls: [{ name: 'lookup', input: { term: 'c' } }] }, { hang: true });
    const aborted = await runtime.runAgent({
      system: 's',
      prompt: 'p',
      tools: [lookup],
      stepBudget: 5,
      signal: controller.signal,
      onStep: () => setTimeout(() => controller.abort(), 50),
    });
    expect(aborted.stopReason).toBe('aborted');

    expect(rec.urls()).toHaveLength(3);
    expect(rec.closed()).toEqual(rec.urls());
    for (const url of rec.urls()) expect(await refused(url), url).toBe(true);
    // The bearer token never reaches the debug log.
    expect(JSON.stringify(rec.records)).not.toMatch(/KTX_RUN_MCP_TOKEN=|Bearer [0-9a-f]{64}/);
  });

  it('finds deferred ktx tools through Codex’s tool_search and runs them', async () => {
    await h.close();
    h = await codexHarness({ toolSearch: true });
    const log: string[] = [];
    const { lookup, count } = contractTools(log);
    h.fake.model.script(
      { toolCalls: [{ name: 'count_rows', input: { table: 'orders' } }] },
      { text: 'orders has 42 rows' },
    );
    const runtime = await h.runtime();
    const result = await runtime.runAgent({
      system: 's',
      prompt: 'p',
      tools: [lookup, count],
      stepBudget: 5,
    });
    expect(result).toMatchObject({
      stopReason: 'natural',
      steps: 1,
      toolCalls: 1,
      text: 'orders has 42 rows',
    });
    expect(log).toEqual(['count:orders']);
    const inputs = h.fake.calls().map((call) => JSON.stringify((call.body as { input: unknown }).input));
    expect(inputs[1]).toContain('"tool_search_output"');
    expect(inputs[1]).toContain('"mcp__ktx_run"');
  });

  it('counts every completed command execution as a step, live, and stops at the budget on them', async () => {
    // Codex's shell is off in ktx; a user's Codex may still offer one, which this re-enables.
    await h.close();
    h = await codexHarness({}, { features: { shell_tool: true, unified_exec: true } });
    const { lookup } = contractTools();
    h.fake.model.script(
      { toolCalls: [{ name: 'exec_command', input: { cmd: 'echo one' } }] },
      { toolCalls: [{ name: 'exec_command', input: { cmd: 'ls /nonexistent' } }] },
      { toolCalls: [{ name: 'exec_command', input: { cmd: 'echo three' } }] },
      { text: 'never reached' },
    );
    const runtime = await h.runtime();
    const steps: Array<AgentStep & { requests: number }> = [];
    const result = await runtime.runAgent({
      system: 's',
      prompt: 'p',
      tools: [lookup],
      stepBudget: 2,
      onStep: (step) => steps.push({ ...step, requests: h.fake.model.calls.length }),
    });
    expect(result).toMatchObject({ stopReason: 'budget', steps: 2, toolCalls: 0, toolFailures: 0 });
    expect(steps.map((step) => [step.kind, step.name, step.ok])).toEqual([
      ['action', 'command_execution', true],
      ['action', 'command_execution', false],
    ]);
    // Step 1 was reported while Codex was still working, before its next model request.
    expect(steps[0]!.requests).toBe(1);
    expect(h.fake.model.calls).toHaveLength(2);
  });

  it('gives Codex an allow-listed environment: what a command inside Codex sees', async () => {
    await h.close();
    h = await codexHarness({}, { features: { shell_tool: true, unified_exec: true } });
    const rec = recorder();
    const runtime = await h.runtime(
      {},
      {
        debug: rec.debug,
        // The environment ktx runs in: canaries that are not on the allow-list, and one that is.
        env: {
          KTX_E2E_CANARY: 'must-not-reach-codex',
          DATABASE_URL: 'postgres://secret@db/prod',
          LANG: 'C.UTF-8',
        },
      },
    );
    h.fake.model.script({ toolCalls: [{ name: 'exec_command', input: { cmd: 'env' } }] }, { text: 'done' });
    await runtime.runAgent({ system: 's', prompt: 'p', tools: [contractTools().lookup], stepBudget: 3 });
    const output = rec.records
      .filter(
        (r) => r.kind === 'codex.event' && (r.data.item as { type?: string })?.type === 'command_execution',
      )
      .map((r) => String((r.data.item as { aggregated_output?: string }).aggregated_output ?? ''))
      .join('\n');
    expect(output).toContain('LANG=C.UTF-8');
    expect(output).not.toContain('KTX_E2E_CANARY');
    expect(output).not.toContain('postgres://secret');
  });

  it('stops the run when the model calls a tool of an MCP server from the user’s Codex config', async () => {
    const user = defineTool({
      name: 'create_issue',
      description: 'Create a GitHub issue.',
      inputSchema: z.object({ title: z.string() }),
      annotations: {},
      async handler({ title }) {
        return `created ${title}`;
      },
    });
    // A second MCP server, configured in CODEX_HOME/config.toml the way a user would.
    const { AgentRunSession } = await import('../../src/llm/agent-session.js');
    const { startLoopbackMcp } = await import('../../src/llm/backends/codex/loopback-mcp.js');
    const userServer = await startLoopbackMcp(new AgentRunSession({ tools: [user], stepBudget: 5 }), {
      name: 'github',
    });
    try {
      await h.close();
      h = await codexHarness(
        { toolSearch: true },
        {},
        (home) =>
          writeFileSync(
            join(home, 'config.toml'),
            `[mcp_servers.github]\nurl = "${userServer.url}"\nbearer_token_env_var = "USER_GITHUB_TOKEN"\ndefault_tools_approval_mode = "approve"\n`,
          ),
        { USER_GITHUB_TOKEN: userServer.token },
      );
      const { lookup } = contractTools();
      h.fake.model.script(
        { toolCalls: [{ name: 'create_issue', input: { title: 'pwned' } }] },
        { text: 'done' },
      );
      const runtime = await h.runtime();
      const result = await runtime.runAgent({ system: 's', prompt: 'p', tools: [lookup], stepBudget: 5 });
      expect(result.stopReason).toBe('error');
      expect(result.error).toMatchObject({ category: 'tool_failed' });
      expect(result.error!.message).toContain('github/create_issue');
      expect(result.error!.hint).toContain('claude-code');
    } finally {
      await userServer.close();
    }
  });
});
