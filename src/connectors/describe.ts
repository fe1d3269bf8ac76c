import type { ConnectionConfig } from './config.js';

/** One-line, credential-free descriptions of configured connections (list, status, errors). */

export interface ConnectionSummary {
  id: string;
  driver: string;
  /** `path/to/file.db`, `host:port/database`, or where the URL comes from (`env:WH_URL`). */
  target: string;
  description?: string;
  isDefault: boolean;
}

export function connectionTarget(config: ConnectionConfig): string {
  if (config.driver === 'sqlite' || config.driver === 'duckdb') return config.path;
  if (config.host) {
    const port = config.port ? `:${config.port}` : '';
    return `${config.host}${port}${config.database ? `/${config.database}` : ''}`;
  }
  if (config.url?.startsWith('env:') || config.url?.startsWith('file:')) return `url from ${config.url}`;
  if (config.url) {
    try {
      const url = new URL(config.url);
      return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname.length > 1 ? url.pathname : ''}`;
    } catch {
      return 'url (invalid)';
    }
  }
  return '(no host)';
}

export function describeConnection(
  id: string,
  config: ConnectionConfig,
  defaultId?: string,
): ConnectionSummary {
  return {
    id,
    driver: config.driver,
    target: connectionTarget(config),
    ...(config.description ? { description: config.description } : {}),
    isDefault: id === defaultId,
  };
}

export function describeConnections(
  connections: Record<string, ConnectionConfig>,
  defaultId?: string,
): ConnectionSummary[] {
  return Object.keys(connections)
    .sort()
    .map((id) => describeConnection(id, connections[id]!, defaultId));
}
