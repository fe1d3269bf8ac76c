/**
 * The environment of the Claude Code process: the parent's, minus every variable that would
 * send Claude Code somewhere other than the user's own Claude sign-in (an API key, a proxy or
 * gateway URL, a model override, or Bedrock / Vertex / Foundry routing). Without this a stray
 * ANTHROPIC_API_KEY in the shell would silently bill an API account instead of the subscription.
 */

const ROUTING_PREFIXES = ['ANTHROPIC_', 'AWS_', 'VERTEX_REGION_'];

const ROUTING_NAMES = new Set([
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'CLAUDE_CODE_SKIP_BEDROCK_AUTH',
  'CLAUDE_CODE_SKIP_VERTEX_AUTH',
  'CLAUDE_CODE_SKIP_FOUNDRY_AUTH',
  'CLAUDE_CODE_API_KEY_HELPER_TTL_MS',
  'CLOUD_ML_REGION',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_CLOUD_PROJECT',
  'GCLOUD_PROJECT',
  'GOOGLE_VERTEX_PROJECT',
  'GOOGLE_VERTEX_LOCATION',
]);

export function isRoutingVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return ROUTING_NAMES.has(upper) || ROUTING_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

export interface ClaudeCodeEnvOptions {
  /** Settings ktx passes to Claude Code for this call (retries, timeouts, caching). */
  settings: Record<string, string>;
  /** Test seam: added last (BackendOverrides.agentEnv); product configuration cannot set it. */
  injected?: Record<string, string>;
}

export function claudeCodeEnv(
  parent: NodeJS.ProcessEnv,
  options: ClaudeCodeEnvOptions,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || isRoutingVariable(name)) continue;
    env[name] = value;
  }
  return { ...env, ...options.settings, ...(options.injected ?? {}) };
}
