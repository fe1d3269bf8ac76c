import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Codex, type ThreadItem } from '@openai/codex-sdk';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexTestEnv, codexTestProvider, OPENAI_KEY } from '../llm/contract/harness.js';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import type { FakeCall, FakeReply } from '../support/fakes/fake-model.js';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';
import { createDemoProject } from '../support/mcp-project.js';

/**
 * The real Codex binary (from @openai/codex-sdk) in a project set up by
 * `ktx setup --agents --target codex`: the only configuration is what ktx wrote (.codex/config.toml
 * and the skill), plus, for the test, a fake model provider and — in project scope — the trust
 * entry Codex records when the user trusts the folder. Codex starts `ktx mcp stdio`, runs the
 * ktx tool (auto-approved because it is annotated read-only) and answers right.
 */

let project: { dir: string; cleanup(): void };
let fake: FakeLlmServer;
let customers: number;

/**
 * What the model does, in order: ask for the ktx tool by its MCP name (Codex defers MCP tools,
 * so the fake first runs Codex's tool_search for it, as a real model would), then report the
 * number the tool returned.
 */
function scriptModel(): void {
  fake.model.script(
    {
      toolCalls: [
        { name: 'sl_query', input: { measures: ['accounts.customer_count'], execute: true, max_rows: 10 } },
      ],
    },
    (call: FakeCall): FakeReply => {
      const result = call.toolResults.find((r) => r.text.includes('customer_count'));
      if (!result) return { text: `no ktx result: ${JSON.stringify(call.toolResults)}` };
      const answer = JSON.parse(result.text) as { rows: Array<{ customer_count: number | string }> };
      return {
        text: `There are ${answer.rows[0]!.customer_count} customers (ktx sl_query, accounts.customer_count).`,
      };
    },
  );
}

beforeAll(async () => {
  project = await createDemoProject('ktx-codex-e2e-');
  fake = await startFakeLlmServer({ openaiKey: OPENAI_KEY, toolSearch: true });
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
});

async function ask(env: Record<string, string>): Promise<{ items: ThreadItem[]; answer: string }> {
  scriptModel();
  const codex = new Codex({ env, config: codexTestProvider(fake, 0) as never });
  const thread = codex.startThread({
    model: 'gpt-5.5',
    workingDirectory: project.dir,
    skipGitRepoCheck: true,
    sandboxMode: 'read-only',
    approvalPolicy: 'never',
  });
  const turn = await thread.run('How many customers do we have? Use ktx.');
  return { items: turn.items, answer: turn.finalResponse };
}

function expectKtxCall(items: ThreadItem[]): void {
  const calls = items.filter((item) => item.type === 'mcp_tool_call') as Array<
    ThreadItem & { server: string; tool: string; status: string; error?: { message: string } }
  >;
  expect(calls, JSON.stringify(items)).toHaveLength(1);
  expect(calls[0]).toMatchObject({ server: 'ktx', tool: 'sl_query', status: 'completed' });
}

describe('Codex, configured by ktx setup --agents', () => {
  it('project scope: reads .codex/config.toml and the .agents skill, calls ktx and answers right', async () => {
    const home = makeTempDir('ktx-codex-home-');
    try {
      const setup = await runKtx(
        ['--project-dir', project.dir, 'setup', '--agents', '--target', 'codex', '--no-input'],
        {
          env: cleanEnv({ HOME: home.dir }),
        },
      );
      expect(setup.code, setup.stderr).toBe(0);
      expect(readFileSync(join(project.dir, '.codex', 'config.toml'), 'utf8')).toContain('[mcp_servers.ktx]');
      // What Codex writes when the user answers "trust this folder".
      const codexHome = join(home.dir, '.codex');
      mkdirSync(codexHome, { recursive: true });
      writeFileSync(
        join(codexHome, 'config.toml'),
        `[projects.${JSON.stringify(project.dir)}]\ntrust_level = "trusted"\n`,
      );
      const { items, answer } = await ask({ ...codexTestEnv(home.dir), CODEX_HOME: codexHome });
      expectKtxCall(items);
      expect(answer).toContain(`There are ${customers} customers`);
      // Codex deferred the ktx tools; the model found sl_query through tool_search first.
      expect(JSON.stringify(fake.calls('openai')[1]?.body)).toContain('"tool_search_output"');
      const developer = JSON.stringify(fake.calls('openai').map((call) => call.body));
      expect(developer).toContain('Answer questions about the orbital-demo data');
    } finally {
      await runKtx(['--project-dir', project.dir, 'agents', 'remove'], { env: cleanEnv({ HOME: home.dir }) });
      home.cleanup();
    }
  });

  it('global scope: ~/.codex/config.toml alone is enough, from any folder', async () => {
    const home = makeTempDir('ktx-codex-home-');
    try {
      const env = cleanEnv({ HOME: home.dir, CODEX_HOME: undefined });
      const setup = await runKtx(
        ['--project-dir', project.dir, 'setup', '--agents', '--target', 'codex', '--global', '--no-input'],
        { env },
      );
      expect(setup.code, setup.stderr).toBe(0);
      const { items, answer } = await ask({
        ...codexTestEnv(home.dir),
        CODEX_HOME: join(home.dir, '.codex'),
      });
      expectKtxCall(items);
      expect(answer).toContain(`There are ${customers} customers`);
      await runKtx(['--project-dir', project.dir, 'agents', 'remove'], { env });
    } finally {
      home.cleanup();
    }
  });
});
