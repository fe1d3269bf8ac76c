import { describe, expect, it } from 'vitest';
import { llmSchema } from '../../project/config/schema.js';
import { applyPlanInMemory, planLlmSetup } from './plan.js';

const empty = llmSchema.parse({});
const value = (plan: ReturnType<typeof planLlmSetup>, path: string) =>
  plan.edits.find((e) => e.path.join('.') === path)?.value;

describe('planLlmSetup', () => {
  it('writes a per-role preset for the backend', () => {
    const plan = planLlmSetup({ backend: 'anthropic' }, empty, { ANTHROPIC_API_KEY: 'set' });
    expect(plan.models).toEqual({
      default: 'claude-sonnet-4-6',
      triage: 'claude-haiku-4-5',
      candidateExtraction: 'claude-sonnet-4-6',
      curator: 'claude-opus-4-7',
      reconcile: 'claude-opus-4-7',
      repair: 'claude-haiku-4-5',
    });
    expect(value(plan, 'llm.provider.backend')).toBe('anthropic');
    expect(value(plan, 'llm.promptCaching.enabled')).toBe(true);
    expect(plan.notes).toContain('The key is read from ANTHROPIC_API_KEY at run time.');
  });

  it('uses gateway ids on the gateway and validates their shape', () => {
    expect(planLlmSetup({ backend: 'gateway' }, empty, {}).models.default).toBe(
      'anthropic/claude-sonnet-4-6',
    );
    expect(() => planLlmSetup({ backend: 'gateway', model: 'claude-sonnet-4-6' }, empty, {})).toThrow(
      /not an AI Gateway model id/,
    );
  });

  it('--llm-model replaces the main model in default and the roles that shared it', () => {
    const plan = planLlmSetup({ backend: 'anthropic', model: 'claude-opus-4-7' }, empty, {});
    expect(plan.models).toMatchObject({
      default: 'claude-opus-4-7',
      candidateExtraction: 'claude-opus-4-7',
      triage: 'claude-haiku-4-5',
    });
    expect(planLlmSetup({ backend: 'anthropic', model: 'claude-sonnet-5-0' }, empty, {}).notes[0]).toContain(
      'not in ktx',
    );
    expect(() => planLlmSetup({ backend: 'anthropic', model: 'has spaces' }, empty, {})).toThrow(
      /not a model id/,
    );
  });

  it('refuses an unknown backend with suggestions, and flags that belong to another backend', () => {
    expect(() => planLlmSetup({ backend: 'antropic' }, empty, {})).toThrow(/Did you mean "anthropic"/);
    expect(() =>
      planLlmSetup({ backend: 'vertex', anthropicKeyEnv: 'K', vertexProject: 'p' }, empty, {}),
    ).toThrow(/only applies to --llm-backend anthropic/);
    expect(() => planLlmSetup({ backend: 'anthropic', vertexProject: 'p' }, empty, {})).toThrow(
      /only apply to --llm-backend vertex/,
    );
    expect(() => planLlmSetup({ backend: 'anthropic', anthropicKeyEnv: 'not a name' }, empty, {})).toThrow(
      /not an environment variable name/,
    );
  });

  it('writes the key reference and warns when the variable is not set here', () => {
    const plan = planLlmSetup({ backend: 'anthropic', anthropicKeyEnv: 'TEAM_ANTHROPIC_KEY' }, empty, {});
    expect(value(plan, 'llm.provider.anthropic.api_key')).toBe('env:TEAM_ANTHROPIC_KEY');
    expect(plan.notes[0]).toContain('TEAM_ANTHROPIC_KEY is not set');
  });

  it('needs a Vertex project (flag, existing config or GOOGLE_VERTEX_PROJECT) and defaults the region', () => {
    expect(() => planLlmSetup({ backend: 'vertex' }, empty, {})).toThrow(/--vertex-project/);
    const plan = planLlmSetup({ backend: 'vertex' }, empty, { GOOGLE_VERTEX_PROJECT: 'acme' });
    expect(value(plan, 'llm.provider.vertex.project')).toBe('env:GOOGLE_VERTEX_PROJECT');
    expect(value(plan, 'llm.provider.vertex.location')).toBe('us-east5');
    expect(value(plan, 'llm.promptCaching.vertexFallbackTo5m')).toBe(true);
  });

  it('keeps existing caching choices and other provider blocks', () => {
    const current = llmSchema.parse({
      provider: { backend: 'anthropic', anthropic: { api_key: 'env:K' }, gateway: { api_key: 'env:G' } },
      promptCaching: { enabled: false, vertexFallbackTo5m: false },
    });
    const plan = planLlmSetup(
      { backend: 'vertex', vertexProject: 'p', vertexLocation: 'europe-west1' },
      current,
      {},
    );
    expect(value(plan, 'llm.promptCaching.enabled')).toBeUndefined();
    expect(value(plan, 'llm.promptCaching.vertexFallbackTo5m')).toBeUndefined();
    const after = llmSchema.parse(applyPlanInMemory(current, plan));
    expect(after.provider).toMatchObject({
      backend: 'vertex',
      anthropic: { api_key: 'env:K' },
      gateway: { api_key: 'env:G' },
      vertex: { project: 'p', location: 'europe-west1' },
    });
  });
});
