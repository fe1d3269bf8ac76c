import { existsSync } from 'node:fs';
import { z } from 'zod';
import { describeConnection } from '../../connectors/describe.js';
import { semanticLayerDir } from '../../project/layout.js';
import { snapshotPaths } from '../../scan/snapshot.js';
import { sourceFiles } from '../../semantic/files.js';
import { runStatus } from '../../status/run.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, READ_ONLY } from './common.js';

/** `status` and `connection_list`: where an agent starts. */

const statusOutput = z.object({
  projectDir: z.string(),
  verdict: z.enum(['ready', 'partial', 'blocked']),
  checks: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      status: z.enum(['ok', 'warn', 'fail', 'skip']),
      message: z.string(),
      fix: z.string().optional(),
    }),
  ),
  next: z.string().nullable(),
});

export function statusTool(services: ProjectServices) {
  return defineTool({
    name: 'status',
    description:
      'Call first. Says whether this ktx project is ready to answer data questions: configuration, warehouse connections, whether the semantic layer and wiki exist, LLM and agent setup. Each check has a stable id, a status (ok/warn/fail/skip) and a fix; `next` is the most useful next step. Read-only.',
    inputSchema: z.object({}),
    outputSchema: statusOutput,
    annotations: { title: 'Project readiness', ...READ_ONLY },
    async handler() {
      const report = await runStatus(services.projectDir);
      return answer({
        projectDir: report.projectDir,
        verdict: report.verdict,
        checks: report.checks.map(({ id, label, status, message, fix }) => ({
          id,
          label,
          status,
          message,
          ...(fix ? { fix } : {}),
        })),
        next: report.next,
      });
    },
  });
}

const connectionOutput = z.object({
  defaultConnection: z.string().nullable(),
  connections: z.array(
    z.object({
      id: z.string(),
      driver: z.string().nullable().describe('null when only a semantic layer exists (not in ktx.yaml)'),
      target: z.string().nullable().describe('database file or host/database, never credentials'),
      description: z.string().optional(),
      isDefault: z.boolean(),
      semanticSources: z.number().int().describe('YAML source files in semantic-layer/<id>/'),
      scanned: z.boolean().describe('a scan snapshot exists (entity_details, dictionary_search)'),
    }),
  ),
});

export function connectionListTool(services: ProjectServices) {
  return defineTool({
    name: 'connection_list',
    description:
      'Lists the warehouse connections of this project: id, driver, target (no credentials), whether each has a semantic layer and a scan. Pass an id as connection_id to the other tools when there is more than one.',
    inputSchema: z.object({}),
    outputSchema: connectionOutput,
    annotations: { title: 'Warehouse connections', ...READ_ONLY },
    async handler() {
      const project = await services.project();
      const defaultId = project.config.project.default_connection;
      const connections = (await services.knownConnections()).map((id) => {
        const config = project.config.connections[id];
        const described = config ? describeConnection(id, config, defaultId) : undefined;
        return {
          id,
          driver: described?.driver ?? null,
          target: described?.target ?? null,
          ...(described?.description ? { description: described.description } : {}),
          isDefault: id === defaultId,
          semanticSources: sourceFiles(semanticLayerDir(project.dir, id)).length,
          scanned: existsSync(snapshotPaths(project.dir, id).overview),
        };
      });
      return answer({ defaultConnection: defaultId ?? null, connections });
    },
  });
}
