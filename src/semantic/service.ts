import type { Dialect } from '../connectors/types.js';
import { EXIT, KtxError } from '../core/errors.js';
import { nearest } from '../core/text.js';
import type { Project } from '../project/project.js';
import { loadModelCached } from './cache.js';
import { type CompiledQuery, type CompileOptions, compileQuery } from './compile.js';
import { dialectForDriver } from './dialects/index.js';
import { semanticConnectionIds } from './files.js';
import type { SemanticModel } from './model/types.js';
import type { SemanticQuery } from './query/types.js';

/**
 * What the CLI and the MCP server call: pick the connection, load its (cached) semantic layer,
 * compile queries. Library code: returns data, never prints.
 */

export interface SemanticConnection {
  projectDir: string;
  connectionId: string;
  dialect: Dialect;
  /** The driver from ktx.yaml; undefined when the folder exists but the connection is not configured. */
  driver?: string;
}

export function resolveSemanticConnection(project: Project, requested?: string): SemanticConnection {
  const configured = Object.keys(project.config.connections);
  const withLayer = semanticConnectionIds(project.dir);
  const known = [...new Set([...configured, ...withLayer])].sort();
  let connectionId = requested;
  if (connectionId === undefined) {
    const fallback = project.config.project.default_connection;
    if (known.length === 1) connectionId = known[0];
    else if (fallback && known.includes(fallback)) connectionId = fallback;
    else if (known.length === 0) {
      throw new KtxError('no_connection', 'This project has no connections and no semantic layer yet.', {
        hint: 'Add a connection to ktx.yaml, then build its semantic layer (`ktx ingest <connection>`).',
      });
    } else {
      throw new KtxError('usage', `Several connections exist (${known.join(', ')}); say which one.`, {
        hint: `Pass --connection-id ${known[0]} (or set project.default_connection in ktx.yaml).`,
        exitCode: EXIT.usage,
        details: { known },
      });
    }
  }
  if (!known.includes(connectionId!)) {
    const close = nearest(connectionId!, known, 3);
    throw new KtxError('connection_not_found', `No connection "${connectionId}" in this project.`, {
      hint: close.length
        ? `Did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
        : `Known: ${known.join(', ') || 'none'}.`,
      details: { known },
    });
  }
  const driver = project.config.connections[connectionId!]?.driver;
  return {
    projectDir: project.dir,
    connectionId: connectionId!,
    dialect: driver ? dialectForDriver(driver) : 'postgres',
    ...(driver ? { driver } : {}),
  };
}

export interface OpenedModel {
  model: SemanticModel;
  /** Files that failed schema validation (their sources are absent from the model). */
  brokenFiles: string[];
  cacheHit: boolean;
}

export function openSemanticModel(connection: SemanticConnection): Promise<OpenedModel> {
  return loadModelCached(connection.projectDir, connection.connectionId, connection.dialect);
}

export function requireSources(opened: OpenedModel, connection: SemanticConnection): void {
  if (opened.model.sources.size > 0) return;
  throw new KtxError('sl_no_sources', `Connection ${connection.connectionId} has no semantic sources yet.`, {
    hint: opened.brokenFiles.length
      ? `Its files failed to load: run \`ktx sl validate --connection-id ${connection.connectionId}\`.`
      : `Build them with \`ktx ingest ${connection.connectionId}\`, or write YAML files under semantic-layer/${connection.connectionId}/.`,
  });
}

export async function compileForConnection(
  connection: SemanticConnection,
  query: SemanticQuery,
  options: CompileOptions = {},
): Promise<CompiledQuery & { connectionId: string }> {
  const opened = await openSemanticModel(connection);
  requireSources(opened, connection);
  return { connectionId: connection.connectionId, ...compileQuery(opened.model, query, options) };
}
