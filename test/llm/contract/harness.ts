import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { DebugLog } from '../../../src/llm/debug-log.js';
import { RateGovernor } from '../../../src/llm/governor.js';
import { createLlmRuntime, type LlmRuntime } from '../../../src/llm/runtime.js';
import type { BackendOverrides } from '../../../src/llm/types.js';
import { defineTool } from '../../../src/mcp/registry.js';
import type { LlmConfig } from '../../../src/project/config/schema.js';
import { llmSchema } from '../../../src/project/config/schema.js';
import type { Protocol } from '../../support/fakes/fake-model.js';
import {
  type FakeLlmServer,
  type FakeLlmServerOptions,
  startFakeLlmServer,
} from '../../support/fakes/llm-server.js';

/**
 * What the contract suite needs from a backend: a fake provider speaking its protocol and a
 * runtime configured (through a real ktx.yaml `llm` block) to talk to it. LLM layer II adds a
 * harness for claude-code and codex and runs the same suite.
 */
export interface ContractHarness {
  backend: string;
  protocol: Protocol;
  model: string;
  fake: FakeLlmServer;
  governor: RateGovernor;
  /** TTLs the backend sends with default settings (Vertex falls back to 5m). */
  defaultTtls: { tools: '5m' | '1h'; system: '5m' | '1h'; history: '5m' | '1h' };
  /** `env` is the environment ktx itself runs in (empty unless a test sets it). */
  runtime(
    llm?: Partial<LlmConfig>,
    options?: { debug?: DebugLog; env?: NodeJS.ProcessEnv },
  ): Promise<LlmRuntime>;
  close(): Promise<void>;
}

export type HarnessFactory = (options?: FakeLlmServerOptions) => Promise<ContractHarness>;

export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 5_000 };

function governor(): RateGovernor {
  return new RateGovernor({ maxConcurrency: 4, retry: FAST_RETRY });
}

function build(
  backend: string,
  protocol: Protocol,
  model: string,
  fake: FakeLlmServer,
  provider: Record<string, unknown>,
  overrides?: BackendOverrides,
  cleanup: () => void = () => {},
): ContractHarness {
  const gov = governor();
  const long = { tools: '1h', system: '1h', history: '5m' } as const;
  const short = { tools: '5m', system: '5m', history: '5m' } as const;
  return {
    backend,
    protocol,
    model,
    fake,
    governor: gov,
    defaultTtls: backend === 'vertex' ? short : long,
    async runtime(llm = {}, options = {}) {
      const config = llmSchema.parse({
        provider: { backend, ...provider },
        models: { default: model },
        retry: FAST_RETRY,
        ...llm,
      });
      return createLlmRuntime({
        projectDir: process.cwd(),
        llm: config,
        governor: gov,
        debug: options.debug ?? null,
        overrides,
        env: options.env ?? {},
      });
    },
    async close() {
      await fake.close();
      cleanup();
    },
  };
}

export const ANTHROPIC_KEY = 'sk-ant-api03-contract-test-key-0001';
export const GATEWAY_KEY = 'vck_contract_gateway_key_0001';
export const VERTEX_TOKEN = 'ya29.contract-vertex-token-0001';

export const anthropicHarness: HarnessFactory = async (options = {}) => {
  const fake = await startFakeLlmServer({ anthropicKey: ANTHROPIC_KEY, ...options });
  return build('anthropic', 'anthropic', 'claude-sonnet-4-6', fake, {
    anthropic: { api_key: ANTHROPIC_KEY, base_url: fake.anthropicBaseUrl },
  });
};

export const vertexHarness: HarnessFactory = async (options = {}) => {
  const fake = await startFakeLlmServer({ vertexToken: VERTEX_TOKEN, ...options });
  return build(
    'vertex',
    'vertex',
    'claude-sonnet-4-6',
    fake,
    { vertex: { project: 'fake-project', location: 'us-east5', base_url: fake.vertexBaseUrl } },
    { vertexAuthToken: async () => VERTEX_TOKEN },
  );
};

export const gatewayHarness: HarnessFactory = async (options = {}) => {
  const fake = await startFakeLlmServer({ gatewayKey: GATEWAY_KEY, ...options });
  return build('gateway', 'gateway', 'anthropic/claude-sonnet-4-6', fake, {
    gateway: { api_key: GATEWAY_KEY, base_url: fake.gatewayBaseUrl },
  });
};

