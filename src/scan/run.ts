import { requireConnection } from '../connectors/resolve.js';
import type { Connector } from '../connectors/types.js';
import { plural } from '../core/text.js';
import { commitIfOwned } from '../project/commit.js';
import type { Project } from '../project/project.js';
import { relationshipCounts } from './relationship-counts.js';
import { type ScanProgress, type ScanRun, type ScanWarning, scanWarehouse } from './scan.js';
import { type SnapshotWriteResult, writeSnapshot } from './snapshot-write.js';

/**
 * `ktx scan <connection>`: scan with the project's settings, write the snapshot under
 * `raw-sources/<connection>/`, and (unless the caller commits itself, as ingest does) commit it.
 */

export interface ScanCommandOptions {
  ignoreDeclaredConstraints?: boolean;
  progress?: ScanProgress;
  /** Commit the snapshot (default true; ingest commits once at the end instead). */
  commit?: boolean;
  warn?: (warning: ScanWarning) => void;
  /** For tests and library callers that already hold a connector. */
  connector?: Connector;
}

export interface ScanOutcome extends ScanRun {
  files: SnapshotWriteResult;
  commit: string | null;
}

export function summarizeScan(run: ScanRun): string {
  const counts = relationshipCounts(run.snapshot.keys.relationships);
  return `${plural(run.snapshot.tables.length, 'table')}, ${plural(counts.accepted, 'relationship')} (${counts.declared} declared, ${counts.inferred} inferred), ${counts.review} to review`;
}

export async function runScan(
  project: Project,
  connectionId: string,
  options: ScanCommandOptions = {},
): Promise<ScanOutcome> {
  const config = requireConnection(project.config.connections, connectionId);
  const scanConfig = project.config.scan;
  const connector =
    options.connector ??
    (await (await import('../connectors/registry.js')).openConnector(project, connectionId));
  let run: ScanRun;
  try {
    run = await scanWarehouse(connector, {
      connectionId,
      driver: config.driver,
      ignoreDeclaredConstraints:
        options.ignoreDeclaredConstraints ?? scanConfig.ignore_declared_constraints ?? false,
      sampleRows: scanConfig.sample_rows,
      topValues: scanConfig.top_values,
      maskPii: scanConfig.mask_pii,
      concurrency: scanConfig.concurrency,
      acceptThreshold: scanConfig.relationships?.accept_threshold,
      reviewThreshold: scanConfig.relationships?.review_threshold,
      includeTables: config.include_tables,
      excludeTables: config.exclude_tables,
      timeoutMs: config.query_timeout_ms,
      progress: options.progress,
    });
  } finally {
    if (!options.connector) await connector.close();
  }
  options.progress?.phase('Writing the snapshot');
  const files = writeSnapshot(project.dir, run.snapshot);
  for (const warning of run.warnings) options.warn?.(warning);
  let commit: string | null = null;
  if (options.commit !== false && files.written.length + files.removed.length > 0) {
    commit = commitIfOwned(
      project.dir,
      `scan(${connectionId}): ${summarizeScan(run)}`,
      [`raw-sources/${connectionId}`],
      { warn: (warning) => options.warn?.(warning) },
    );
  }
  return { ...run, files, commit };
}
