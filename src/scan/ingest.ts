import { plural } from '../core/text.js';
import { commitIfOwned } from '../project/commit.js';
import type { Project } from '../project/project.js';
import { runScan, type ScanCommandOptions, summarizeScan } from './run.js';
import { type BuildReport, buildSemanticLayer, type SourceEnricher } from './semantic/build.js';

/**
 * `ktx ingest <connection>` without an LLM: scan, build (merge) the semantic layer, and commit
 * everything in one commit whose message says what changed.
 *
 * LLM hook: `enrich` receives the generated sources before they are merged and may return them
 * with descriptions filled in (the LLM feature plugs in here). Because enrichment happens on
 * the generated side of the three-way merge, descriptions people wrote are never replaced.
 */

export interface IngestOptions extends Omit<ScanCommandOptions, 'commit'> {
  enrich?: SourceEnricher;
}

export interface IngestResult {
  connection: string;
  scan: {
    tables: number;
    primaryKeys: number;
    relationships: { accepted: number; review: number; declared: number; inferred: number };
    snapshotFilesWritten: number;
  };
  semanticLayer: Omit<BuildReport, 'touched' | 'connection'>;
  commit: string | null;
}

function names(files: string[]): string {
  const shown = files.slice(0, 8).map((file) => file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''));
  return `${shown.join(', ')}${files.length > shown.length ? `, … (${files.length - shown.length} more)` : ''}`;
}

export function commitMessage(connection: string, scanSummary: string, report: BuildReport): string {
  const parts = [
    report.created.length > 0 ? `${report.created.length} created` : '',
    report.updated.length > 0 ? `${report.updated.length} updated` : '',
    report.removed.length > 0 ? `${report.removed.length} removed` : '',
  ].filter(Boolean);
  const lines = [
    `ingest(${connection}): ${parts.length > 0 ? `semantic sources ${parts.join(', ')}` : 'scan refreshed'}`,
    '',
  ];
  lines.push(`Scan: ${scanSummary}.`);
  if (report.created.length > 0) lines.push(`Created: ${names(report.created)}`);
  if (report.updated.length > 0) lines.push(`Updated: ${names(report.updated)}`);
  if (report.removed.length > 0) lines.push(`Removed (table gone): ${names(report.removed)}`);
  if (report.conflicts.length > 0) {
    lines.push(`Kept your edits over warehouse changes: ${plural(report.conflicts.length, 'field')}`);
  }
  for (const kept of report.kept) lines.push(`Left alone: ${kept.file} (${kept.reason})`);
  return lines.join('\n');
}

export async function runIngest(
  project: Project,
  connectionId: string,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const scan = await runScan(project, connectionId, { ...options, commit: false });
  options.progress?.phase('Building the semantic layer');
  const report = await buildSemanticLayer(project.dir, scan.snapshot, { enrich: options.enrich });
  const summary = summarizeScan(scan);
  const changed = scan.files.written.length + scan.files.removed.length + report.touched.length > 0;
  const commit = changed
    ? commitIfOwned(
        project.dir,
        commitMessage(connectionId, summary, report),
        [`raw-sources/${connectionId}`, `semantic-layer/${connectionId}`],
        { warn: (warning) => options.warn?.(warning) },
      )
    : null;
  const relationships = scan.snapshot.keys.relationships;
  const accepted = relationships.filter((r) => r.status === 'accepted');
  const { touched: _touched, connection: _connection, ...semanticLayer } = report;
  return {
    connection: connectionId,
    scan: {
      tables: scan.snapshot.tables.length,
      primaryKeys: scan.snapshot.keys.primaryKeys.length,
      relationships: {
        accepted: accepted.length,
        review: relationships.length - accepted.length,
        declared: accepted.filter((r) => r.source === 'declared').length,
        inferred: accepted.filter((r) => r.source === 'inferred').length,
      },
      snapshotFilesWritten: scan.files.written.length,
    },
    semanticLayer,
    commit,
  };
}
