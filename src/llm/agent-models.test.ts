import { describe, expect, it } from 'vitest';
import {
  claudeCodeModelProblem,
  codexModelProblem,
  resolveClaudeCodeModel,
  resolveCodexModel,
} from './agent-models.js';

describe('claude-code model ids', () => {
  it('maps the aliases to ktx defaults and passes full Claude ids through', () => {
    expect(resolveClaudeCodeModel('sonnet')).toBe('claude-sonnet-4-6');
    expect(resolveClaudeCodeModel(' Opus ')).toBe('claude-opus-4-7');
    expect(resolveClaudeCodeModel('haiku')).toBe('claude-haiku-4-5');
    for (const id of [
      'claude-sonnet-4-6',
      'claude-sonnet-4-5-20250929',
      'claude-3-5-haiku-20241022',
      'claude-opus-4-7[1m]',
    ]) {
      expect(claudeCodeModelProblem(id)).toBeUndefined();
      expect(resolveClaudeCodeModel(id)).toBe(id);
    }
  });

  it('refuses anything else, listing what is accepted', () => {
    for (const id of ['gpt-5.5', 'codex', '', 'anthropic/claude-sonnet-4-6', 'claude sonnet', 'opus-4']) {
      const problem = claudeCodeModelProblem(id);
      expect(problem, id).toContain('sonnet, opus, haiku, or a full Claude model id');
    }
  });
});

describe('codex model ids', () => {
  it('maps codex and default to gpt-5.5 and accepts gpt-* and codex-* ids', () => {
    expect(resolveCodexModel('codex')).toBe('gpt-5.5');
    expect(resolveCodexModel('default')).toBe('gpt-5.5');
    for (const id of ['gpt-5.5', 'gpt-5.4-mini', 'gpt-5.3-codex', 'codex-mini-latest', 'GPT-5.4']) {
      expect(codexModelProblem(id), id).toBeUndefined();
      expect(resolveCodexModel(id)).toBe(id);
    }
  });

  it('refuses other ids, listing what is accepted', () => {
    for (const id of ['sonnet', 'claude-sonnet-4-6', 'o3', '', 'gpt', 'gpt 5']) {
      expect(codexModelProblem(id), id).toContain(
        'codex or default (both mean gpt-5.5), or a gpt-* / codex-* model id',
      );
    }
  });
});
