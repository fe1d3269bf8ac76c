import { errorMessage, KtxError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { connectionTarget } from './describe.js';
import { openConnector, type ProjectLike } from './registry.js';
import { requireConnection } from './resolve.js';
import type { Connector } from './types.js';

/**
 * `ktx connection test` and `ktx status --probe`: open each connection, ask for the server
 * version, close. Runs in parallel, each time-boxed, and reports failures as data (category
 * code, message, fix) instead of throwing.
 */

export interface ConnectionTestReport {
  id: string;
  driver: string;
  target: string;
  ok: boolean;
  latencyMs?: number;
  serverVersion?: string;
  error?: { code: string; message: string; hint?: string };
}

export async function testConnection(
  project: ProjectLike,
  id: string,
  timeoutMs = 10_000,
): Promise<ConnectionTestReport> {
  const config = requireConnection(project.config.connections, id);
  const base = { id, driver: config.driver, target: connectionTarget(config) };
  let connector: Connector | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    connector = await openConnector(project, id, { connectTimeoutMs: timeoutMs });
    const opened = connector;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new KtxError(
              'connection_timeout',
              `Connection "${id}" (${config.driver}): no answer within ${timeoutMs} ms.`,
              {
                hint: `Check the network path to ${base.target}; the server may be down or firewalled.`,
              },
            ),
          ),
        timeoutMs,
      );
      timer.unref();
    });
    const result = await Promise.race([opened.test(), timeout]);
    return { ...base, ok: true, latencyMs: result.latencyMs, serverVersion: result.serverVersion };
  } catch (error) {
    const err = KtxError.is(error)
      ? {
          code: error.code,
          message: redact(error.message),
          ...(error.hint ? { hint: redact(error.hint) } : {}),
        }
      : { code: 'connection_failed', message: redact(errorMessage(error)) };
    return { ...base, ok: false, error: err };
  } finally {
    clearTimeout(timer);
    // A connection that never answered must not keep the process alive.
    if (connector)
      await Promise.race([
        connector.close().catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 1000).unref()),
      ]);
  }
}

export function testConnections(
  project: ProjectLike,
  ids: string[],
  timeoutMs = 10_000,
): Promise<ConnectionTestReport[]> {
  return Promise.all(ids.map((id) => testConnection(project, id, timeoutMs)));
}
