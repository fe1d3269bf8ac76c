import { afterEach, describe, expect, it } from 'vitest';
import { describeProbeFailure, probeLlm } from '../../src/llm/probe.js';
import { llmSchema } from '../../src/project/config/schema.js';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';
import {
  ANTHROPIC_KEY,
  claudeCodeTestEnv,
  codexTestEnv,
  codexTestProvider,
  OPENAI_KEY,
  tempHome,
} from './contract/harness.js';

/**
 * `ktx status --probe` and `ktx setup --probe` on the local-agent backends: one isolated,
 * time-boxed turn without tools through the real binary, and a failure that says which of
 * "not signed in", "this account cannot use that model" and "that is not a model id" it is,
 * with the provider's own message and the matching fix.
 */

let fake: FakeLlmServer | undefined;
let home: ReturnType<typeof tempHome> | undefined;
afterEach(async () => {
  await fake?.close();
  home?.remove();
  fake = undefined;
  home = undefined;
});

const llm = (backend: string, model: string) =>
  llmSchema.parse({ provider: { backend }, models: { default: model } });

async function claudeProbe(
  model: string,
  options: { key?: string; models?: string[]; timeoutMs?: number } = {},
) {
  fake = await startFakeLlmServer({ anthropicKey: ANTHROPIC_KEY, models: options.models });
  home = tempHome('ktx-probe-claude-');
  const env = { ...claudeCodeTestEnv(home.dir, fake), ANTHROPIC_API_KEY: options.key ?? ANTHROPIC_KEY };
  return probeLlm(home.dir, llm('claude-code', model), {
    env: {},
    overrides: { agentEnv: env },
    timeoutMs: options.timeoutMs,
  });
}

async function codexProbe(model: string, options: { key?: string; models?: string[] } = {}) {
  fake = await startFakeLlmServer({ openaiKey: OPENAI_KEY, models: options.models });
  home = tempHome('ktx-probe-codex-');
  const env = { ...codexTestEnv(home.dir), KTX_FAKE_OPENAI_KEY: options.key ?? OPENAI_KEY };
  return probeLlm(home.dir, llm('codex', model), {
    env: {},
    overrides: { agentEnv: env, codexConfig: codexTestProvider(fake) },
  });
}

