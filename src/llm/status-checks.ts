import { errorMessage, KtxError } from '../core/errors.js';
import { LLM_ROLES } from '../project/config/llm-names.js';
import type { CheckProvider, StatusCheck, StatusContext } from '../status/types.js';
import { availableBackends } from './backends/index.js';
import { resolveCachePolicy } from './caching.js';
import { backendDescriptor, describeModel, ignoredCachingFields } from './catalog.js';
import { type ResolvedLlmConfig, resolveLlmConfig } from './config.js';

/**
 * The LLM part of `ktx status` (one `llm` summary check) and `ktx doctor` (plus one check per
 * aspect: models, credentials, caching, limits, debug). Without --probe nothing leaves the
 * machine: the checks resolve the configuration exactly as a real call would.
 */

const SETUP_HINT =
  'Optionally add one: `ktx setup --llm-backend anthropic|vertex|gateway|claude-code|codex` (claude-code and codex use your local Claude Code or Codex sign-in)';

function failure(id: string, label: string, error: unknown): StatusCheck {
  if (KtxError.is(error)) return { id, label, status: 'fail', message: error.message, fix: error.hint };
  return {
    id,
    label,
    status: 'fail',
    message: errorMessage(error),
    fix: 'Rerun with --debug and report this as a ktx bug.',
  };
}

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
          fix: SETUP_HINT,
        },
      ];
    }
    if (!availableBackends().includes(backend)) {
      return [
        {
          id: 'llm',
          label: 'LLM',
          status: 'fail',
          message: `llm.provider.backend ${backend} is not available in this ktx version`,
          fix: `Use one of ${availableBackends().join(', ')} (\`ktx setup --llm-backend <backend>\`).`,
        },
      ];
    }
    let config: ResolvedLlmConfig;
    let model: string;
    try {
      config = resolveLlmConfig(llm, { projectDir: ctx.projectDir })!;
      model = config.modelFor('default');
      // Every role, not only default: a broken role would fail the run that uses it.
      for (const role of LLM_ROLES) config.modelFor(role);
      config.provider();
    } catch (error) {
      return [failure('llm', 'LLM', error)];
    }
    const caching = resolveCachePolicy(llm.promptCaching, config.backend);
    const ignored = ignoredCachingFields(llm.promptCaching, config.backend);
    const checks: StatusCheck[] = [await summary(ctx, config, model)];
    if (caching.warnings.length > 0 || ignored.length > 0 || ctx.detail) {
      const { cachingCheck } = await import('./status-details.js');
      checks.push(cachingCheck(config, caching, ignored));
    }
    const local = backendDescriptor(config.backend)?.localAgent;
    if (local) {
      const { isolationCheck } = await import('./status-details.js');
      checks.push(isolationCheck(config.backend, local.isolation));
    }
    if (ctx.detail) {
      const { detailChecks } = await import('./status-details.js');
      checks.push(...detailChecks(config));
    }
    return checks;
  },
};

async function summary(
  ctx: StatusContext,
  config: ResolvedLlmConfig,
  configured: string,
): Promise<StatusCheck> {
  const details = { backend: config.backend, model: configured };
  const model = describeModel(config.backend, configured);
  if (!ctx.probe)
    return { id: 'llm', label: 'LLM', status: 'ok', message: `LLM ready: yes (${model})`, details };
  const { probeLlm, describeProbeFailure } = await import('./probe.js');
  const result = await probeLlm(ctx.projectDir, config.raw);
  if (result.ok) {
    return {
      id: 'llm',
      label: 'LLM',
      status: 'ok',
      message: `LLM ready: yes (${model}) · live check answered in ${result.latencyMs} ms`,
      details: { ...details, probe: result },
    };
  }
  const busy = result.error?.category === 'rate_limited' || result.error?.category === 'overloaded';
  return {
    id: 'llm',
    label: 'LLM',
    status: busy ? 'warn' : 'fail',
    message: `LLM ready: no (${model}) · ${describeProbeFailure(result)}`,
    fix: result.error?.hint,
    details: { ...details, probe: result },
  };
}
