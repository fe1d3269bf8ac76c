import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmSchema } from '../../project/config/schema.js';
import type { ProbeResult } from '../probe.js';
import { type Prompter, runInteractiveLlmSetup } from './interactive.js';

/** A Prompter that plays back answers in order and records every question. */
function scripted(answers: unknown[]) {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`no scripted answer for: ${message}`);
    return answers.shift();
  };
  const prompter: Prompter = {
    select: async (message, choices) => {
      const answer = next(message);
      if (!choices.some((c) => c.value === answer))
        throw new Error(`${String(answer)} is not offered for: ${message}`);
      return answer as never;
    },
    text: async (message, options) => {
      const answer = String(next(message));
      const problem = options?.validate?.(answer);
      if (problem) throw new Error(problem);
      return answer;
    },
    password: async (message) => String(next(message)),
    confirm: async (message) => Boolean(next(message)),
    note: (message) => asked.push(`note: ${message}`),
    spinner: () => ({ start: (m) => asked.push(`spin: ${m}`), stop: (m) => asked.push(`done: ${m}`) }),
  };
  return { prompter, asked };
}

const ok: ProbeResult = { ok: true, backend: 'anthropic', model: 'claude-sonnet-4-6', latencyMs: 12 };
const denied: ProbeResult = {
  ok: false,
  backend: 'anthropic',
  model: 'claude-sonnet-4-6',
  latencyMs: 5,
  error: {
    category: 'auth',
    code: 'llm_auth',
    message: 'x',
    providerMessage: 'invalid x-api-key',
    hint: 'Check the Anthropic API key',
  },
};

describe('interactive LLM setup', () => {
  it('offers the backends, a curated model list, the key source, then tests before saving', async () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'ktx-setup-'));
    const { prompter, asked } = scripted([
      'anthropic',
      'claude-opus-4-7',
      'paste',
      'sk-ant-pasted-key-000000000000',
      true,
    ]);
    const outcome = await runInteractiveLlmSetup(prompter, {
      projectDir,
      current: llmSchema.parse({}),
      env: {},
      probe: async () => ok,
    });
    expect(outcome.kind).toBe('save');
    if (outcome.kind !== 'save') return;
    expect(outcome.plan.models.default).toBe('claude-opus-4-7');
    const ref = outcome.plan.edits.find((e) => e.path.join('.') === 'llm.provider.anthropic.api_key')?.value;
    expect(ref).toBe('file:.ktx/secrets/anthropic-api-key');
    const secret = join(projectDir, '.ktx/secrets/anthropic-api-key');
    expect(readFileSync(secret, 'utf8').trim()).toBe('sk-ant-pasted-key-000000000000');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(asked[0]).toBe('Which LLM should ktx use?');
    expect(asked.some((line) => line.startsWith('done: LLM ready: yes'))).toBe(true);
    expect(asked.join('\n')).not.toContain('sk-ant-pasted-key');
  });

  it('accepts a typed model id, and lets the user change settings after a failed test', async () => {
    const { prompter, asked } = scripted([
      'gateway',
      '__other__',
      'anthropic/claude-sonnet-4-5',
      'env',
      true,
      'retry',
      'vertex',
      'claude-sonnet-4-6',
      'acme-ml',
      'europe-west1',
      false,
    ]);
    let probes = 0;
    const outcome = await runInteractiveLlmSetup(prompter, {
      projectDir: '/tmp',
      current: llmSchema.parse({}),
      env: {},
      probe: async () => (probes++ === 0 ? denied : ok),
    });
    expect(
      asked.some((line) => line.includes('LLM check failed: authentication failed: invalid x-api-key')),
    ).toBe(true);
    expect(asked).toContain('note: fix: Check the Anthropic API key');
    expect(outcome.kind === 'save' && outcome.plan.backend).toBe('vertex');
    expect(outcome.kind === 'save' && outcome.probe).toBeUndefined();
  });

  it('writes nothing when cancelled after a failed test', async () => {
    const { prompter } = scripted(['anthropic', 'claude-sonnet-4-6', 'env', true, 'cancel']);
    const outcome = await runInteractiveLlmSetup(prompter, {
      projectDir: '/tmp',
      current: llmSchema.parse({}),
      env: {},
      probe: async () => denied,
    });
    expect(outcome).toEqual({ kind: 'cancel' });
  });
});
