import { KtxError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { didYouMean } from '../core/text.js';
import { expandPath, requireValue, resolveValue } from '../project/secrets.js';
import type { ConnectionConfig, MysqlConnectionConfig, PostgresConnectionConfig } from './config.js';

/**
 * ktx.yaml connection block → what a driver needs. Secrets are resolved here, through
 * project/secrets.ts, so every password, user and URL is registered for redaction before any
 * driver (or its error messages) sees it.
 */

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ROWS = 1000;
export const MAX_ROWS_LIMIT = 10_000;

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';

export interface ServerParams {
  host: string;
  port: number;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
  ssl: SslMode;
}

export interface ResolveContext {
  projectDir: string;
  connectionId: string;
  env?: NodeJS.ProcessEnv;
}

export function requireConnection(
  connections: Record<string, ConnectionConfig>,
  connectionId: string,
): ConnectionConfig {
  const config = connections[connectionId];
  if (config) return config;
  const ids = Object.keys(connections).sort();
  throw new KtxError(
    'connection_not_found',
    `Connection "${connectionId}" is not configured in ktx.yaml.${didYouMean(connectionId, ids)}`,
    {
      hint: ids.length
        ? `Configured connections: ${ids.join(', ')}. Add one with \`ktx connection add ${connectionId} --driver …\`.`
        : `No connections are configured yet. Add one with \`ktx connection add ${connectionId} --driver …\` (or try \`ktx demo\`).`,
      details: { connection: connectionId, configured: ids },
    },
  );
}

/** Absolute path of a sqlite/duckdb database file (relative paths are from the project). */
export function databaseFilePath(config: { path: string }, projectDir: string): string {
  return expandPath(config.path, projectDir);
}

function sslFrom(value: PostgresConnectionConfig['ssl'], url: URL | undefined): SslMode {
  if (value === true) return 'require';
  if (value === false) return 'disable';
  if (value) return value;
  const fromUrl =
    url?.searchParams.get('sslmode') ?? url?.searchParams.get('ssl-mode') ?? url?.searchParams.get('ssl');
  if (!fromUrl) return 'disable';
  const lower = fromUrl.toLowerCase();
  if (lower === 'true' || lower === 'required') return 'require';
  if (lower === 'verify-ca' || lower === 'verify_identity' || lower === 'verify-full') return 'verify-full';
  if (lower === 'require' || lower === 'prefer' || lower === 'disable') return lower;
  return lower === 'false' || lower === 'disabled' ? 'disable' : 'prefer';
}

/** Host/port/database/user/password for postgres and mysql blocks (explicit fields win over `url`). */
export function resolveServerParams(
  config: PostgresConnectionConfig | MysqlConnectionConfig,
  ctx: ResolveContext,
): ServerParams {
  const key = `connections.${ctx.connectionId}`;
  const options = (field: string) => ({
    projectDir: ctx.projectDir,
    configPath: `${key}.${field}`,
    env: ctx.env,
  });
  let url: URL | undefined;
  if (config.url) {
    const text = requireValue(config.url, options('url'));
    try {
      url = new URL(text);
    } catch {
      throw new KtxError('config_invalid_url', `${key}.url is not a valid URL.`, {
        hint: 'Use a URL such as postgres://user@host:5432/db (keep the password in an env: or file: reference).',
      });
    }
    // The URL may carry credentials: make sure they are masked wherever they show up.
    registerSecret(decodeURIComponent(url.password));
  }
  const defaultPort = config.driver === 'postgres' ? 5432 : 3306;
  const host =
    config.host ?? (url?.hostname ? decodeURIComponent(url.hostname).replace(/^\[|\]$/g, '') : undefined);
  if (!host) {
    throw new KtxError('config_missing_value', `${key} needs a host (or a url).`, {
      hint: `Set ${key}.host, or ${key}.url to an env:/file: reference holding the connection URL.`,
    });
  }
  const database =
    config.database ??
    (url && url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : undefined);
  // User names are identifiers, not credentials: they are not registered for redaction (a
  // user called `postgres` would otherwise mask the driver name in every message).
  const user = config.user
    ? resolveValue(config.user, { ...options('user'), secret: false }).value
    : url?.username
      ? decodeURIComponent(url.username)
      : undefined;
  const password = config.password
    ? requireValue(config.password, options('password'))
    : url?.password
      ? decodeURIComponent(url.password)
      : undefined;
  return {
    host,
    port: config.port ?? (url?.port ? Number(url.port) : defaultPort),
    database,
    user,
    password,
    ssl: sslFrom(config.ssl, url),
  };
}

/** `host:port/database`, for messages (never credentials). */
export function describeTarget(params: ServerParams): string {
  return `${params.host}:${params.port}${params.database ? `/${params.database}` : ''}`;
}
