import type { CheckProvider } from '../status/types.js';

export const llmChecks: CheckProvider = {
  order: 30,
  async run(ctx) {
    if (!ctx.loaded)
      return [{ id: 'llm', label: 'LLM', status: 'skip', message: 'skipped (ktx.yaml is invalid)' }];
    const llm = ctx.loaded.config.llm;
    const backend = llm.provider.backend;
    if (backend === 'none') {
      return [
        {
          id: 'llm',
          label: 'LLM',
          status: 'skip',
          message: 'not configured (optional; the deterministic build works without one)',
          fix: 'Optionally add one: `ktx setup --llm-backend anthropic|vertex|gateway|claude-code|codex`',
        },
      ];
    }
    if (!llm.models.default) {
      return [
        {
          id: 'llm',
          label: 'LLM',
          status: 'fail',
          message: `llm.models.default is required for backend "${backend}"`,
          fix: `Set llm.models.default (e.g. \`ktx setup --llm-backend ${backend} --no-input\`).`,
        },
      ];
    }
    return [{ id: 'llm', label: 'LLM', status: 'ok', message: `LLM ready: yes (${llm.models.default})` }];
  },
};