/** A throwaway HOME for an agent host, so nothing of the user's (or another test's) is read or written. */
export function tempHome(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * claude-code through the real bundled Claude Code binary. The fake's base URL and key reach
 * the process only through the test seam (BackendOverrides.agentEnv), after ktx stripped the
 * provider-routing variables, which is exactly what product configuration cannot do.
 */
export const claudeCodeHarness: HarnessFactory = async (options = {}) => {
  const fake = await startFakeLlmServer({ anthropicKey: ANTHROPIC_KEY, ...options });
  const home = tempHome('ktx-claude-home-');
  return build(
    'claude-code',
    'anthropic',
    'claude-sonnet-4-6',
    fake,
    {},
    { agentEnv: claudeCodeTestEnv(home.dir, fake) },
    home.remove,
  );
};

export function claudeCodeTestEnv(home: string, fake: FakeLlmServer): Record<string, string> {
  return {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // Claude Code appends /v1/messages itself.
    ANTHROPIC_BASE_URL: fake.anthropicBaseUrl.replace(/\/v1$/, ''),
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
  };
}

export const OPENAI_KEY = 'sk-proj-contract-test-key-0001';
const FAKE_KEY_ENV = 'KTX_FAKE_OPENAI_KEY';

/**
 * codex through the real bundled Codex binary. Codex ignores OPENAI_BASE_URL, so the fake is
 * registered as a custom model provider (Responses over HTTP, no websockets) through the test
 * seam BackendOverrides.codexConfig; its key travels in a variable of the test's own.
 */
export async function codexHarness(
  options: FakeLlmServerOptions = {},
  extraConfig: Record<string, unknown> = {},
  prepareHome?: (home: string) => void,
  extraEnv: Record<string, string> = {},
): Promise<ContractHarness> {
  const fake = await startFakeLlmServer({ openaiKey: OPENAI_KEY, ...options });
  const home = tempHome('ktx-codex-home-');
  prepareHome?.(home.dir);
  return build(
    'codex',
    'openai',
    'gpt-5.5',
    fake,
    {},
    {
      agentEnv: { ...codexTestEnv(home.dir), ...extraEnv },
      codexConfig: { ...codexTestProvider(fake), ...extraConfig },
    },
    home.remove,
  );
}

export function codexTestEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    CODEX_HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    [FAKE_KEY_ENV]: OPENAI_KEY,
  };
}

export function codexTestProvider(
  fake: FakeLlmServer,
  retries = FAST_RETRY.maxAttempts - 1,
): Record<string, unknown> {
  return {
    model_provider: 'ktx_fake',
    model_providers: {
      ktx_fake: {
        name: 'ktx fake',
        base_url: fake.openaiBaseUrl,
        env_key: FAKE_KEY_ENV,
        wire_api: 'responses',
        supports_websockets: false,
        request_max_retries: retries,
        stream_max_retries: 0,
      },
    },
  };
}

/** Tools used by the agent-loop contract tests. */
export function contractTools(log: string[] = []) {
  const lookup = defineTool({
    name: 'lookup',
    description: 'Look up the definition of a business term.',
    inputSchema: z.object({ term: z.string() }),
    annotations: { readOnlyHint: true },
    async handler({ term }) {
      log.push(`lookup:${term}`);
      return { text: `${term} means revenue minus refunds` };
    },
  });
  const count = defineTool({
    name: 'count_rows',
    description: 'Count rows of a table.',
    inputSchema: z.object({ table: z.string() }),
    outputSchema: z.object({ rows: z.number() }),
    annotations: { readOnlyHint: true, idempotentHint: true },
    async handler({ table }) {
      log.push(`count:${table}`);
      return { text: `${table} has 42 rows`, structured: { rows: 42 } };
    },
  });
  const broken = defineTool({
    name: 'broken_tool',
    description: 'Always fails.',
    inputSchema: z.object({}),
    annotations: {},
    async handler() {
      log.push('broken');
      throw new Error('warehouse connection refused');
    },
  });
  return { lookup, count, broken };
}
