/**
 * How ktx starts Codex for one call: an allow-listed environment (Codex needs its home, its
 * credentials, a PATH and proxy/TLS settings; nothing else of the parent's leaks in) and the
 * `--config` overrides that narrow what Codex can do. The public Codex surface cannot stop it
 * from reading the user's ~/.codex/config.toml; these overrides win over it where they apply.
 */

/** Codex reads the MCP bearer token from this variable; the token never appears in argv. */
export const MCP_TOKEN_ENV = 'KTX_RUN_MCP_TOKEN';

/** The name of ktx's run-scoped MCP server inside Codex (unlikely to clash with a user's). */
export const RUN_SERVER = 'ktx_run';

const ALLOWED_ENV = [
  'HOME',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  'CODEX_HOME',
  'CODEX_API_KEY',
  'OPENAI_API_KEY',
  'PATH',
  'Path',
  'SYSTEMROOT',
  'COMSPEC',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LC_ALL',
  'TZ',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'all_proxy',
  'no_proxy',
];

export function codexEnv(
  parent: NodeJS.ProcessEnv,
  run: Record<string, string>,
  injected?: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ALLOWED_ENV) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...run, ...(injected ?? {}) };
}

/** Codex tools that have nothing to do with ktx's work; switched off for every call. */
const FEATURES_OFF = [
  'shell_tool',
  'unified_exec',
  'shell_snapshot',
  'view_image',
  'image_generation',
  'goals',
  'apps',
  'plugins',
  'multi_agent',
  'hooks',
  'memories',
  'tool_suggest',
  'skill_search',
  'computer_use',
  'browser_use',
];

export type CodexConfig = { [key: string]: CodexConfigValue };
type CodexConfigValue = string | number | boolean | CodexConfigValue[] | CodexConfig;

export interface RunServer {
  url: string;
  tools: string[];
}

export function codexConfig(options: {
  instructionsFile?: string;
  server?: RunServer;
  injected?: Record<string, unknown>;
}): CodexConfig {
  const config: CodexConfig = {
    history: { persistence: 'none' },
    features: Object.fromEntries(FEATURES_OFF.map((name) => [name, false])),
    skills: { include_instructions: false },
    // Codex's own instructions about sandboxes, apps and the environment are not ktx's.
    include_permissions_instructions: false,
    include_apps_instructions: false,
    include_environment_context: false,
  };
  // ktx's system prompt replaces Codex's coding-agent instructions, as on the other backends.
  if (options.instructionsFile) config.model_instructions_file = options.instructionsFile;
  if (options.server) {
    config.mcp_servers = {
      [RUN_SERVER]: {
        url: options.server.url,
        bearer_token_env_var: MCP_TOKEN_ENV,
        enabled_tools: options.server.tools,
        default_tools_approval_mode: 'approve',
        required: true,
        startup_timeout_sec: 20,
        // ktx tools may run warehouse queries; the run's own signal bounds them.
        tool_timeout_sec: 600,
      },
    };
  }
  return merge(config, (options.injected ?? {}) as CodexConfig);
}

function merge(base: CodexConfig, extra: CodexConfig): CodexConfig {
  const out: CodexConfig = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    const bothObjects = [current, value].every(
      (item) => item && typeof item === 'object' && !Array.isArray(item),
    );
    out[key] = bothObjects ? merge(current as CodexConfig, value as CodexConfig) : value;
  }
  return out;
}

/**
 * Codex's structured output is OpenAI's strict JSON-schema mode, which rejects a schema with
 * optional properties or open objects. Such schemas are left to the prompt (the schema is in
 * the instructions) and the runtime's validation and repair.
 */
export function isStrictSchema(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' || node.properties) {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    if (node.additionalProperties !== false) return false;
    if (Object.keys(properties).some((key) => !required.has(key))) return false;
    if (!Object.values(properties).every(isStrictSchema)) return false;
  }
  if (node.items && !isStrictSchema(node.items)) return false;
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[key];
    if (Array.isArray(list) && !list.every(isStrictSchema)) return false;
  }
  return true;
}
