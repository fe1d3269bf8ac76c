import { existsSync } from 'node:fs';
import { errorMessage, KtxError } from '../core/errors.js';
import { expandPath, resolveValue } from '../project/secrets.js';
import type { CheckProvider, StatusCheck } from '../status/types.js';
import type { ConnectionConfig } from './config.js';

/**
 * The `connections` readiness check. Without --probe it is static and instant: every secret
 * reference resolves and every database file exists. With --probe each connection is also
 * opened and asked for its version, in parallel, time-boxed.
 */

const PROBE_TIMEOUT_MS = 5000;

/** Problems that stop a connection from working, found without connecting. */
export function staticProblems(
  id: string,
  config: ConnectionConfig,
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const problems: string[] = [];
  if (config.driver === 'sqlite' || config.driver === 'duckdb') {
    const file = expandPath(config.path, projectDir);
    if (!existsSync(file)) problems.push(`${id}: database file ${config.path} does not exist`);
    return problems;
  }
  for (const field of ['url', 'user', 'password'] as const) {
    const raw = config[field];
    if (raw === undefined) continue;
    try {
      const resolved = resolveValue(raw, { projectDir, configPath: `connections.${id}.${field}`, env });
      if (resolved.value === undefined && resolved.source === 'env')
        problems.push(`${id}: ${field} comes from ${resolved.origin}, which is not set`);
      else if (resolved.value === undefined) problems.push(`${id}: ${field} is empty`);
    } catch (error) {
      problems.push(KtxError.is(error) ? error.message : `${id}: ${errorMessage(error)}`);
    }
  }
  return problems;
}

export const connectionChecks: CheckProvider = {
  order: 10,
  async run(ctx) {
    if (!ctx.loaded) {
      return [
        { id: 'connections', label: 'Connections', status: 'skip', message: 'skipped (ktx.yaml is invalid)' },
      ];
    }
    const connections = ctx.loaded.config.connections;
    const ids = Object.keys(connections).sort();
    if (ids.length === 0) {
      return [
        {
          id: 'connections',
          label: 'Connections',
          status: 'warn',
          message: 'none configured',
          fix: 'Add a warehouse: `ktx connection add <id> --driver postgres|mysql|sqlite|duckdb …` (or try `ktx demo`).',
        },
      ];
    }
    const problems = ids.flatMap((id) => staticProblems(id, connections[id]!, ctx.projectDir));
    const summary = ids.map((id) => `${id} (${connections[id]!.driver})`).join(', ');
    const details: Record<string, unknown> = {
      connections: ids.map((id) => ({ id, driver: connections[id]!.driver })),
    };
    if (problems.length > 0) {
      return [
        {
          id: 'connections',
          label: 'Connections',
          status: 'fail',
          message: problems.join('; '),
          fix: 'Fix the ktx.yaml connection blocks (or export the missing variables), then run `ktx connection test`.',
          details: { ...details, problems },
        },
      ];
    }
    if (!ctx.probe) {
      return [
        {
          id: 'connections',
          label: 'Connections',
          status: 'ok',
          message: `${summary} · run with --probe to connect`,
          details,
        },
      ];
    }
    const { testConnections } = await import('./test-connections.js');
    const results = await testConnections(
      { dir: ctx.projectDir, config: ctx.loaded.config },
      ids,
      PROBE_TIMEOUT_MS,
    );
    const failed = results.filter((result) => !result.ok);
    const check: StatusCheck = {
      id: 'connections',
      label: 'Connections',
      status: failed.length > 0 ? 'fail' : 'ok',
      message: results
        .map((r) =>
          r.ok ? `${r.id} ok (${r.serverVersion}, ${r.latencyMs} ms)` : `${r.id} failed: ${r.error!.message}`,
        )
        .join('; '),
      details: { ...details, probe: results },
    };
    if (failed[0]?.error)
      check.fix = failed[0].error.hint ?? `Run \`ktx connection test ${failed[0].id}\` for details.`;
    return [check];
  },
};
