import type { Style } from '../core/terminal.js';
import { plural } from '../core/text.js';
import type { IngestResult } from './ingest.js';
import type { ScanOutcome } from './run.js';
import type { RelationshipResult } from './types.js';

/** Human output of `ktx scan` and `ktx ingest` (stdout; `--json` prints data instead). */

function relationshipLine(r: RelationshipResult): string {
  const from = `${r.from.table}.${r.from.columns.join('+')}`;
  const to = `${r.to.table}.${r.to.columns.join('+')}`;
  return `${from} → ${to}  (${r.cardinality}, ${r.confidence})`;
}

export function renderScan(outcome: ScanOutcome, style: Style, connection: string): string {
  const { snapshot, files, stats } = outcome;
  const pks = snapshot.keys.primaryKeys;
  const relationships = snapshot.keys.relationships;
  const accepted = relationships.filter((r) => r.status === 'accepted');
  const review = relationships.filter((r) => r.status === 'review');
  const declared = (items: Array<{ source: string }>) =>
    items.filter((item) => item.source === 'declared').length;
  const lines = [
    `${style.green('✓')} Scanned ${style.bold(connection)} (${snapshot.overview.dialect}): ${plural(snapshot.tables.length, 'table')} in ${(stats.durationMs / 1000).toFixed(1)}s, ${plural(stats.queries, 'query', 'queries')}`,
    `  primary keys   ${pks.length} of ${snapshot.tables.length} tables (${declared(pks)} declared, ${pks.length - declared(pks)} inferred)`,
    `  relationships  ${accepted.length} accepted (${declared(accepted)} declared, ${accepted.length - declared(accepted)} inferred), ${review.length} to review`,
    `  snapshot       raw-sources/${connection}/ (${plural(files.written.length, 'file')} written, ${files.unchanged} unchanged${files.removed.length ? `, ${files.removed.length} removed` : ''})`,
  ];
  if (snapshot.overview.ignoredDeclaredConstraints)
    lines.push(style.dim('  declared constraints were ignored (--ignore-declared-constraints)'));
  const inferred = accepted.filter((r) => r.source === 'inferred');
  if (inferred.length > 0) {
    lines.push('', 'Inferred relationships:');
    for (const r of inferred.slice(0, 30)) lines.push(`  ${relationshipLine(r)}`);
    if (inferred.length > 30)
      lines.push(
        style.dim(`  … ${inferred.length - 30} more in raw-sources/${connection}/relationships.json`),
      );
  }
  if (review.length > 0) {
    lines.push('', 'To review (not used in joins until confirmed):');
    for (const r of review.slice(0, 15)) lines.push(`  ${relationshipLine(r)}`);
    if (review.length > 15)
      lines.push(style.dim(`  … ${review.length - 15} more in raw-sources/${connection}/relationships.json`));
  }
  lines.push('', `Next: \`ktx ingest ${connection}\` builds the semantic layer from this scan.`);
  return lines.join('\n');
}

export function renderIngest(result: IngestResult, style: Style): string {
  const sl = result.semanticLayer;
  const lines = [
    `${style.green('✓')} Ingested ${style.bold(result.connection)}: ${plural(result.scan.tables, 'table')}, ${result.scan.relationships.accepted} relationships (${result.scan.relationships.inferred} inferred), ${result.scan.relationships.review} to review`,
    `  semantic-layer/${result.connection}/  ${sl.created.length} created, ${sl.updated.length} updated, ${sl.unchanged.length} unchanged, ${sl.removed.length} removed`,
  ];
  const described = result.descriptions;
  if (described.status === 'llm' && described.tables > 0) {
    const unchanged = described.fromCache + described.reused;
    lines.push(
      `  descriptions  ${described.described} tables described by ${described.model} (${plural(described.calls, 'call')})${unchanged ? `, ${unchanged} unchanged` : ''}${described.failed ? style.yellow(`, ${described.failed} failed`) : ''}`,
    );
  }
  for (const kept of sl.kept) lines.push(style.yellow(`  left alone: ${kept.file} (${kept.reason})`));
  for (const conflict of sl.conflicts.slice(0, 20))
    lines.push(style.dim(`  kept your edit: ${conflict.file} ${conflict.path}`));
  lines.push(result.commit ? `  committed ${result.commit.slice(0, 8)}` : '  nothing to commit');
  return lines.join('\n');
}
