import { LLM_ROLES } from '../project/config/llm-names.js';
import type { StatusCheck } from '../status/types.js';
import type { CachePolicy } from './caching.js';
import { backendDescriptor, type IsolationReport, type PromptCachingField } from './catalog.js';
import type { ResolvedLlmConfig } from './config.js';

/** The detailed LLM checks of `ktx doctor`: every setting as it will be used, with its source. */

export function cachingCheck(
  config: ResolvedLlmConfig,
  caching: CachePolicy,
  ignored: PromptCachingField[] = [],
): StatusCheck {
  if (ignored.length > 0) {
    const paths = ignored.map((field) => `llm.promptCaching.${field}`);
    const reason = backendDescriptor(config.backend)?.caching.reason;
    return {
      id: 'llm.caching',
      label: 'LLM caching',
      status: 'warn',
      message: `${config.backend} ignores ${paths.join(', ')}${reason ? `: ${reason}` : ''}.`,
      fix: `Remove ${ignored.length === 1 ? 'that setting' : 'those settings'} from ktx.yaml (\`ktx config unset ${paths[0]}\`${ignored.length > 1 ? ', …' : ''}), or use the anthropic, vertex or gateway backend when you need ${ignored.length === 1 ? 'it' : 'them'}.`,
      details: { backend: config.backend, ignored: paths, effective: { ...caching, warnings: undefined } },
    };
  }
  const breakpoints = caching.enabled
    ? `on · tools ${caching.tools}, system ${caching.system}, history ${caching.history}${caching.extendedTtlBeta ? ' (extended-TTL beta header sent)' : ''}`
    : 'off';
  return {
    id: 'llm.caching',
    label: 'LLM caching',
    status: caching.warnings.length > 0 ? 'warn' : 'ok',
    message:
      caching.warnings.length > 0
        ? caching.warnings.join(' ')
        : caching.tools === undefined && caching.enabled
          ? (caching.notes[0] ?? 'prompt caching on')
          : `prompt caching ${breakpoints}`,
    fix:
      caching.warnings.length > 0
        ? 'Edit llm.promptCaching in ktx.yaml so TTLs do not grow along tools → system → history (e.g. toolsTtl 1h, systemTtl 1h, historyTtl 5m).'
        : undefined,
    details: {
      backend: config.backend,
      effective: { ...caching, warnings: undefined },
      notes: caching.notes,
    },
  };
}

/**
 * What a local-agent backend enforces and what it cannot: shown by status and doctor. It is a
 * disclosure, not a failure (it does not make a project "partially ready").
 */
export function isolationCheck(backend: string, isolation: IsolationReport): StatusCheck {
  const limits = isolation.limits.length ? ` Limits: ${isolation.limits.join('; ')}.` : '';
  return {
    id: 'llm.isolation',
    label: 'LLM isolation',
    status: 'ok',
    message: `${backend}: ${isolation.enforced[0]}.${limits}${isolation.advice ? ` ${isolation.advice}.` : ''}`,
    details: { backend, enforced: isolation.enforced, limits: isolation.limits, advice: isolation.advice },
  };
}

/** Called once every role resolved (the LLM check fails first otherwise). */
export function detailChecks(config: ResolvedLlmConfig): StatusCheck[] {
  const checks: StatusCheck[] = [];
  const roles: Record<string, { model: string; from: string }> = {};
  for (const role of LLM_ROLES) roles[role] = { model: config.modelFor(role), from: config.modelPath(role) };
  checks.push({
    id: 'llm.models',
    label: 'LLM models',
    status: 'ok',
    message: LLM_ROLES.map(
      (role) =>
        `${role} ${roles[role]!.model}${roles[role]!.from === 'llm.models.default' && role !== 'default' ? ' (default)' : ''}`,
    ).join(' · '),
    details: { roles },
  });

  const provider = config.provider();
  let credentials = '';
  let endpoint = '';
  if (provider.kind === 'anthropic' || provider.kind === 'gateway') {
    credentials = `key from ${provider.apiKeySource}`;
    endpoint =
      provider.baseURL ??
      (provider.kind === 'anthropic' && process.env.ANTHROPIC_BASE_URL
        ? `${process.env.ANTHROPIC_BASE_URL} (ANTHROPIC_BASE_URL)`
        : 'provider default');
  } else if (config.backend === 'claude-code') {
    credentials =
      'the local Claude Code sign-in (run `claude` and /login); ANTHROPIC_* and cloud routing variables are not passed to it';
    endpoint = 'chosen by Claude Code';
  } else if (config.backend === 'codex') {
    credentials = 'the local Codex sign-in (`codex login`: ~/.codex/auth.json, or CODEX_API_KEY)';
    endpoint = 'chosen by Codex (its model provider)';
  } else if (provider.kind === 'vertex') {
    credentials =
      'Google application-default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the metadata server)';
    endpoint = provider.baseURL ?? `project ${provider.project}, region ${provider.location}`;
  }
  checks.push({
    id: 'llm.credentials',
    label: 'LLM access',
    status: 'ok',
    message: `${config.backend}: ${credentials}; endpoint ${endpoint}`,
    details: { backend: config.backend, credentials, endpoint },
  });

  const retry = config.retry;
  checks.push({
    id: 'llm.limits',
    label: 'LLM limits',
    status: 'ok',
    message: `up to ${retry.maxAttempts} attempts per request (backoff ${retry.baseDelayMs / 1000} s → ${retry.maxDelayMs / 1000} s, or the provider's retry-after), concurrency ${config.maxConcurrency}, request timeout ${config.requestTimeoutMs / 1000} s`,
    details: { retry, maxConcurrency: config.maxConcurrency, requestTimeoutMs: config.requestTimeoutMs },
  });

  const debug = process.env.KTX_LLM_DEBUG?.trim();
  checks.push({
    id: 'llm.debug',
    label: 'LLM debug',
    status: 'ok',
    message: debug
      ? `recording requests and responses to ${debug} (KTX_LLM_DEBUG; secrets redacted, prompts included)`
      : 'off (set KTX_LLM_DEBUG=<file.jsonl> to record every request and response)',
  });
  return checks;
}
