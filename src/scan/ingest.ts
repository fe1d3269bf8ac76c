import { plural } from '../core/text.js';
import { commitIfOwned } from '../project/commit.js';
import type { Project } from '../project/project.js';
import {
  type DescriptionOptions,
  type DescriptionOutcome,
  descriptionWarnings,
  offReason,
  previousSchemaHashes,
  setUpDescriptions,
} from './ingest-descriptions.js';
import { relationshipCounts } from './relationship-counts.js';
import { runScan, type ScanCommandOptions, summarizeScan } from './run.js';
import { type BuildReport, buildSemanticLayer } from './semantic/build.js';

/**
 * `ktx ingest <connection>`: scan, build (merge) the semantic layer, and commit everything in
 * one commit whose message says what changed. When an LLM is configured, table and column
 * descriptions are added on the generated side of the three-way merge (./semantic/describe.ts),
 * so descriptions people wrote are never replaced; without one, ingest is deterministic.
 */

export interface IngestOptions
  extends Omit<ScanCommandOptions, 'commit'>,
    Omit<DescriptionOptions, 'progress' | 'warn'> {}

export interface IngestResult {
  connection: string;
  scan: {
    tables: number;
    primaryKeys: number;
    relationships: { accepted: number; review: number; declared: number; inferred: number };
    snapshotFilesWritten: number;
  };
  semanticLayer: Omit<BuildReport, 'touched' | 'connection'>;
  descriptions: DescriptionOutcome;
  commit: string | null;
}

function names(files: string[]): string {
  const shown = files.slice(0, 8).map((file) => file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''));
  return `${shown.join(', ')}${files.length > shown.length ? `, … (${files.length - shown.length} more)` : ''}`;
}

function descriptionLine(outcome: DescriptionOutcome): string | undefined {
  if (outcome.status !== 'llm' || outcome.tables === 0) return undefined;
  const parts = [`${plural(outcome.described, 'table')} described by ${outcome.model}`];
  if (outcome.fromCache + outcome.reused > 0) parts.push(`${outcome.fromCache + outcome.reused} unchanged`);
  if (outcome.failed > 0) parts.push(`${outcome.failed} failed (previous descriptions kept)`);
  return `Descriptions: ${parts.join(', ')}.`;
}

export function commitMessage(
  connection: string,
  scanSummary: string,
  report: BuildReport,
  descriptions?: DescriptionOutcome,
): string {
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
  const described = descriptions ? descriptionLine(descriptions) : undefined;
  if (described) lines.push(described);
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
  // Read before the scan overwrites it: tables whose schema did not change keep their descriptions.
  // Without an LLM this run nothing compares them, so the old snapshot is not read.
  const previousHashes = offReason(project, options)
    ? new Map<string, string>()
    : await previousSchemaHashes(project.dir, connectionId);
  const scan = await runScan(project, connectionId, { ...options, commit: false });
  const descriptions = await setUpDescriptions(project, previousHashes, options);
  let report: BuildReport;
  try {
    options.progress?.phase('Building the semantic layer');
    report = await buildSemanticLayer(project.dir, scan.snapshot, { enrich: descriptions.enrich });
  } finally {
    await descriptions.close();
  }
  const outcome = descriptions.outcome();
  for (const warning of descriptionWarnings(outcome)) options.warn?.(warning);
  const summary = summarizeScan(scan);
  const changed = scan.files.written.length + scan.files.removed.length + report.touched.length > 0;
  const commit =
    changed && project.config.ingest.commit !== false
      ? commitIfOwned(
          project.dir,
          commitMessage(connectionId, summary, report, outcome),
          [`raw-sources/${connectionId}`, `semantic-layer/${connectionId}`],
          { warn: (warning) => options.warn?.(warning) },
        )
      : null;
  const { touched: _touched, connection: _connection, ...semanticLayer } = report;
  return {
    connection: connectionId,
    scan: {
      tables: scan.snapshot.tables.length,
      primaryKeys: scan.snapshot.keys.primaryKeys.length,
      relationships: relationshipCounts(scan.snapshot.keys.relationships),
      snapshotFilesWritten: scan.files.written.length,
    },
    semanticLayer,
    descriptions: outcome,
    commit,
  };
}
