import { pathToFileURL } from 'node:url';
import type { ConnectionConfig } from '../connectors/config.js';
import type { Connector } from '../connectors/types.js';
import { KtxError } from '../core/errors.js';
import { didYouMean } from '../core/text.js';
import type { Project } from '../project/project.js';

/**
 * The one place `ktx scan` / `ktx ingest` obtain a connector. Everything else in the scan
 * codes against the `Connector` interface only, so when the connector registry
 * (`src/connectors/registry.ts`, issue 3) merges, only the body of `openConnectorForScan`
 * changes to `return (await import('../connectors/registry.js')).openConnector(project, id)`.
 */

export function requireConnection(project: Project, id: string): ConnectionConfig {
  const connections = project.config.connections;
  const config = connections[id];
  if (config) return config;
  const ids = Object.keys(connections);
  if (ids.length === 0) {
    throw new KtxError('unknown_connection', `No connection "${id}": ktx.yaml has no connections yet.`, {
      hint: 'Add one under `connections:` in ktx.yaml (or run `ktx demo` for a ready-made project).',
    });
  }
  throw new KtxError('unknown_connection', `No connection "${id}" in ktx.yaml.${didYouMean(id, ids)}`, {
    hint: `Configured connections: ${ids.join(', ')}.`,
    details: { connections: ids },
  });
}

export async function openConnectorForScan(project: Project, id: string): Promise<Connector> {
  const config = requireConnection(project, id);
  // Test hook (only under the test runner): a module exporting `openConnector(project, id)`,
  // used by the CLI tests until the real drivers merge.
  const testModule = process.env.KTX_TEST === '1' ? process.env.KTX_TEST_CONNECTOR_MODULE : undefined;
  if (testModule) {
    const module = (await import(pathToFileURL(testModule).href)) as {
      openConnector(project: Project, id: string): Promise<Connector>;
    };
    return module.openConnector(project, id);
  }
  throw new KtxError(
    'connector_unavailable',
    `Cannot open connection "${id}": the ${config.driver} driver is not part of this build yet.`,
    {
      hint: 'The warehouse drivers ship with the connectors feature; update ktx to a build that includes them.',
    },
  );
}