describe('probing claude-code', () => {
  it('answers with one isolated turn: no tools, one token, no retry', async () => {
    const result = await claudeProbe('sonnet');
    expect(result).toMatchObject({ ok: true, backend: 'claude-code', model: 'sonnet' });
    expect(fake!.calls()).toHaveLength(1);
    expect(fake!.model.calls[0]!.toolNames).toEqual([]);
    expect((fake!.calls()[0]!.body as { max_tokens: number }).max_tokens).toBe(1);
  });

  it('reports a refused sign-in as authentication, with the sign-in fix', async () => {
    const result = await claudeProbe('sonnet', { key: 'sk-ant-wrong' });
    expect(result.error).toMatchObject({ category: 'auth' });
    expect(describeProbeFailure(result)).toMatch(
      /^Claude Code is not signed in, or its sign-in was refused: Invalid API key/,
    );
    expect(result.error!.hint).toContain('/login');
  });

  it('reports a model the account cannot use as such, steering to llm.models.default', async () => {
    const result = await claudeProbe('opus', { models: ['claude-sonnet-4-6'] });
    expect(result.error).toMatchObject({ category: 'model_unavailable', status: 404 });
    expect(describeProbeFailure(result)).toMatch(
      /^Claude Code is signed in, but model opus is not available to this account: /,
    );
    expect(result.error!.hint).toContain('llm.models.default');
  });

  it('reports an id that is not a Claude model as a configuration problem, without starting Claude Code', async () => {
    const result = await claudeProbe('gpt-5.5');
    expect(result.error).toMatchObject({ category: 'config', code: 'llm_model_invalid' });
    expect(result.error!.message).toContain('llm.models.default: "gpt-5.5" is not a claude-code model');
    expect(result.error!.hint).toContain('ktx config set llm.models.default');
    expect(fake!.calls()).toHaveLength(0);
  });

  it('is time-boxed', async () => {
    fake = await startFakeLlmServer({ anthropicKey: ANTHROPIC_KEY });
    fake.model.script({ hang: true });
    home = tempHome('ktx-probe-claude-');
    const started = Date.now();
    const result = await probeLlm(home.dir, llm('claude-code', 'sonnet'), {
      env: {},
      overrides: { agentEnv: claudeCodeTestEnv(home.dir, fake) },
      timeoutMs: 3_000,
    });
    expect(result.error).toMatchObject({ category: 'transport' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('probing codex', () => {
  it('answers with one isolated turn and no ktx tools', async () => {
    const result = await codexProbe('codex');
    expect(result).toMatchObject({ ok: true, backend: 'codex', model: 'codex' });
    expect(fake!.calls()).toHaveLength(1);
    expect(fake!.calls()[0]!.body).toMatchObject({ model: 'gpt-5.5' });
    expect(JSON.stringify(fake!.calls()[0]!.body)).not.toContain('mcp__');
  });

  it('reports a refused key as authentication, with the provider message', async () => {
    const result = await codexProbe('gpt-5.5', { key: 'sk-wrong' });
    expect(result.error).toMatchObject({ category: 'auth', status: 401 });
    expect(describeProbeFailure(result)).toBe(
      'Codex is not signed in, or its sign-in was refused: Incorrect API key provided.',
    );
    expect(result.error!.hint).toContain('codex login');
  });

  it('unwraps "model not available" from the event stream although Codex exits non-zero, and steers to llm.models.default', async () => {
    const result = await codexProbe('gpt-5.3-codex', { models: ['gpt-5.5'] });
    expect(result.error).toMatchObject({ category: 'model_unavailable', status: 404 });
    expect(describeProbeFailure(result)).toBe(
      'Codex is signed in, but model gpt-5.3-codex is not available to this account: The model `gpt-5.3-codex` does not exist or you do not have access to it.',
    );
    expect(result.error!.providerMessage).not.toContain('exited with code');
    expect(result.error!.hint).toContain('llm.models.default');
    expect(result.error!.hint).toContain('gpt-5.5 works with a ChatGPT sign-in');
  });

  it('tells a ChatGPT account that cannot use an API-key-only model apart from a sign-in problem', async () => {
    fake = await startFakeLlmServer({ openaiKey: OPENAI_KEY });
    fake.model.script({
      status: 400,
      message: "The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account.",
    });
    home = tempHome('ktx-probe-codex-');
    const result = await probeLlm(home.dir, llm('codex', 'gpt-5.3-codex'), {
      env: {},
      overrides: { agentEnv: codexTestEnv(home.dir), codexConfig: codexTestProvider(fake) },
    });
    expect(result.error).toMatchObject({ category: 'model_unavailable' });
    expect(result.error!.providerMessage).toBe(
      "The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account.",
    );
  });

  it('reports an id that is not a Codex model as a configuration problem', async () => {
    const result = await codexProbe('sonnet');
    expect(result.error).toMatchObject({ category: 'config', code: 'llm_model_invalid' });
    expect(result.error!.message).toContain(
      '(accepted: codex or default (both mean gpt-5.5), or a gpt-* / codex-* model id)',
    );
    expect(fake!.calls()).toHaveLength(0);
  });

  it('says at once that Codex has no sign-in, instead of waiting for it to give up reconnecting', async () => {
    home = tempHome('ktx-probe-codex-');
    const started = Date.now();
    const result = await probeLlm(home.dir, llm('codex', 'gpt-5.5'), {
      env: { HOME: home.dir, PATH: process.env.PATH },
    });
    expect(result.error).toMatchObject({ category: 'auth' });
    expect(result.error!.providerMessage).toContain('no Codex sign-in found');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
