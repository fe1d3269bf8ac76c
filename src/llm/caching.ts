import type { LlmConfig } from '../project/config/schema.js';
import { backendDescriptor } from './catalog.js';
import type { ActiveBackend } from './config.js';

/**
 * Prompt-caching policy: which cache breakpoints a request carries and with which TTL.
 *
 * Anthropic caches a request prefix up to each `cache_control` breakpoint; the prefix order is
 * tools → system → messages. ktx puts one breakpoint at the end of each of the three (at most
 * 4 are allowed), so stable content is cached and only the varying tail is paid in full.
 * Two API rules shape the policy: a 1h TTL needs the extended-TTL beta header, and a breakpoint
 * with a longer TTL may not follow one with a shorter TTL.
 */

export type CacheTtl = '5m' | '1h';

export const EXTENDED_CACHE_TTL_BETA = 'extended-cache-ttl-2025-04-11';

export const CACHE_DEFAULTS = {
  enabled: true,
  systemTtl: '1h',
  toolsTtl: '1h',
  historyTtl: '5m',
  // 1h caching on Vertex depends on the region and model; 5m always works there.
  vertexFallbackTo5m: true,
} as const;

export interface CachePolicy {
  enabled: boolean;
  /** TTL per breakpoint; undefined = no breakpoint. */
  tools?: CacheTtl;
  system?: CacheTtl;
  history?: CacheTtl;
  /** Send the extended-TTL beta header (some breakpoint uses 1h). */
  extendedTtlBeta: boolean;
  /** Config that could not be honoured as written (status warns). */
  warnings: string[];
  /** Deliberate adjustments worth showing in `ktx doctor`. */
  notes: string[];
}

type RawCaching = LlmConfig['promptCaching'];

const rank = (ttl: CacheTtl) => (ttl === '1h' ? 1 : 0);

export function resolveCachePolicy(raw: RawCaching, backend: ActiveBackend): CachePolicy {
  const support = backendDescriptor(backend)?.caching;
  if (support && !support.honoured.includes('systemTtl')) {
    // The agent hosts place their own breakpoints; ktx can at most switch caching off.
    const enabled = support.honoured.includes('enabled') ? (raw?.enabled ?? true) : true;
    return {
      enabled,
      extendedTtlBeta: false,
      warnings: [],
      notes: [
        enabled
          ? `${backend} manages prompt caching itself: ${support.reason}`
          : 'prompt caching is off (llm.promptCaching.enabled: false): every call pays full input price',
      ],
    };
  }
  const settings = {
    ...CACHE_DEFAULTS,
    ...Object.fromEntries(Object.entries(raw ?? {}).filter(([, v]) => v !== undefined)),
  };
  const warnings: string[] = [];
  const notes: string[] = [];
  if (!settings.enabled) {
    notes.push('prompt caching is off (llm.promptCaching.enabled: false): every call pays full input price');
    return { enabled: false, extendedTtlBeta: false, warnings, notes };
  }
  let tools: CacheTtl = settings.toolsTtl;
  let system: CacheTtl = settings.systemTtl;
  let history: CacheTtl = settings.historyTtl;
  if (backend === 'vertex' && settings.vertexFallbackTo5m && [tools, system, history].includes('1h')) {
    notes.push('Vertex: 1h cache TTLs are sent as 5m (llm.promptCaching.vertexFallbackTo5m is on)');
    tools = system = history = '5m';
  }
  if (rank(system) > rank(tools)) {
    warnings.push(
      'llm.promptCaching.systemTtl 1h is sent as 5m: tool definitions (toolsTtl 5m) precede the system prompt, and a longer TTL may not follow a shorter one.',
    );
    system = '5m';
  }
  if (rank(history) > rank(system)) {
    warnings.push(
      `llm.promptCaching.historyTtl 1h is sent as 5m: the system prompt (systemTtl ${system}) precedes the conversation, and a longer TTL may not follow a shorter one.`,
    );
    history = '5m';
  }
  return {
    enabled: true,
    tools,
    system,
    history,
    extendedTtlBeta: [tools, system, history].includes('1h'),
    warnings,
    notes,
  };
}

/** Cache markers only mean something to models that speak the Anthropic Messages protocol. */
export function isAnthropicModel(modelId: string): boolean {
  return /^claude-|^anthropic\/|\/claude-|^claude/i.test(modelId);
}
