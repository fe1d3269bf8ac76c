import { KtxError } from '../core/errors.js';
import type { OutStream } from '../core/terminal.js';
import type { LlmRuntime } from '../llm/runtime.js';
import type { Project } from '../project/project.js';
import type { ScanProgress, ScanWarning } from './scan.js';
import type { SourceEnricher } from './semantic/build.js';
import type { DescriptionReport } from './semantic/describe.js';
import type { TableKey } from './types.js';

/**
 * Whether `ktx ingest` asks the LLM for descriptions, and the pieces it needs to: the runtime
 * (from ktx.yaml, or one a library caller passes), the batch size and the schema hashes of the
 * previous scan. Without an LLM, or with `ingest.descriptions: off`, ingest stays fully
 * deterministic and no LLM code is loaded. An LLM that cannot start is a warning: the scan and
 * the semantic layer are still built and committed.
 */

export type DescriptionOutcome = ({ status: 'llm' } & DescriptionReport) | { status: 'off'; reason: string };

export interface DescriptionOptions {
  /** A runtime to use instead of ktx.yaml's (library callers, tests); null turns descriptions off. */
  runtime?: LlmRuntime | null;
  /** Where rate-limit waits are shown (the CLI passes stderr). */
  waitDisplay?: OutStream;
  progress?: ScanProgress;
  warn?: (warning: ScanWarning) => void;
  signal?: AbortSignal;
}

export interface DescriptionSetup {
  enrich: SourceEnricher;
  outcome(): DescriptionOutcome;
  close(): Promise<void>;
}

/** Schema hashes of the tables in the last snapshot, read before the scan replaces it. */
export async function previousSchemaHashes(
  projectDir: string,
  connectionId: string,
): Promise<Map<TableKey, string>> {
  const { readScanSnapshot } = await import('./snapshot.js');
  const { schemaHash } = await import('../llm/enrich/description-cache.js');
  const previous = readScanSnapshot(projectDir, connectionId);
  return new Map((previous?.tables ?? []).map((table) => [table.key, schemaHash(table)]));
}

/** Why no LLM is asked this run, or undefined when one should be. */
export function offReason(project: Project, options: DescriptionOptions): string | undefined {
  if (options.runtime === null) return 'descriptions were turned off for this run';
  if (project.config.ingest.descriptions === 'off') return 'ingest.descriptions is off in ktx.yaml';
  if (!options.runtime && project.config.llm.provider.backend === 'none') return 'no LLM is configured';
  return undefined;
}

async function openRuntime(project: Project, options: DescriptionOptions): Promise<LlmRuntime | string> {
  if (options.runtime) return options.runtime;
  try {
    const { createLlmRuntime } = await import('../llm/runtime.js');
    return await createLlmRuntime({
      projectDir: project.dir,
      llm: project.config.llm,
      waitDisplay: options.waitDisplay,
    });
  } catch (error) {
    if (!KtxError.is(error)) throw error;
    options.warn?.({
      code: 'descriptions_unavailable',
      message: `LLM descriptions skipped: ${error.message}`,
      fix: error.hint ?? 'Check the LLM with `ktx status --probe`.',
    });
    return `the LLM could not start (${error.code})`;
  }
}

export async function setUpDescriptions(
  project: Project,
  previousHashes: ReadonlyMap<TableKey, string>,
  options: DescriptionOptions,
): Promise<DescriptionSetup> {
  const { descriptionEnricher } = await import('./semantic/describe.js');
  const reason = offReason(project, options);
  const runtime = reason ? reason : await openRuntime(project, options);
  if (typeof runtime === 'string') {
    // No LLM this run: the previous generated descriptions are carried over, nothing is asked.
    const { enrich } = descriptionEnricher({ projectDir: project.dir });
    return { enrich, outcome: () => ({ status: 'off', reason: runtime }), close: async () => {} };
  }
  const { schemaHash } = await import('../llm/enrich/description-cache.js');
  let phase = false;
  const { enrich, report } = descriptionEnricher({
    runtime,
    projectDir: project.dir,
    previousHashes,
    hashOf: schemaHash,
    batchSize: project.config.ingest.batch_size,
    signal: options.signal,
    onProgress(done, total) {
      if (!phase) options.progress?.phase(`Describing tables with ${report.model}`);
      phase = true;
      options.progress?.update(done, total);
    },
  });
  const owned = options.runtime === undefined;
  return {
    enrich,
    outcome: () => ({ status: 'llm', ...report }),
    close: async () => {
      if (owned) await runtime.close();
    },
  };
}

/** One warning per failed batch: the ingest itself succeeds. */
export function descriptionWarnings(outcome: DescriptionOutcome): ScanWarning[] {
  if (outcome.status !== 'llm') return [];
  return outcome.failures.map((failure) => ({
    code: 'descriptions_failed',
    message: `LLM descriptions for ${failure.tables.join(', ')} were not written (${failure.code}: ${failure.message}); their previous descriptions were kept`,
    fix: failure.hint ?? 'Run `ktx ingest` again later: tables already described are not sent again.',
  }));
}
